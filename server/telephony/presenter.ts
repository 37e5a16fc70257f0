import { formatPhone } from '../../common/phone.js';
import type { Ctx } from '../platform/context.js';
import { userNames } from '../timeline/repository.js';
import type { CallRow, RecordTitle } from './repository.js';
import { recordTitles } from './repository.js';
import type { CallDirection, CallOut, CallStatus } from './schema.js';

export interface CallLookups {
  agents: Map<string, string>;
  titles: Map<string, RecordTitle>;
}

/** Agent names and record titles for a set of calls, in two queries. */
export async function callLookups(ctx: Ctx, rows: CallRow[]): Promise<CallLookups> {
  const agentIds = [...new Set(rows.map((r) => r.agentId).filter((id) => id !== null))];
  const refs = rows.flatMap((r) => r.matches);
  const [agents, titles] = await Promise.all([
    userNames(ctx, agentIds),
    recordTitles(ctx, [...new Map(refs.map((r) => [r.id, r])).values()]),
  ]);
  return { agents, titles: new Map(titles.map((t) => [t.id, t])) };
}

export function presentCall(ctx: Ctx, row: CallRow, lookups: CallLookups): CallOut {
  return {
    id: row.id,
    callId: row.externalId,
    direction: row.direction as CallDirection,
    status: row.status as CallStatus,
    from: row.fromNumber,
    to: row.toNumber,
    number: row.customerNumber,
    numberFormatted: row.customerNumber.startsWith('+')
      ? formatPhone(row.customerNumber, ctx.workspace.country)
      : row.customerNumber,
    extension: row.extension,
    agent: row.agentId ? { id: row.agentId, name: lookups.agents.get(row.agentId) ?? '' } : null,
    startedAt: row.startedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSec: row.durationSec,
    recordingUrl: row.recordingUrl,
    matches: row.matches.flatMap((m) => {
      const t = lookups.titles.get(m.id);
      return t ? [{ type: t.type, id: t.id, title: t.title }] : [];
    }),
    matchCount: row.matchCount,
    leadId: row.leadId,
    taskId: row.taskId,
    callbackDueAt: row.callbackDueAt?.toISOString() ?? null,
    note: row.note,
  };
}
