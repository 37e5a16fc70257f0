/**
 * Records the SQL statements the server sends while a benchmark request runs, so the very same
 * statements (text + parameters) can be replayed as "raw SQL on the same pool" afterwards.
 * PostgreSQL: every pool client goes through `pg.Client.prototype.query`. PGlite: the instance's
 * `query` and the `query` of the transactions it opens.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../../server/db/connection.js';

export interface Statement {
  text: string;
  params: unknown[];
  /** Name of a prepared statement (PostgreSQL plans it once per connection). */
  name?: string;
}

let bucket: Statement[] | null = null;

function record(textOrConfig: unknown, values: unknown): void {
  if (!bucket) return;
  if (typeof textOrConfig === 'string') {
    bucket.push({
      text: textOrConfig,
      params: Array.isArray(values) ? [...(values as unknown[])] : [],
    });
  } else if (textOrConfig && typeof textOrConfig === 'object' && 'text' in textOrConfig) {
    const config = textOrConfig as { text: string; values?: unknown[]; name?: string };
    const params: unknown[] = Array.isArray(values) ? (values as unknown[]) : (config.values ?? []);
    bucket.push({
      text: config.text,
      params: [...params],
      ...(config.name ? { name: config.name } : {}),
    });
  }
}

let installed = false;

/** Installs the recorder once (it records nothing until `capture` runs). */
export function installCapture(database: Database): void {
  if (installed) return;
  installed = true;
  if (database.pool) {
    const proto = pg.Client.prototype as unknown as {
      query: (...args: unknown[]) => unknown;
    };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      record(args[0], args[1]);
      return original.apply(this, args);
    };
    return;
  }
  const pglite = database.pglite as PGlite;
  const query = pglite.query.bind(pglite);
  pglite.query = ((text: string, params?: unknown[], options?: unknown) => {
    record(text, params);
    return query(text, params as never, options as never);
  }) as PGlite['query'];
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = ((text: string, params?: unknown[], options?: unknown) => {
        record(text, params);
        return txQuery(text, params as never, options as never);
      }) as Transaction['query'];
      return callback(tx);
    });
}

/** Runs `work` and returns what it returned plus the statements it sent. */
export async function capture<T>(work: () => Promise<T>): Promise<[T, Statement[]]> {
  const statements: Statement[] = [];
  bucket = statements;
  try {
    return [await work(), statements];
  } finally {
    bucket = null;
  }
}

const CONTROL =
  /^\s*(begin|commit|rollback|savepoint|release|start transaction|set |reset |listen|unlisten)/i;
const WRITE =
  /^\s*(insert|update|delete|with\b[\s\S]*\b(insert|update|delete)\b|select\s+pg_notify|select\s+.*nextval)/i;

/** The statements that do the work (transaction control and session settings left out). */
export function workStatements(statements: Statement[]): Statement[] {
  return statements.filter((s) => !CONTROL.test(s.text));
}

export function writes(statements: Statement[]): boolean {
  return statements.some((s) => WRITE.test(s.text));
}
