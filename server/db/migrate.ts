import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { projectRoot } from '../platform/paths.js';
import { queryRows, type Database } from './connection.js';

export const migrationsDir = path.join(projectRoot, 'server', 'db', 'migrations');

/**
 * Applies the SQL files of `migrations/` that have not run yet, in file-name (timestamp) order,
 * each in its own transaction. Forward-only. Several processes may start at once against one
 * PostgreSQL: an advisory lock lets one migrate while the others wait.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  await database.runScript(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  await withMigrationLock(database, async () => {
    const done = new Set(
      (await queryRows<{ name: string }>(database.db, sql`SELECT name FROM schema_migrations`)).map(
        (r) => r.name,
      ),
    );
    for (const file of files) {
      if (done.has(file)) continue;
      const body = await readFile(path.join(migrationsDir, file), 'utf8');
      const record = `INSERT INTO schema_migrations (name) VALUES ('${file.replaceAll("'", "''")}');`;
      try {
        await database.runScript(`${body}\n;\n${record}`);
      } catch (error) {
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
    }
  });
  return applied;
}

async function withMigrationLock(database: Database, work: () => Promise<void>): Promise<void> {
  if (!database.pool) return work(); // PGlite: one process owns the data folder.
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7261736001)');
    await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(7261736001)').catch(() => undefined);
    client.release();
  }
}
