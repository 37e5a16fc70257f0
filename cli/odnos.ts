#!/usr/bin/env node
/**
 * The `odnos` command. Database commands use the same configuration as the server
 * (DATABASE_URL or ODNOS_DATA_DIR).
 */
import { Command } from 'commander';
import { openDatabase } from '../server/db/connection.js';
import { migrate } from '../server/db/migrate.js';
import { loadConfig } from '../server/platform/config.js';
import { VERSION } from '../server/system/version.js';

const program = new Command('odnos').description('Odnos CRM').version(VERSION);

async function withDatabase<T>(
  work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const applied = await withDatabase(migrate);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  });

program
  .command('serve')
  .description('start the server (same as npm start)')
  .action(async () => {
    await import('../server/main.js');
  });

await program.parseAsync(process.argv);
