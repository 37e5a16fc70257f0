/**
 * Bulk writers for the loader: PostgreSQL `COPY … FROM STDIN` (pg-copy-streams, one connection
 * per table so tables stream side by side) and PGlite `COPY … FROM '/dev/blob'` (the fastest
 * path into the embedded database). Rows arrive as already-encoded COPY text fields.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../server/db/connection.js';

export const NULL = '\\N';

/** One field of COPY text format. */
export function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

export function json(value: unknown): string {
  return value === null || value === undefined ? NULL : text(JSON.stringify(value));
}

/** A `text[]` literal. */
export function textArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  return text(`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`);
}

export function timestamp(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NULL : new Date(ms).toISOString();
}

export function int(value: number | null | undefined): string {
  return value === null || value === undefined ? NULL : String(Math.round(value));
}

export function bool(value: boolean | null | undefined): string {
  return value === null || value === undefined ? NULL : value ? 't' : 'f';
}

/** Receives rows of one table. */
export interface TableWriter {
  readonly table: string;
  rows: number;
  write(fields: string[]): void;
  /** Resolves when buffered data may be written again (backpressure). */
  ready(): Promise<void>;
  end(): Promise<void>;
}

const CHUNK = 1 << 20;

class PostgresWriter implements TableWriter {
  rows = 0;
  private buffer: string[] = [];
  private size = 0;
  private waiting: Promise<void> | null = null;

  constructor(
    readonly table: string,
    private readonly client: PoolClient,
    private readonly stream: NodeJS.WritableStream,
  ) {}

  write(fields: string[]): void {
    const line = fields.join('\t') + '\n';
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const ok = this.stream.write(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
    if (!ok && !this.waiting) {
      this.waiting = once(this.stream as unknown as NodeJS.EventEmitter, 'drain').then(() => {
        this.waiting = null;
      });
    }
  }

  async ready(): Promise<void> {
    if (this.waiting) await this.waiting;
  }

  async end(): Promise<void> {
    this.flush();
    this.stream.end();
    try {
      await finished(this.stream);
    } finally {
      this.client.release();
    }
  }
}

class PgliteWriter implements TableWriter {
  rows = 0;
  private buffer: string[] = [];
  private size = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    readonly table: string,
    private readonly database: Database,
    private readonly columns: readonly string[],
  ) {}

  write(fields: string[]): void {
    const line = fields.join('\t') + '\n';
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= CHUNK * 8) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const blob = new Blob(this.buffer);
    this.buffer = [];
    this.size = 0;
    const pglite = this.database.pglite;
    if (!pglite) throw new Error('not a PGlite database');
    const statement = `COPY ${this.table} (${this.columns.join(', ')}) FROM '/dev/blob'`;
    this.pending = this.pending.then(() => pglite.query(statement, [], { blob }));
  }

  async ready(): Promise<void> {
    await this.pending;
  }

  async end(): Promise<void> {
    this.flush();
    await this.pending;
  }
}

/** Opens a bulk writer for `table` on either engine. */
export async function openWriter(
  database: Database,
  table: string,
  columns: readonly string[],
): Promise<TableWriter> {
  if (database.pool) {
    const client = await database.pool.connect();
    await client.query('SET synchronous_commit = off');
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    return new PostgresWriter(table, client, stream);
  }
  return new PgliteWriter(table, database, columns);
}
