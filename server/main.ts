import { buildApp } from './app.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { startJobs } from './jobs/queue.js';
import { registerWorkers } from './jobs/workers.js';
import { loadConfig } from './platform/config.js';

/** `npm start`: open the database (PGlite in ./data, or DATABASE_URL), migrate, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(database);
  const jobs = await startJobs(database);
  await registerWorkers(database);
  const app = await buildApp({
    database,
    logLevel: config.logLevel,
    secureCookies: config.secureCookies,
  });
  if (applied.length) app.log.info({ applied }, 'migrations applied');

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://localhost:${port}`;
  const where =
    database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`\nOdnos is running at ${url}  (${where})\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
