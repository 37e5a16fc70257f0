/**
 * Calls reported by a PBX (R16): one row per PBX call id, merged from its events in any order,
 * a timeline entry on every matched record, a lead for an unknown caller, a call-back for a
 * missed call, and the screen pop pushed to the agent on `ringing` (R17).
 */
import { formatPhone, normalizePhone } from '../../common/phone.js';
import { parseListQuery } from '../db/list-query.js';
import { createLead } from '../leads/service.js';
import { translator } from '../platform/i18n.js';
import { createTask } from '../tasks/service.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { insertActivity } from '../timeline/repository.js';
import { userNames } from '../timeline/repository.js';
import { applyEvent, initialState, needsCallback, statusOf, type CallState } from './call-state.js';
import * as repo from './repository.js';
import type { CallEventInput, CallEventResult, SettingsInput } from './schema.js';
import { deliverScreenPop, deliverCallUpdate } from './push.js';
import { sign, SIGNATURE_HEADER } from './signature.js';
import type { CallActivityLink, CallMatch } from './tables.js';

export const DEFAULT_SLA_MINUTES = 60;

export interface TelephonySettings {
  signingSecret: string | null;
  clickToCallUrl: string | null;
  callbackSlaMinutes: number;
  callbackUserId: string | null;
}

export async function getSettings(ctx: Ctx): Promise<TelephonySettings> {
  const row = await repo.findSettings(ctx);
  return {
    signingSecret: row?.signingSecret ?? null,
    clickToCallUrl: row?.clickToCallUrl ?? null,
    callbackSlaMinutes: row?.callbackSlaMinutes ?? DEFAULT_SLA_MINUTES,
    callbackUserId: row?.callbackUserId ?? null,
  };
}

export async function updateSettings(ctx: Ctx, input: SettingsInput): Promise<TelephonySettings> {
  return inTransaction(ctx, async (tx) => {
    if (input.callbackUserId && !(await repo.isActiveUser(tx, input.callbackUserId)))
      throw AppError.invalid('callbackUserId', 'field.invalid_user');
    await repo.saveSettings(tx, {
      ...(input.signingSecret !== undefined ? { signingSecret: input.signingSecret } : {}),
      ...(input.clickToCallUrl !== undefined ? { clickToCallUrl: input.clickToCallUrl } : {}),
      ...(input.callbackSlaMinutes !== undefined
        ? { callbackSlaMinutes: input.callbackSlaMinutes }
        : {}),
      ...(input.callbackUserId !== undefined ? { callbackUserId: input.callbackUserId } : {}),
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'telephony_settings',
      recordId: null,
      changes: Object.fromEntries(
        Object.entries(input).map(([k, v]) => [k, [null, k === 'signingSecret' ? '***' : v]]),
      ),
    });
    return getSettings(tx);
  });
}

export const listAgents = repo.listAgents;

/** Maps a user to an extension; admins set anyone's, everyone their own. */
export async function setAgentExtension(ctx: Ctx, userId: string, extension: string | null) {
  if (userId !== ctx.actor.userId && ctx.actor.role !== 'admin') throw new AppError('forbidden');
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.isActiveUser(tx, userId))) throw AppError.notFound();
    if (extension !== null) {
      const owner = await repo.extensionOwner(tx, extension);
      if (owner && owner !== userId)
        throw AppError.invalid('extension', 'telephony:errors.extension_taken');
    }
    const before = await repo.extensionOf(tx, userId);
    await repo.setExtension(tx, userId, extension);
    await recordAudit(tx, {
      action: 'update',
      object: 'users',
      recordId: userId,
      changes: { extension: [before, extension] },
    });
    const agent = (await repo.listAgents(tx)).find((a) => a.userId === userId);
    if (!agent) throw AppError.notFound();
    return agent;
  });
}

interface Party {
  /** E.164 when the number could be normalized, else the text as received. */
  number: string;
  normalized: { e164: string; national: string } | null;
}

function otherParty(ctx: Ctx, input: CallEventInput): Party {
  const raw = input.direction === 'inbound' ? input.from : input.to;
  const normalized = normalizePhone(raw.replace(/[/\\]/g, ' '), ctx.workspace.country);
  return { number: normalized?.e164 ?? raw, normalized };
}

