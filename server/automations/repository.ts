/** SQL of the automation feature: rules, runs, webhook deliveries and the scheduler's scans. */
import { and, desc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/connection.js';
import { users, workspaces } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import type { ActionResult, RunStatus, TriggerKind } from './schema.js';
import { automationDeliveries, automationRules, automationRuns } from './tables.js';

export type RuleRow = typeof automationRules.$inferSelect;
export type RuleInsert = Omit<typeof automationRules.$inferInsert, 'workspaceId'>;
export type RunRow = typeof automationRuns.$inferSelect;
export type DeliveryRow = typeof automationDeliveries.$inferSelect;

const ruleScope = (ctx: Ctx) =>
  and(eq(automationRules.workspaceId, ctx.workspace.id), isNull(automationRules.deletedAt));

export async function listRules(ctx: Ctx): Promise<RuleRow[]> {
  return ctx.db
    .select()
    .from(automationRules)
    .where(ruleScope(ctx))
    .orderBy(automationRules.name, automationRules.id);
}

export async function findRule(
  ctx: Ctx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<RuleRow | null> {
  const query = ctx.db
    .select()
    .from(automationRules)
    .where(and(ruleScope(ctx), eq(automationRules.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function insertRule(ctx: Ctx, values: RuleInsert): Promise<void> {
  await ctx.db.insert(automationRules).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function updateRule(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<RuleInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(automationRules)
    .set({ ...values, version: version + 1, updatedAt: new Date() })
    .where(and(ruleScope(ctx), eq(automationRules.id, id), eq(automationRules.version, version)))
    .returning({ id: automationRules.id });
  return rows.length > 0;
}

export async function saveRuleState(
  ctx: Ctx,
  id: string,
  state: Record<string, number>,
): Promise<void> {
  await ctx.db
    .update(automationRules)
    .set({ state })
    .where(and(eq(automationRules.workspaceId, ctx.workspace.id), eq(automationRules.id, id)));
}

const RECORD_KINDS = { created: ['record_created'], updated: ['record_updated', 'stage_changed'] };

/** The record hook's question, asked inside every audited change: is any rule listening? */
export async function hasRecordRules(
  ctx: Ctx,
  objects: readonly string[],
  change: 'created' | 'updated',
): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    ctx.db,
    sql`SELECT 1 AS one FROM automation_rules
        WHERE workspace_id = ${ctx.workspace.id} AND enabled AND deleted_at IS NULL
          AND trigger_object IN (${sql.join(
            objects.map((o) => sql`${o}`),
            sql`, `,
          )})
          AND trigger_kind IN (${sql.join(
            RECORD_KINDS[change].map((k) => sql`${k}`),
            sql`, `,
          )})
        LIMIT 1`,
  );
  return rows.length > 0;
}

export async function rulesForRecordEvent(
  ctx: Ctx,
  objects: readonly string[],
  change: 'created' | 'updated',
): Promise<RuleRow[]> {
  return ctx.db
    .select()
    .from(automationRules)
    .where(
      and(
        ruleScope(ctx),
        eq(automationRules.enabled, true),
        inArray(automationRules.triggerObject, [...objects]),
        inArray(automationRules.triggerKind, RECORD_KINDS[change]),
      ),
    )
    .orderBy(automationRules.createdAt, automationRules.id);
}

/** Inserts the run unless this rule already ran for this event; null when it did. */
export async function startRun(
  ctx: Ctx,
  values: {
    id: string;
    ruleId: string;
    eventKey: string;
    triggerKind: TriggerKind;
    recordObject: string | null;
    recordId: string | null;
    status: RunStatus;
    test: boolean;
    depth: number;
    error?: string | null;
  },
): Promise<string | null> {
  const rows = await ctx.db
    .insert(automationRuns)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .onConflictDoNothing()
    .returning({ id: automationRuns.id });
  return rows[0]?.id ?? null;
}

export async function finishRun(
  ctx: Ctx,
  id: string,
  values: { status: RunStatus; error: string | null; actions: ActionResult[] },
): Promise<void> {
  await ctx.db
    .update(automationRuns)
    .set({ ...values, finishedAt: new Date() })
    .where(and(eq(automationRuns.workspaceId, ctx.workspace.id), eq(automationRuns.id, id)));
}

export type RunWithRule = RunRow & { ruleName: string };

export async function listRuns(
  ctx: Ctx,
  filter: {
    ruleId?: string | undefined;
    status?: RunStatus | undefined;
    recordId?: string | undefined;
    before?: { startedAt: Date; id: string } | undefined;
    limit: number;
  },
): Promise<RunWithRule[]> {
  const conditions: (SQL | undefined)[] = [eq(automationRuns.workspaceId, ctx.workspace.id)];
  if (filter.ruleId) conditions.push(eq(automationRuns.ruleId, filter.ruleId));
  if (filter.status) conditions.push(eq(automationRuns.status, filter.status));
  if (filter.recordId) conditions.push(eq(automationRuns.recordId, filter.recordId));
  if (filter.before)
    conditions.push(
      or(
        lt(automationRuns.startedAt, filter.before.startedAt),
        and(
          eq(automationRuns.startedAt, filter.before.startedAt),
          lt(automationRuns.id, filter.before.id),
        ),
      ),
    );
  const rows = await ctx.db
    .select({ run: automationRuns, ruleName: automationRules.name })
    .from(automationRuns)
    .innerJoin(
      automationRules,
      and(
        eq(automationRules.workspaceId, automationRuns.workspaceId),
        eq(automationRules.id, automationRuns.ruleId),
      ),
    )
    .where(and(...conditions))
    .orderBy(desc(automationRuns.startedAt), desc(automationRuns.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r.run, ruleName: r.ruleName }));
}

export async function findRun(ctx: Ctx, id: string): Promise<RunWithRule | null> {
  const rows = await ctx.db
    .select({ run: automationRuns, ruleName: automationRules.name })
    .from(automationRuns)
    .innerJoin(
      automationRules,
      and(
        eq(automationRules.workspaceId, automationRuns.workspaceId),
        eq(automationRules.id, automationRuns.ruleId),
      ),
    )
    .where(and(eq(automationRuns.workspaceId, ctx.workspace.id), eq(automationRuns.id, id)));
  const row = rows[0];
  return row ? { ...row.run, ruleName: row.ruleName } : null;
}

/** The latest run of each rule, for the rules list. */
export async function lastRuns(
  ctx: Ctx,
): Promise<Map<string, { status: RunStatus; startedAt: Date }>> {
  const rows = await queryRows<{ rule_id: string; status: RunStatus; started_at: Date | string }>(
    ctx.db,
    sql`SELECT DISTINCT ON (rule_id) rule_id, status, started_at FROM automation_runs
        WHERE workspace_id = ${ctx.workspace.id}
        ORDER BY rule_id, started_at DESC, id DESC`,
  );
  return new Map(
    rows.map((r) => [r.rule_id, { status: r.status, startedAt: new Date(r.started_at) }]),
  );
}

// ---- webhook deliveries -------------------------------------------------------------------

export async function insertDelivery(
  ctx: Ctx,
  values: Omit<typeof automationDeliveries.$inferInsert, 'workspaceId'>,
): Promise<void> {
  await ctx.db.insert(automationDeliveries).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function findDelivery(
  ctx: Ctx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<DeliveryRow | null> {
  const query = ctx.db
    .select()
    .from(automationDeliveries)
    .where(
      and(eq(automationDeliveries.workspaceId, ctx.workspace.id), eq(automationDeliveries.id, id)),
    );
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateDelivery(
  ctx: Ctx,
  id: string,
  values: Partial<Omit<DeliveryRow, 'workspaceId' | 'id'>>,
): Promise<void> {
  await ctx.db
    .update(automationDeliveries)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(eq(automationDeliveries.workspaceId, ctx.workspace.id), eq(automationDeliveries.id, id)),
    );
}

export type DeliveryWithRule = DeliveryRow & { ruleName: string };

export async function listDeliveries(
  ctx: Ctx,
  status: 'pending' | 'delivered' | 'dead' | undefined,
  limit: number,
): Promise<DeliveryWithRule[]> {
  const rows = await ctx.db
    .select({ delivery: automationDeliveries, ruleName: automationRules.name })
    .from(automationDeliveries)
    .innerJoin(
      automationRules,
      and(
        eq(automationRules.workspaceId, automationDeliveries.workspaceId),
        eq(automationRules.id, automationDeliveries.ruleId),
      ),
    )
    .where(
      and(
        eq(automationDeliveries.workspaceId, ctx.workspace.id),
        status ? eq(automationDeliveries.status, status) : undefined,
      ),
    )
    .orderBy(desc(automationDeliveries.updatedAt), desc(automationDeliveries.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.delivery, ruleName: r.ruleName }));
}

// ---- users --------------------------------------------------------------------------------

export interface UserHead {
  id: string;
  name: string;
  email: string;
  locale: string;
  active: boolean;
}

export async function findUsers(ctx: Ctx, ids: readonly string[]): Promise<UserHead[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      active: users.active,
    })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspace.id), inArray(users.id, [...ids])));
}

