/**
 * Issue 8: a worker process killed with SIGKILL while it delivers reminders, then restarted —
 * every due reminder is delivered exactly once: one notification and one email per task, none
 * twice, none missing, and every task marked reminded.
 *
 * Why this fails if delivery were not transactional: the worker is killed at an arbitrary point
 * with commits happening continuously (batches of 20, two sweep loops and the `tasks.remind` job
 * workers racing). Right after the kill the database must hold exactly as many reminded tasks as
 * reminder notifications and queued emails — if `reminded_at`, the notification and the email
 * were written in separate transactions, the kill would leave tasks marked but never notified
 * (lost after the restart: "missing") or notified but unmarked (the email sent again by the
 * restart: "twice"; the notification's dedupe key only guards the in-app row). The restart then
 * has to finish the job from whatever the kill left, including rows still locked by the dead
 * process's open transaction until the server rolls it back.
 *
 * PostgreSQL only: a second process cannot open an in-memory PGlite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../db/connection.js';
import { ensureQueue, startJobs } from '../jobs/queue.js';
import { createTestDatabase, testEngine } from '../test-support/database.js';
import { MAIL_QUEUE, MAX_ATTEMPTS } from '../mail/service.js';
import { createWorkspace } from '../workspaces/service.js';
import type { Ctx } from '../platform/context.js';
import { REMIND_QUEUE, remindTask } from './reminders.js';

const TASKS = 2000;
const WITH_JOBS = 700; // the first tasks also have a `tasks.remind` job, as a task write makes
const WORKER = fileURLToPath(new URL('../test-support/reminder-worker.ts', import.meta.url));

function startWorker(url: string, mode: 'crash' | 'drain'): ChildProcess {
  // `node --import tsx`, not the `tsx` CLI: SIGKILL must hit the process that does the work.
  return spawn(process.execPath, ['--import', 'tsx', WORKER, url, mode], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

interface Counts {
  notifications: number;
  reminded: number;
  mails: number;
}

describe.runIf(testEngine() === 'postgres')('kill -9 while reminders are delivered', () => {
  let database: Database;
  let ctx: Ctx;

  // One snapshot: the three counts are consistent with each other.
  const counts = async (): Promise<Counts> => {
    const [row] = await queryRows<Counts>(
      database.db,
      sql`SELECT (SELECT count(*)::int FROM notifications WHERE kind = 'task_reminder') AS notifications,
                 (SELECT count(*)::int FROM tasks WHERE reminded_at IS NOT NULL) AS reminded,
                 (SELECT count(*)::int FROM mail_outbox) AS mails`,
    );
    return row!;
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    ({ ctx } = await createWorkspace(
      database,
      {
        workspaceName: 'Crash d.o.o.',
        locale: 'sl',
        currency: 'EUR',
        name: 'Crash Admin',
        email: `crash-${Date.now()}@example.com`,
        password: 'crash password 1',
      },
      { firstOnly: false },
    ));
    const [owner] = await queryRows<{ id: string }>(database.db, sql`SELECT id FROM users`);
    // Set-based: every reminder due within the last minute, as after a backlog.
    await database.db.execute(sql`
      INSERT INTO tasks (workspace_id, id, title, type, owner_id, due_at, time_zone, reminder_minutes, remind_at)
      SELECT ${ctx.workspace.id}, gen_random_uuid(), 'Pokliči stranko ' || g, 'call', ${owner!.id},
             now() + interval '15 minutes', 'Europe/Ljubljana', 15,
             now() - (g % 60) * interval '1 second'
      FROM generate_series(1, ${TASKS}) AS g`);
    // Reminder jobs for some of them, so the job workers race the sweeps in the worker process.
    const jobs = await startJobs(database, { schedule: false });
    try {
      await ensureQueue(database, REMIND_QUEUE, { retryLimit: 5, retryBackoff: true });
      // Emails stay queued in the outbox (sending them is not under test here).
      await ensureQueue(database, MAIL_QUEUE, {
        retryLimit: MAX_ATTEMPTS,
        retryDelay: 5,
        retryBackoff: true,
      });
      const ids = await queryRows<{ id: string }>(
        database.db,
        sql`SELECT id FROM tasks ORDER BY title LIMIT ${WITH_JOBS}`,
      );
      await jobs.boss.insert(
        REMIND_QUEUE,
        ids.map(({ id }) => ({ data: { workspaceId: ctx.workspace.id, taskId: id } })),
      );
    } finally {
      await jobs.stop();
    }
  });
  afterAll(async () => {
    await database.close();
  });

  it('delivers every due reminder exactly once after the restart', async () => {
    const url = database.url!;

    // 1. A worker process delivers; kill -9 once some, but far from all, are delivered.
    const worker = startWorker(url, 'crash');
    const killAt = 200;
    let before: Counts;
    for (;;) {
      before = await counts();
      if (before.notifications >= killAt) break;
      if (worker.exitCode !== null) throw new Error(`worker exited early (${worker.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    worker.kill('SIGKILL');
    expect(await exited(worker)).toEqual({ code: null, signal: 'SIGKILL' });
    const atKill = await counts();
    // Killed while delivering: some committed, the rest not.
    expect(atKill.notifications).toBeGreaterThanOrEqual(killAt);
    expect(atKill.notifications).toBeLessThan(TASKS);
    // Atomic: whatever committed committed whole (task marked ⇔ notified ⇔ email queued).
    expect(atKill.reminded).toBe(atKill.notifications);
    expect(atKill.mails).toBe(atKill.notifications);

    // 2. The restart: a new process delivers the rest and exits when none is due.
    const drain = startWorker(url, 'drain');
    expect(await exited(drain)).toEqual({ code: 0, signal: null });

    // 3. Exactly once, per task: one notification under its dedupe key, one email, marked.
    const [check] = await queryRows<{
      tasks: number;
      unmarked: number;
      missing: number;
      twice: number;
      mailsMissing: number;
      mailsTwice: number;
      stray: number;
    }>(
      database.db,
      sql`WITH per_task AS (
            SELECT t.id, t.reminded_at, coalesce(n.n, 0) AS notes, coalesce(m.n, 0) AS mails
            FROM tasks t
            LEFT JOIN (SELECT dedupe_key, link, count(*) AS n FROM notifications
                       WHERE kind = 'task_reminder' GROUP BY 1, 2) n
              ON n.link = '/tasks?task=' || t.id
             AND n.dedupe_key = 'task-reminder:' || t.id || ':' ||
                 to_char(t.remind_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            LEFT JOIN (SELECT substring(text_body FROM '/tasks[?]task=([0-9a-f-]{36})')::uuid AS task_id,
                              count(*) AS n
                       FROM mail_outbox GROUP BY 1) m ON m.task_id = t.id)
          SELECT count(*)::int AS tasks,
                 count(*) FILTER (WHERE reminded_at IS NULL)::int AS unmarked,
                 count(*) FILTER (WHERE notes = 0)::int AS missing,
                 count(*) FILTER (WHERE notes > 1)::int AS twice,
                 count(*) FILTER (WHERE mails = 0)::int AS "mailsMissing",
                 count(*) FILTER (WHERE mails > 1)::int AS "mailsTwice",
                 (SELECT count(*)::int FROM notifications) - ${TASKS} AS stray
          FROM per_task`,
    );
    expect(check).toEqual({
      tasks: TASKS,
      unmarked: 0,
      missing: 0,
      twice: 0,
      mailsMissing: 0,
      mailsTwice: 0,
      stray: 0,
    });
    expect(await counts()).toEqual({ notifications: TASKS, reminded: TASKS, mails: TASKS });

    // The killed process's reminder jobs, retried after the restart, find their tasks handled.
    const retried = await queryRows<{ id: string }>(
      database.db,
      sql`SELECT id FROM tasks ORDER BY title LIMIT 100`,
    );
    for (const { id } of retried) expect(await remindTask(ctx, id)).toBe(false);
    expect((await counts()).notifications).toBe(TASKS);
  }, 120_000); // ~25 s on a busy 2-core machine; room for a busier one
});
