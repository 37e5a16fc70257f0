/**
 * Real-time push to browsers. `publish(ctx, target, event)` writes the event to `server_events`
 * and calls `pg_notify` in the caller's transaction, so it leaves only when that transaction
 * commits (NOTIFY is transactional) and reaches every server process on the same PostgreSQL
 * (each process LISTENs on one channel; on PGlite the database is in-process). Each process
 * fans the event out to its own open SSE streams (`routes.ts`). The table keeps a day of events
 * so a browser that reconnects with `Last-Event-ID` receives what it missed.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';

export const EVENTS_CHANNEL = 'odnos_events';
/** NOTIFY payloads must stay below 8000 bytes; larger events are read back from the table. */
const MAX_NOTIFY_BYTES = 7000;
const RETENTION = '1 day';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who receives an event: some users of the caller's workspace, or everyone in it. */
export type EventAudience = { userIds: readonly string[] } | { workspace: true };

export interface ServerEvent<T = unknown> {
  /** Dotted name, by feature: `notification.created`, `deal.moved`, `call.ringing`, … */
  type: string;
  data?: T;
}

/** An event as delivered to streams (and sent to the browser as `id:`/`event:`/`data:`). */
export interface DeliveredEvent {
  id: number;
  workspaceId: string;
  userIds: string[] | null;
  type: string;
  data: unknown;
}

/**
 * Publishes an event to users of `ctx.workspace`. Call it inside the transaction that makes the
 * change: nothing is delivered if it rolls back, and delivery happens right after the commit.
 * Outside a transaction it is delivered at once.
 */
export async function publish(
  ctx: Ctx,
  audience: EventAudience,
  event: ServerEvent,
): Promise<void> {
  let userIds: string[] | null = null;
  if ('userIds' in audience) {
    userIds = [...new Set(audience.userIds)].filter((id) => UUID.test(id));
    if (userIds.length === 0) return;
  }
  const data = JSON.stringify(event.data ?? null);
  const [row] = await queryRows<{ id: number | string }>(
    ctx.db,
    sql`INSERT INTO server_events (workspace_id, user_ids, type, data)
        VALUES (${ctx.workspace.id}, ${userIds ? `{${userIds.join(',')}}` : null}::uuid[],
                ${event.type}, ${data}::jsonb)
        RETURNING id`,
  );
  if (!row) throw new Error('server event was not stored');
  const id = Number(row.id);
  let payload = JSON.stringify({
    id,
    w: ctx.workspace.id,
    u: userIds,
    t: event.type,
    d: event.data ?? null,
  });
  if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) payload = JSON.stringify({ id, ref: true });
  await ctx.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}

/** A listener for delivered events: one per open SSE stream. */
export interface Subscriber {
  workspaceId: string;
  userId: string;
  deliver(event: DeliveredEvent): void;
}

interface EventRow {
  id: number | string;
  workspace_id: string;
  user_ids: string[] | string | null;
  type: string;
  data: unknown;
}

function parseUuidArray(value: string[] | string | null): string[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value;
  // Some drivers return the array literal `{a,b}` for uuid[].
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

function fromRow(row: EventRow): DeliveredEvent {
  return {
    id: Number(row.id),
    workspaceId: row.workspace_id,
    userIds: parseUuidArray(row.user_ids),
    type: row.type,
    data: row.data,
  };
}

export function isFor(event: DeliveredEvent, subscriber: Subscriber): boolean {
  return (
    event.workspaceId === subscriber.workspaceId &&
    (event.userIds === null || event.userIds.includes(subscriber.userId))
  );
}

/** The per-process fan-out: one LISTEN, many subscribers. */
export class EventHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private unlisten: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly database: Database) {}

  /** Starts listening (idempotent). */
  async start(): Promise<void> {
    this.starting ??= (async () => {
      this.unlisten = await this.database.listen(EVENTS_CHANNEL, (payload) => {
        void this.onNotify(payload);
      });
      this.pruneTimer = setInterval(() => void this.prune(), 60 * 60 * 1000);
      this.pruneTimer.unref();
    })();
    await this.starting;
  }

  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    this.starting = null;
    this.subscribers.clear();
    if (unlisten) await unlisten().catch(() => undefined);
  }

  subscribe(subscriber: Subscriber): () => void {
    let set = this.subscribers.get(subscriber.workspaceId);
    if (!set) {
      set = new Set();
      this.subscribers.set(subscriber.workspaceId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(subscriber.workspaceId);
    };
  }

  /** How many streams this process holds (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Events after `afterId` that `subscriber` should see (catch-up after a reconnect). */
  async missed(subscriber: Subscriber, afterId: number, limit = 500): Promise<DeliveredEvent[]> {
    const rows = await queryRows<EventRow>(
      this.database.db,
      sql`SELECT id, workspace_id, user_ids, type, data FROM server_events
          WHERE workspace_id = ${subscriber.workspaceId} AND id > ${afterId}
            AND (user_ids IS NULL OR ${subscriber.userId}::uuid = ANY (user_ids))
            AND created_at > now() - ${RETENTION}::interval
          ORDER BY id LIMIT ${limit}`,
    );
    return rows.map(fromRow);
  }

  private async onNotify(payload: string): Promise<void> {
    let event: DeliveredEvent;
    try {
      const parsed = JSON.parse(payload) as {
        id: number;
        ref?: boolean;
        w?: string;
        u?: string[] | null;
        t?: string;
        d?: unknown;
      };
      if (parsed.ref) {
        const rows = await queryRows<EventRow>(
          this.database.db,
          sql`SELECT id, workspace_id, user_ids, type, data FROM server_events WHERE id = ${parsed.id}`,
        );
        if (!rows[0]) return;
        event = fromRow(rows[0]);
      } else {
        event = {
          id: parsed.id,
          workspaceId: parsed.w ?? '',
          userIds: parsed.u ?? null,
          type: parsed.t ?? 'message',
          data: parsed.d ?? null,
        };
      }
    } catch {
      return;
    }
    for (const subscriber of this.subscribers.get(event.workspaceId) ?? []) {
      if (isFor(event, subscriber)) subscriber.deliver(event);
    }
  }

  private async prune(): Promise<void> {
    await this.database.db
      .execute(sql`DELETE FROM server_events WHERE created_at < now() - ${RETENTION}::interval`)
      .catch(() => undefined);
  }
}

const hubs = new WeakMap<Database, EventHub>();

/** The hub of this process for `database` (started on first use). */
export async function eventHub(database: Database): Promise<EventHub> {
  let hub = hubs.get(database);
  if (!hub) {
    hub = new EventHub(database);
    hubs.set(database, hub);
  }
  await hub.start();
  return hub;
}

export async function stopEventHub(database: Database): Promise<void> {
  const hub = hubs.get(database);
  hubs.delete(database);
  await hub?.stop();
}