/** The agent of an event: by extension, else by email. */
async function resolveAgent(
  ctx: Ctx,
  input: CallEventInput,
  warnings: string[],
): Promise<string | null> {
  if (input.extension) {
    const byExtension = await repo.extensionOwner(ctx, input.extension);
    if (byExtension) return byExtension;
    warnings.push('unknown_extension');
  }
  if (input.agentEmail) {
    const byEmail = await repo.activeUserByEmail(ctx, input.agentEmail);
    if (byEmail) return byEmail;
    warnings.push('unknown_agent_email');
  }
  return null;
}

function activityData(
  ctx: Ctx,
  call: { id: string; externalId: string; direction: string; customerNumber: string },
  state: CallState,
  agent: { id: string | null; name: string | null },
): Record<string, unknown> {
  return {
    callId: call.id,
    externalId: call.externalId,
    direction: call.direction,
    status: statusOf(state),
    number: call.customerNumber,
    numberFormatted: call.customerNumber.startsWith('+')
      ? formatPhone(call.customerNumber, ctx.workspace.country)
      : call.customerNumber,
    agentId: agent.id,
    agentName: agent.name,
    durationSec: state.durationSec,
    recordingUrl: state.recordingUrl,
    startedAt: state.startedAt.toISOString(),
  };
}

function stateOf(row: repo.CallRow): CallState {
  return {
    direction: row.direction as CallState['direction'],
    ringingAt: row.ringingAt,
    answeredAt: row.answeredAt,
    endedAt: row.endedAt,
    missedAt: row.missedAt,
    startedAt: row.startedAt,
    durationSec: row.durationSec,
    recordingUrl: row.recordingUrl,
    events: row.events,
  };
}

/** Creates a lead for an unknown caller; a workspace whose leads need more fields gets none. */
async function leadForUnknownCaller(
  ctx: Ctx,
  party: Party,
  ownerId: string | null,
  warnings: string[],
): Promise<string | null> {
  if (!party.normalized) return null;
  try {
    const lead = await createLead(ctx, {
      name: formatPhone(party.normalized.e164, ctx.workspace.country),
      phone: party.normalized.e164,
      source: 'call',
      ownerId,
    });
    return lead.id;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') {
      warnings.push('lead_not_created');
      return null;
    }
    throw error;
  }
}

/**
 * The follow-up no missed call goes without (R16): a "call back" task for the agent (else the
 * team's call-back owner), about the caller's record, due within the SLA. Null (with a warning)
 * when nobody can own it.
 */
async function callbackTask(
  ctx: Ctx,
  input: {
    ownerId: string | null;
    about: CallMatch | null;
    number: string;
    dueAt: Date;
    warnings: string[];
  },
): Promise<string | null> {
  if (!input.ownerId) {
    input.warnings.push('no_callback_owner');
    return null;
  }
  const t = translator(ctx.workspace.locale);
  const number = input.number.startsWith('+')
    ? formatPhone(input.number, ctx.workspace.country)
    : input.number;
  const [title] = input.about ? await repo.recordTitles(ctx, [input.about]) : [];
  try {
    const task = await createTask(ctx, {
      title: t('telephony:task.callBack', { name: title?.title ?? number }),
      description: t('telephony:task.missedFrom', { number }),
      type: 'call',
      priority: 'high',
      ownerId: input.ownerId,
      dueAt: input.dueAt.toISOString(),
      ...(input.about ? { relatedType: input.about.type, relatedId: input.about.id } : {}),
    });
    return task.id;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') {
      input.warnings.push('callback_task_not_created');
      return null;
    }
    throw error;
  }
}

/**
 * Folds one PBX event into its call. Idempotent by (callId, event): a repeated event changes
 * nothing and answers `duplicate: true`. The call row is locked while it changes, so two copies
 * of one event arriving together are merged, not doubled.
 */
