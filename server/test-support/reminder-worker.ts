/**
 * A stand-alone reminder worker process for the crash test (server/tasks/crash.int.test.ts):
 * the job queue with the task workers (`tasks.remind` jobs) plus two sweep loops, all racing, on
 * the PostgreSQL database given as the first argument. Run as `node --import tsx` (not the `tsx`
 * CLI, which forks a second node process that a SIGKILL of the parent would leave running).
 *
 *   crash: sweeps forever (the test kills it with SIGKILL while it delivers).
 *   drain: sweeps until no task's reminder is due, then exits 0 — the restart.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../db/connection.js';
import { startJobs } from '../jobs/queue.js';
import { registerTaskWorkers, sweepDueTasks } from '../tasks/reminders.js';

const [url, mode] = process.argv.slice(2);
if (!url || (mode !== 'crash' && mode !== 'drain')) {
  console.error('usage: reminder-worker.ts <postgres url> crash|drain');
  process.exit(2);
}

const database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 6 });
const jobs = await startJobs(database, { pollingIntervalSeconds: 0.5, schedule: false });
await registerTaskWorkers(database);

const dueLeft = async (): Promise<number> => {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`SELECT count(*)::int AS n FROM tasks
        WHERE status = 'open' AND deleted_at IS NULL AND reminded_at IS NULL AND remind_at <= now()`,
  );
  return row?.n ?? 0;
};

// Small batches before the crash: many commits, so the kill lands between and inside them.
const batch = mode === 'crash' ? 20 : 100;
const loop = async (): Promise<void> => {
  for (;;) {
    const { reminded } = await sweepDueTasks(database, new Date(), batch);
    if (reminded > 0) continue;
    if (mode === 'drain' && (await dueLeft()) === 0) return;
    // Rows still locked by the killed process's unfinished transaction: wait for the server to
    // notice the closed connection and roll it back.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

await Promise.all([loop(), loop()]);
await jobs.stop();
await database.close();
