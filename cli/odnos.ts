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
import { registerImportCommands } from './imports.js';
import { demoTarget } from '../server/demo/target.js';
import { DEMO_SCALE, fillDemoWorkspace } from '../server/demo/service.js';

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
  .command('seed-demo')
  .description(
    'fill a workspace with demo data (people, organizations, leads in Latin, Cyrillic and Greek)',
  )
  .option('--scale <n>', 'size: 0.0005 ≈ 500 people, 0.01 ≈ 10,000', String(DEMO_SCALE))
  .option('--workspace <id>', 'the workspace to fill (default: the first one, or a new one)')
  .action(async (options: { scale: string; workspace?: string }) => {
    await withDatabase(async (database) => {
      await migrate(database);
      const { ctx, created } = await demoTarget(database, options.workspace);
      const result = await fillDemoWorkspace(database, ctx, {
        scale: Number(options.scale),
        log: console.log,
      });
      const rows = result.loaded.map((t) => `${t.table} ${t.rows}`).join(', ');
      console.log(`demo data in "${ctx.workspace.name}": ${rows}`);
      if (created) console.log(`sign in as ${created.email} / ${created.password}`);
    });
  });

program
  .command('serve')
  .description('start the server (same as npm start)')
  .action(async () => {
    await import('../server/main.js');
  });

registerImportCommands(program, withDatabase);

await program.parseAsync(process.argv);
