/** SQL of the telephony feature: calls, agents, settings, phone matching. */
import { and, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { buildListQuery, pageOf, type ListFields, type ListParams } from '../db/list-query.js';
import { activities, companies, contactPoints, contacts, leads, users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import { CALL_DIRECTIONS, CALL_STATUSES } from './schema.js';
import { calls, telephonyAgents, telephonySettings, type CallMatch } from './tables.js';

export type CallRow = typeof calls.$inferSelect;
export type CallInsert = Omit<typeof calls.$inferInsert, 'workspaceId'>;
export type SettingsRow = typeof telephonySettings.$inferSelect;

/** A caller matching more records than this gets a chooser, and timeline entries on these. */
export const MAX_MATCHES = 30;

const callScope = (ctx: Ctx) => eq(calls.workspaceId, ctx.workspace.id);

export async function findSettings(ctx: Ctx): Promise<SettingsRow | null> {
  const [row] = await ctx.db
    .select()
    .from(telephonySettings)
    .where(eq(telephonySettings.workspaceId, ctx.workspace.id));
  return row ?? null;
}

export async function saveSettings(
  ctx: Ctx,
  values: Partial<Omit<SettingsRow, 'workspaceId' | 'updatedAt'>>,
): Promise<void> {
  await ctx.db
    .insert(telephonySettings)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .onConflictDoUpdate({
      target: telephonySettings.workspaceId,
      set: { ...values, updatedAt: sql`now()` },
    });
}

export interface AgentRow {
  userId: string;
  name: string;
  email: string;
  active: boolean;
  extension: string | null;
}

export async function listAgents(ctx: Ctx): Promise<AgentRow[]> {
  return ctx.db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      extension: telephonyAgents.extension,
    })
    .from(users)
    .leftJoin(
      telephonyAgents,
      and(eq(telephonyAgents.workspaceId, users.workspaceId), eq(telephonyAgents.userId, users.id)),
    )
    .where(eq(users.workspaceId, ctx.workspace.id))
    .orderBy(users.name);
}

export async function extensionOwner(ctx: Ctx, extension: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ userId: telephonyAgents.userId })
    .from(telephonyAgents)
    .where(
      and(
        eq(telephonyAgents.workspaceId, ctx.workspace.id),
        eq(telephonyAgents.extension, extension),
      ),
    );
  return row?.userId ?? null;
}

export async function setExtension(ctx: Ctx, userId: string, extension: string | null) {
  if (extension === null) {
    await ctx.db
      .delete(telephonyAgents)
      .where(
        and(eq(telephonyAgents.workspaceId, ctx.workspace.id), eq(telephonyAgents.userId, userId)),
      );
    return;
  }
  await ctx.db
    .insert(telephonyAgents)
    .values({ workspaceId: ctx.workspace.id, userId, extension })
    .onConflictDoUpdate({
      target: [telephonyAgents.workspaceId, telephonyAgents.userId],
      set: { extension, updatedAt: sql`now()` },
    });
}

export async function extensionOf(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ extension: telephonyAgents.extension })
    .from(telephonyAgents)
    .where(
      and(eq(telephonyAgents.workspaceId, ctx.workspace.id), eq(telephonyAgents.userId, userId)),
    );
  return row?.extension ?? null;
}

export async function activeUserByEmail(ctx: Ctx, email: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, ctx.workspace.id),
        sql`lower(${users.email}) = lower(${email})`,
        eq(users.active, true),
      ),
    );
  return row?.id ?? null;
}

export async function isActiveUser(ctx: Ctx, id: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.id, id), eq(users.active, true)));
  return Boolean(row);
}

/**
 * The live records whose phone is this number: exact E.164 matches, or — when there are none —
 * matches on the national number (stored without a country code). At most `limit` rows.
 */
export async function recordsByPhone(
  ctx: Ctx,
  phone: { e164: string; national: string },
  limit: number,
): Promise<CallMatch[]> {
  const live = sql`(
      (${contactPoints.recordType} = 'contacts' and exists (select 1 from contacts r where r.workspace_id = ${contactPoints.workspaceId} and r.id = ${contactPoints.recordId} and r.deleted_at is null))
   or (${contactPoints.recordType} = 'companies' and exists (select 1 from companies r where r.workspace_id = ${contactPoints.workspaceId} and r.id = ${contactPoints.recordId} and r.deleted_at is null))
   or (${contactPoints.recordType} = 'leads' and exists (select 1 from leads r where r.workspace_id = ${contactPoints.workspaceId} and r.id = ${contactPoints.recordId} and r.deleted_at is null and r.status <> 'converted')))`;
  const select = () =>
    ctx.db
      .selectDistinct({
        type: contactPoints.recordType,
        id: contactPoints.recordId,
        rank: sql<number>`case ${contactPoints.recordType} when 'contacts' then 0 when 'companies' then 1 else 2 end`,
      })
      .from(contactPoints);
  const exact = await select()
    .where(
      and(
        eq(contactPoints.workspaceId, ctx.workspace.id),
        eq(contactPoints.kind, 'phone'),
        eq(contactPoints.value, phone.e164),
        live,
      ),
    )
    .orderBy(sql`3`, contactPoints.recordId)
    .limit(limit);
  if (exact.length > 0) return exact.map(({ type, id }) => ({ type, id }) as CallMatch);
  const national = await select()
    .where(
      and(
        eq(contactPoints.workspaceId, ctx.workspace.id),
        eq(contactPoints.national, phone.national),
        live,
      ),
    )
    .orderBy(sql`3`, contactPoints.recordId)
    .limit(limit);
  return national.map(({ type, id }) => ({ type, id }) as CallMatch);
}