// ---- the scheduler (across workspaces: it runs as the system) ------------------------------

export async function dueScheduleRules(db: Db, now: Date): Promise<RuleRow[]> {
  return db
    .select()
    .from(automationRules)
    .where(
      and(
        isNull(automationRules.deletedAt),
        eq(automationRules.enabled, true),
        eq(automationRules.triggerKind, 'schedule'),
        lte(automationRules.nextRunAt, now),
      ),
    )
    .limit(500);
}

/** Moves a schedule on; false when another process already did (compare-and-set). */
export async function advanceSchedule(db: Db, rule: RuleRow, next: Date | null): Promise<boolean> {
  if (!rule.nextRunAt) return false;
  const rows = await db
    .update(automationRules)
    .set({ nextRunAt: next })
    .where(
      and(
        eq(automationRules.workspaceId, rule.workspaceId),
        eq(automationRules.id, rule.id),
        eq(automationRules.nextRunAt, rule.nextRunAt),
      ),
    )
    .returning({ id: automationRules.id });
  return rows.length > 0;
}

export async function dateRulesToScan(db: Db): Promise<(RuleRow & { timezone: string })[]> {
  const rows = await db
    .select({ rule: automationRules, timezone: workspaces.timezone })
    .from(automationRules)
    .innerJoin(workspaces, eq(workspaces.id, automationRules.workspaceId))
    .where(
      and(
        isNull(automationRules.deletedAt),
        eq(automationRules.enabled, true),
        inArray(automationRules.triggerKind, ['date_reached', 'no_activity']),
      ),
    );
  return rows.map((r) => ({ ...r.rule, timezone: r.timezone }));
}