export async function receiveEvent(ctx: Ctx, input: CallEventInput): Promise<CallEventResult> {
  const warnings: string[] = [];
  const at = new Date(input.at);
  const facts = {
    event: input.event,
    at,
    durationSec: input.durationSec,
    recordingUrl: input.recordingUrl,
  };
  const party = otherParty(ctx, input);
  if (!party.normalized) warnings.push('number_not_normalized');

  let pop: { agentId: string; call: repo.CallRow } | null = null;
  const result = await inTransaction(ctx, async (tx) => {
    const agentId = await resolveAgent(tx, input, warnings);
    const first = initialState(input.direction, facts);
    const { row, created } = await repo.lockOrCreateCall(tx, {
      id: newId(),
      externalId: input.callId,
      direction: input.direction,
      fromNumber: input.from,
      toNumber: input.to,
      customerNumber: party.number,
      extension: input.extension ?? null,
      agentId,
      status: statusOf(first),
      ringingAt: first.ringingAt,
      answeredAt: first.answeredAt,
      endedAt: first.endedAt,
      missedAt: first.missedAt,
      startedAt: first.startedAt,
      durationSec: first.durationSec,
      recordingUrl: first.recordingUrl,
      events: first.events,
    });
    const settings = await getSettings(tx);
    if (!created && row.events.includes(input.event)) {
      return {
        id: row.id,
        callId: row.externalId,
        status: row.status as CallEventResult['status'],
        duplicate: true,
        agentId: row.agentId,
        matches: row.matchCount,
        leadId: row.leadId,
        taskId: row.taskId,
        warnings,
      };
    }
    const state = created ? first : applyEvent(stateOf(row), facts);
    const callAgent = row.agentId ?? agentId;
    const extension = row.extension ?? input.extension ?? null;
    const agentName = callAgent
      ? ((await userNames(tx, [callAgent])).get(callAgent) ?? null)
      : null;

    let matches = row.matches;
    let matchCount = row.matchCount;
    let links: CallActivityLink[] = row.activities;
    let leadId = row.leadId;
    if (created) {
      const found = party.normalized
        ? await repo.recordsByPhone(tx, party.normalized, repo.MAX_MATCHES + 1)
        : [];
      matchCount = found.length;
      matches = found.slice(0, repo.MAX_MATCHES);
      if (matches.length === 0 && input.direction === 'inbound') {
        leadId = await leadForUnknownCaller(
          tx,
          party,
          callAgent ?? settings.callbackUserId ?? tx.actor.userId,
          warnings,
        );
        if (leadId) matches = [{ type: 'leads', id: leadId } satisfies CallMatch];
      }
      const data = activityData(
        tx,
        {
          id: row.id,
          externalId: row.externalId,
          direction: row.direction,
          customerNumber: party.number,
        },
        state,
        { id: callAgent, name: agentName },
      );
      links = [];
      for (const match of matches) {
        const activity = await insertActivity(tx, {
          id: newId(),
          recordType: match.type,
          recordId: match.id,
          kind: 'call',
          body: null,
          data,
          actorId: callAgent,
          occurredAt: state.startedAt,
        });
        links.push({ ...match, activityId: activity.id });
      }
    } else {
      await repo.updateCallActivities(
        tx,
        links.map((l) => l.activityId),
        activityData(tx, row, state, { id: callAgent, name: agentName }),
      );
    }

    const status = statusOf(state);
    let callbackDueAt = row.callbackDueAt;
    if (needsCallback(state) && !callbackDueAt) {
      callbackDueAt = new Date(
        (state.missedAt ?? state.endedAt ?? at).getTime() + settings.callbackSlaMinutes * 60_000,
      );
    }
    let taskId = row.taskId;
    if (needsCallback(state) && !taskId && callbackDueAt) {
      taskId = await callbackTask(tx, {
        ownerId: callAgent ?? settings.callbackUserId ?? tx.actor.userId,
        about: matches[0] ?? null,
        number: party.number,
        dueAt: callbackDueAt,
        warnings,
      });
    }
    const changes = {
      agentId: callAgent,
      extension,
      status,
      ringingAt: state.ringingAt,
      answeredAt: state.answeredAt,
      endedAt: state.endedAt,
      missedAt: state.missedAt,
      startedAt: state.startedAt,
      durationSec: state.durationSec,
      recordingUrl: state.recordingUrl,
      events: state.events,
      matches,
      matchCount,
      activities: links,
      leadId,
      callbackDueAt,
      taskId,
    } satisfies Partial<repo.CallInsert>;
    await repo.updateCall(tx, row.id, changes);
    const popTarget = callAgent ?? settings.callbackUserId;
    if (input.event === 'ringing' && status === 'ringing' && popTarget) {
      pop = { agentId: popTarget, call: { ...row, ...changes } };
    } else if (popTarget) {
      // Published in this transaction: the browser hears of the change once it is committed.
      await deliverCallUpdate(tx, popTarget, {
        id: row.id,
        status,
        taskId,
        callbackDueAt: callbackDueAt?.toISOString() ?? null,
        leadId,
      });
    }
    return {
      id: row.id,
      callId: row.externalId,
      status,
      duplicate: false,
      agentId: callAgent,
      matches: matchCount,
      leadId,
      taskId,
      warnings,
    };
  });
  // The pop is assembled and pushed after the call is committed, so the agent's browser can
  // open everything it links to.
  const delivery = pop as { agentId: string; call: repo.CallRow } | null;
  if (delivery) await deliverScreenPop(ctx, delivery.agentId, delivery.call);
  return result;
}