export interface RecordTitle extends CallMatch {
  title: string;
  subtitle: string | null;
}

/** Display names of matched records, in the order given (invisible ones left out). */
export async function recordTitles(ctx: Ctx, refs: CallMatch[]): Promise<RecordTitle[]> {
  const ids = (type: CallMatch['type']) => refs.filter((r) => r.type === type).map((r) => r.id);
  const found = new Map<string, RecordTitle>();
  const contactIds = ids('contacts');
  if (contactIds.length) {
    const rows = await ctx.db
      .select({
        id: contacts.id,
        firstName: contacts.firstName,
        lastName: contacts.lastName,
        jobTitle: contacts.jobTitle,
        companyName: companies.name,
      })
      .from(contacts)
      .leftJoin(
        companies,
        and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId)),
      )
      .where(and(scopeTo(ctx, contacts), inArray(contacts.id, contactIds)));
    for (const r of rows) {
      found.set(r.id, {
        type: 'contacts',
        id: r.id,
        title: `${r.firstName} ${r.lastName}`.trim(),
        subtitle: [r.jobTitle, r.companyName].filter(Boolean).join(', ') || null,
      });
    }
  }
  const companyIds = ids('companies');
  if (companyIds.length) {
    const rows = await ctx.db
      .select({ id: companies.id, name: companies.name, industry: companies.industry })
      .from(companies)
      .where(and(scopeTo(ctx, companies), inArray(companies.id, companyIds)));
    for (const r of rows)
      found.set(r.id, { type: 'companies', id: r.id, title: r.name, subtitle: r.industry });
  }
  const leadIds = ids('leads');
  if (leadIds.length) {
    const rows = await ctx.db
      .select({
        id: leads.id,
        name: leads.name,
        companyName: leads.companyName,
        phone: leads.phone,
      })
      .from(leads)
      .where(and(scopeTo(ctx, leads), inArray(leads.id, leadIds)));
    for (const r of rows)
      found.set(r.id, {
        type: 'leads',
        id: r.id,
        title: r.name || r.phone || '',
        subtitle: r.companyName,
      });
  }
  return refs.flatMap((r) => {
    const t = found.get(r.id);
    return t ? [t] : [];
  });
}

/** Creates the call row unless the PBX's call id is known; returns the row, locked. */
export async function lockOrCreateCall(
  ctx: Ctx,
  values: CallInsert,
): Promise<{ row: CallRow; created: boolean }> {
  const inserted = await ctx.db
    .insert(calls)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { row: inserted[0], created: true };
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(callScope(ctx), eq(calls.externalId, values.externalId)))
    .for('update');
  if (!row) throw new Error('call vanished');
  return { row, created: false };
}

export async function updateCall(ctx: Ctx, id: string, values: Partial<CallInsert>) {
  await ctx.db
    .update(calls)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(callScope(ctx), eq(calls.id, id)));
}

export async function findCall(ctx: Ctx, id: string): Promise<CallRow | null> {
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(callScope(ctx), eq(calls.id, id), isNull(calls.deletedAt)));
  return row ?? null;
}

/** The newest live call for a number (the screen pop shows its state). */
export async function latestCallFor(ctx: Ctx, number: string): Promise<CallRow | null> {
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(callScope(ctx), eq(calls.customerNumber, number), isNull(calls.deletedAt)))
    .orderBy(sql`${calls.startedAt} desc`)
    .limit(1);
  return row ?? null;
}

export const callListFields: ListFields = {
  startedAt: { expr: calls.startedAt, kind: 'timestamp', sortable: true },
  status: { expr: calls.status, kind: 'enum', values: CALL_STATUSES, sortable: true },
  direction: { expr: calls.direction, kind: 'enum', values: CALL_DIRECTIONS, sortable: true },
  agentId: { expr: calls.agentId, kind: 'uuid', nullable: true },
  number: { expr: calls.customerNumber, kind: 'text' },
  extension: { expr: calls.extension, kind: 'text', nullable: true },
  durationSec: { expr: calls.durationSec, kind: 'number', sortable: true, nullable: true },
  leadId: { expr: calls.leadId, kind: 'uuid', nullable: true },
  callbackDueAt: {
    expr: calls.callbackDueAt,
    kind: 'timestamp',
    sortable: true,
    nullable: true,
  },
};

export async function listCalls(ctx: Ctx, params: ListParams) {
  const q = buildListQuery(params, callListFields, calls);
  const rows = await ctx.db
    .select({ ...getTableColumns(calls), sortValue: q.sortValue })
    .from(calls)
    .where(and(callScope(ctx), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

/** Rewrites the data (and body) of the call's timeline entries as the call progresses. */
export async function updateCallActivities(
  ctx: Ctx,
  ids: string[],
  data: Record<string, unknown>,
  body?: string | null,
): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .update(activities)
    .set({ data, ...(body !== undefined ? { body } : {}), updatedAt: sql`now()` })
    .where(and(eq(activities.workspaceId, ctx.workspace.id), inArray(activities.id, ids)));
}
