import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database handle or an open transaction — repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  engine: Engine;
  db: Db;
  /** Runs a multi-statement SQL script (migrations) in one transaction. */
  runScript(script: string): Promise<void>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The underlying client, for the few places that need engine specifics (COPY, job queue). */
  pglite: PGlite | null;
  pool: pg.Pool | null;
  /** The PostgreSQL connection string (null on PGlite). */
  url: string | null;
}

// int8 (counts, money in minor units) as number on both engines; amounts stay below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseOptions {
  databaseUrl: string | null;
  /** PGlite data folder, or `memory://` for a throwaway database. */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const client = await PGlite.create(inMemory ? undefined : dataDir, {
    extensions: { pg_trgm, btree_gin },
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    pool: null,
    url: null,
    async runScript(script) {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload);
      return unsubscribe;
    },
    async close() {
      await client.close();
    },
  };
}

const IDLE_CONNECTION_MS = 10 * 60_000;

async function openPostgres(databaseUrl: string, poolSize: number): Promise<Database> {
  // JIT compilation costs more than it saves on our queries (the funnel's aggregate over 300,000
  // deals spent 0.6 s of 3 s compiling), so it is off for the application's connections.
  //
  // Idle connections stay open for 10 minutes (pg's default closes them after 10 s): a request on
  // a new connection pays the connect and a backend with cold catalog caches — a contact list
  // page took ~48 ms instead of ~10 ms after 11 s without requests, i.e. on nearly every click
  // of a small office. `allowExitOnIdle` lets a CLI command end without waiting for them.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    options: '-c jit=off',
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    allowExitOnIdle: true,
  });
  // Fail fast with a clear message when the server is not reachable.
  const probe = await pool.connect();
  probe.release();
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  // A connection dropped by the server (restart, failover, a dropped test database) must not
  // take the process down: the pool replaces idle clients, queries in flight fail on their own.
  pool.on('error', () => undefined);
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.PoolClient | null = null;
  let closed = false;

  async function listenConnection(): Promise<pg.PoolClient> {
    if (listenClient) return listenClient;
    const client = await pool.connect();
    client.on('notification', (message) => {
      for (const handler of listeners.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => {
      // Already given back (closed, or a second error event for the same break): releasing it
      // again would throw outside any request and take the process down.
      if (listenClient !== client) return;
      // The LISTEN connection broke: drop it and listen again on a new one, for every channel.
      listenClient = null;
      client.release(true);
      if (!closed) setTimeout(() => void relisten(), 1000).unref();
    });
    listenClient = client;
    return client;
  }

  async function relisten(): Promise<void> {
    if (closed || listenClient || listeners.size === 0) return;
    try {
      const client = await listenConnection();
      for (const channel of listeners.keys())
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      setTimeout(() => void relisten(), 5000).unref(); // relisten() stops once closed
    }
  }

  return {
    engine: 'postgres',
    db,
    pglite: null,
    pool,
    url: databaseUrl,
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = await listenConnection();
      let handlers = listeners.get(channel);
      if (!handlers) {
        handlers = new Set();
        listeners.set(channel, handlers);
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      handlers.add(onPayload);
      return async () => {
        handlers.delete(onPayload);
        if (handlers.size === 0 && listenClient) {
          listeners.delete(channel);
          await listenClient.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
        }
      };
    },
    async close() {
      closed = true;
      listenClient?.release();
      listenClient = null;
      await pool.end();
    },
  };
}

/** Rows of a raw SQL query, the same shape on both engines. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