export async function getCall(ctx: Ctx, id: string): Promise<repo.CallRow> {
  const row = await repo.findCall(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function listCalls(ctx: Ctx, query: Record<string, unknown>) {
  const params = parseListQuery(
    query,
    repo.callListFields,
    { sort: '-startedAt' },
    ctx.actor.userId,
  );
  return repo.listCalls(ctx, params);
}

/** The note an agent writes during or after the call; shown on every matched timeline entry. */
export async function setCallNote(ctx: Ctx, id: string, note: string): Promise<repo.CallRow> {
  return inTransaction(ctx, async (tx) => {
    const row = await getCall(tx, id);
    const text = note.trim() || null;
    await repo.updateCall(tx, id, { note: text });
    const state = stateOf(row);
    const agentName = row.agentId
      ? ((await userNames(tx, [row.agentId])).get(row.agentId) ?? null)
      : null;
    await repo.updateCallActivities(
      tx,
      row.activities.map((l) => l.activityId),
      activityData(tx, row, state, { id: row.agentId, name: agentName }),
      text,
    );
    await recordAudit(tx, {
      action: 'update',
      object: 'calls',
      recordId: id,
      changes: { note: [row.note, text] },
    });
    return getCall(tx, id);
  });
}

export interface DialResult {
  mode: 'webhook' | 'tel';
  number: string;
  telUri: string;
  pbxStatus: number | null;
}

/**
 * Click-to-call. Without a PBX webhook the browser dials through `tel:` (a softphone or the
 * phone itself); with one, Odnos asks the PBX to ring the agent's extension and then the number,
 * signing the request like the PBX signs its events.
 */
export async function dial(ctx: Ctx, input: { number: string }): Promise<DialResult> {
  const normalized = normalizePhone(input.number.replace(/[/\\]/g, ' '), ctx.workspace.country);
  if (!normalized) throw AppError.invalid('number', 'field.invalid_phone');
  const telUri = `tel:${normalized.e164}`;
  const settings = await getSettings(ctx);
  if (!settings.clickToCallUrl)
    return { mode: 'tel', number: normalized.e164, telUri, pbxStatus: null };
  if (!ctx.actor.userId) throw new AppError('forbidden');
  const extension = await repo.extensionOf(ctx, ctx.actor.userId);
  if (!extension) throw AppError.invalid('extension', 'telephony:errors.no_extension');
  const [agent] = (await repo.listAgents(ctx)).filter((a) => a.userId === ctx.actor.userId);
  const body = JSON.stringify({
    action: 'dial',
    to: normalized.e164,
    extension,
    agentEmail: agent?.email ?? null,
    requestId: ctx.requestId,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.signingSecret) headers[SIGNATURE_HEADER] = sign(settings.signingSecret, body);
  let status: number;
  try {
    const response = await fetch(settings.clickToCallUrl, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(5000),
    });
    status = response.status;
  } catch {
    status = 0;
  }
  // The PBX refused or could not be reached: the agent can still dial through `tel:`.
  if (status === 0 || status >= 400)
    throw new AppError('bad_request', {}, [
      { path: 'clickToCallUrl', message: 'telephony:errors.pbx_failed', params: { status } },
    ]);
  return { mode: 'webhook', number: normalized.e164, telUri, pbxStatus: status };
}
