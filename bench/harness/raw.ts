/**
 * Raw SQL on the server's own pool: replays the statements a request sent (captured by
 * capture.ts), and summarises the plan of the heaviest one.
 */
import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../server/db/connection.js';
import { workStatements, writes, type Statement } from './capture.js';

interface Runner {
  query(text: string, params: unknown[], name?: string): Promise<{ rows: unknown[] }>;
  release(): void;
}

/** Runs statements as sent: a named (prepared) one stays named, as the server sent it. */
async function runner(database: Database): Promise<Runner> {
  if (database.pool) {
    const client = await database.pool.connect();
    return {
      query: async (text, params, name) =>
        client.query(name ? { name, text, values: params } : { text, values: params }),
      release: () => client.release(),
    };
  }
  const pglite = database.pglite as PGlite;
  return { query: (text, params) => pglite.query(text, params), release: () => {} };
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function uuidTime(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/**
 * Records a write created during the request get fresh ids in each replay (the replay runs in a
 * transaction that is rolled back, but the originals were committed by the request).
 */
function withFreshIds(statements: Statement[], since: number): Statement[] {
  const map = new Map<string, string>();
  const swap = (value: unknown): unknown => {
    if (typeof value !== 'string' || !UUID_V7.test(value) || uuidTime(value) < since) return value;
    let fresh = map.get(value);
    if (!fresh) {
      fresh = uuidv7();
      map.set(value, fresh);
    }
    return fresh;
  };
  return statements.map((s) => ({ ...s, params: s.params.map(swap) }));
}

export interface Replay {
  /** Milliseconds for all statements of the request. */
  total: number;
  /** Milliseconds per statement, in order. */
  each: number[];
  /** Rows returned by the slowest statement. */
  rows: number;
}

/** Replays one request's statements; writes run in a transaction that is rolled back. */
export async function replay(
  database: Database,
  captured: Statement[],
  startedAt: number,
): Promise<Replay> {
  const statements = workStatements(captured);
  const write = writes(statements);
  const run = await runner(database);
  const each: number[] = [];
  let rows = 0;
  let slowest = -1;
  try {
    if (write) await run.query('BEGIN', []);
    const started = performance.now();
    for (const s of write ? withFreshIds(statements, startedAt - 1000) : statements) {
      const t0 = performance.now();
      const result = await run.query(s.text, s.params, s.name);
      const ms = performance.now() - t0;
      each.push(ms);
      if (ms > slowest) {
        slowest = ms;
        rows = Array.isArray(result.rows) ? result.rows.length : 0;
      }
    }
    const total = performance.now() - started;
    return { total, each, rows };
  } finally {
    if (write) await run.query('ROLLBACK', []).catch(() => undefined);
    run.release();
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
}

function describe(node: PlanNode): string {
  if (node['Index Name']) return `${node['Node Type']} ${node['Index Name']}`;
  if (node['Relation Name']) return `${node['Node Type']} ${node['Relation Name']}`;
  return node['Node Type'];
}

/** "Limit > Index Scan contacts_last_name_idx > …": the plan's nodes, outermost first. */
export function summarisePlan(root: PlanNode, maxNodes = 7): string {
  const parts: string[] = [];
  const visit = (node: PlanNode) => {
    if (parts.length >= maxNodes) return;
    const label = describe(node);
    if (parts[parts.length - 1] !== label) parts.push(label);
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root);
  return parts.join(' > ');
}

/** EXPLAIN of the statement that took longest (ANALYZE for reads; writes are only planned). */
export async function explainSlowest(
  database: Database,
  captured: Statement[],
  each: number[],
): Promise<{ statement: string; plan: string; ms: number } | null> {
  const statements = workStatements(captured);
  if (statements.length === 0) return null;
  let index = 0;
  each.forEach((ms, i) => {
    if (ms > (each[index] ?? 0)) index = i;
  });
  const s = statements[index] as Statement;
  const write = writes([s]);
  const run = await runner(database);
  try {
    const result = await run.query(
      `EXPLAIN (${write ? '' : 'ANALYZE, '}FORMAT JSON) ${s.text}`,
      s.params,
    );
    const first = result.rows[0] as Record<string, unknown>;
    const raw = first['QUERY PLAN'];
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    const plan = parsed[0]?.Plan;
    return {
      statement: s.text.replace(/\s+/g, ' ').slice(0, 300),
      plan: plan ? summarisePlan(plan) : '',
      ms: each[index] ?? 0,
    };
  } catch (error) {
    return {
      statement: s.text.replace(/\s+/g, ' ').slice(0, 300),
      plan: `(explain failed: ${(error as Error).message})`,
      ms: each[index] ?? 0,
    };
  } finally {
    run.release();
  }
}

/** Nearest-rank percentile of unsorted milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