/** Marks the day scanned; false when this process lost the race for it. */
export async function claimScan(db: Db, rule: RuleRow, day: string): Promise<boolean> {
  const rows = await db
    .update(automationRules)
    .set({ lastScanOn: day })
    .where(
      and(
        eq(automationRules.workspaceId, rule.workspaceId),
        eq(automationRules.id, rule.id),
        rule.lastScanOn === null
          ? isNull(automationRules.lastScanOn)
          : eq(automationRules.lastScanOn, rule.lastScanOn),
      ),
    )
    .returning({ id: automationRules.id });
  return rows.length > 0;
}

const DATE_SOURCES: Record<
  string,
  { table: string; columns: Record<string, string>; where: string }
> = {
  contacts: {
    table: 'contacts',
    columns: { birthday: 'birthday', createdAt: 'created_at', updatedAt: 'updated_at' },
    where: 'deleted_at IS NULL',
  },
  companies: {
    table: 'companies',
    columns: { createdAt: 'created_at', updatedAt: 'updated_at' },
    where: 'deleted_at IS NULL',
  },
  leads: {
    table: 'leads',
    columns: { createdAt: 'created_at', updatedAt: 'updated_at' },
    where: 'deleted_at IS NULL',
  },
  invoices: {
    table: 'billing_documents',
    columns: {
      dueDate: 'due_date',
      issueDate: 'issue_date',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
    where: `deleted_at IS NULL AND type = 'invoice'`,
  },
  quotes: {
    table: 'billing_documents',
    columns: {
      validUntil: 'valid_until',
      issueDate: 'issue_date',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
    where: `deleted_at IS NULL AND type = 'quote'`,
  },
};

/** Registers another object's table for date scans (deals). */
export function registerDateSource(
  object: string,
  source: { table: string; columns: Record<string, string>; where: string },
): void {
  DATE_SOURCES[object] = source;
}

export function dateSourceOf(object: string) {
  return DATE_SOURCES[object] ?? null;
}

/**
 * Ids of records whose date field (built-in column or `custom.<key>`) falls on `day`; `yearly`
 * compares month and day only (a 29 February birthday counts on 28 February in other years).
 */
export async function recordsOnDate(
  db: Db,
  workspaceId: string,
  object: string,
  field: string,
  day: string,
  yearly: boolean,
): Promise<string[]> {
  const source = DATE_SOURCES[object];
  if (!source) return [];
  let column: SQL;
  if (field.startsWith('custom.')) {
    column = sql`(CASE WHEN custom->>${field.slice(7)} ~ '^\\d{4}-\\d{2}-\\d{2}' THEN substr(custom->>${field.slice(7)}, 1, 10)::date END)`;
  } else {
    const name = source.columns[field];
    if (!name) return [];
    column = sql`(${sql.raw(name)})::date`;
  }
  const monthDay = day.slice(5);
  const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const extra = yearly && monthDay === '02-28' && !isLeap(Number(day.slice(0, 4))) ? ['02-29'] : [];
  const match = yearly
    ? sql`to_char(${column}, 'MM-DD') IN (${sql.join(
        [monthDay, ...extra].map((m) => sql`${m}`),
        sql`, `,
      )})`
    : sql`${column} = ${day}::date`;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM ${sql.raw(source.table)}
        WHERE workspace_id = ${workspaceId} AND ${sql.raw(source.where)} AND ${match}
        ORDER BY id LIMIT 50000`,
  );
  return rows.map((r) => r.id);
}

/**
 * Records with no activity (no change, no timeline entry) since `since`, with the moment of their
 * last activity — the key that lets "no activity for N days" fire once per quiet period.
 */
export async function idleRecords(
  db: Db,
  workspaceId: string,
  object: string,
  since: Date,
): Promise<{ id: string; lastActivity: string }[]> {
  const source = DATE_SOURCES[object];
  if (!source) return [];
  const rows = await queryRows<{ id: string; last: Date | string }>(
    db,
    sql`SELECT r.id, greatest(r.updated_at, a.last) AS last
        FROM ${sql.raw(source.table)} r
        LEFT JOIN LATERAL (
          SELECT max(occurred_at) AS last FROM activities
          WHERE workspace_id = r.workspace_id AND record_type = ${object} AND record_id = r.id
            AND deleted_at IS NULL
        ) a ON true
        WHERE r.workspace_id = ${workspaceId} AND ${sql.raw(source.where)}
          AND greatest(r.updated_at, a.last) < ${since.toISOString()}::timestamptz
        ORDER BY r.id LIMIT 50000`,
  );
  return rows.map((r) => ({ id: r.id, lastActivity: new Date(r.last).toISOString() }));
}
