import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../db/connection.js';
import { migrate } from '../db/migrate.js';

/** The machine's PostgreSQL (trust auth); override with ODNOS_TEST_POSTGRES_URL. */
export const POSTGRES_ADMIN_URL =
  process.env.ODNOS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testEngine(): Engine {
  return process.env.ODNOS_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A migrated, empty database of its own: in-memory PGlite, or a new PostgreSQL database that is
 * dropped on close — so runs and test files never see each other's data.
 */
export async function createTestDatabase(engine: Engine = testEngine()): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    await migrate(database);
    return database;
  }
  const name = `odnos_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(POSTGRES_ADMIN_URL, name);
  const database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 10 });
  await migrate(database);
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
