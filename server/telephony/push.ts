/**
 * Pushes call events to the agent's open browsers over server/events: `call.ringing` carries the
 * whole screen pop (so the panel renders without another request), `call.updated` the new state.
 */
import { publish } from '../events/bus.js';
import { withAccess } from '../access/service.js';
import type { Ctx } from '../platform/context.js';
import type { CallRow } from './repository.js';
import { screenPop } from './screen-pop.js';
import type { CallStatus, ScreenPop } from './schema.js';

export interface CallRinging {
  pop: ScreenPop;
  /** Server time the event was sent (ms since epoch), for the delivery-latency benchmark. */
  sentAt: number;
}

export interface CallUpdated {
  /** The call in Odnos. */
  id: string;
  status: CallStatus;
  /** The call-back task made for a missed call. */
  taskId: string | null;
  callbackDueAt: string | null;
  leadId: string | null;
  sentAt: number;
}

/**
 * The card is assembled as the agent (their role, teams and shares), not as the PBX's API key:
 * a record the agent may not see stays out of their pop.
 */
export async function deliverScreenPop(ctx: Ctx, agentId: string, call: CallRow): Promise<void> {
  const asAgent = await withAccess({
    ...ctx,
    actor: { type: 'user', userId: agentId, role: 'member' },
    access: undefined,
  });
  const pop = await screenPop(asAgent, { callRow: call });
  await publish(
    ctx,
    { userIds: [agentId] },
    { type: 'call.ringing', data: { pop, sentAt: Date.now() } satisfies CallRinging },
  );
}

export async function deliverCallUpdate(
  ctx: Ctx,
  agentId: string,
  update: Omit<CallUpdated, 'sentAt'>,
): Promise<void> {
  await publish(
    ctx,
    { userIds: [agentId] },
    { type: 'call.updated', data: { ...update, sentAt: Date.now() } satisfies CallUpdated },
  );
}
