/**
 * Reminder benchmark (issue 8): N tasks whose reminders are all due, in a fresh database; then
 * W concurrent sweep workers (as several processes would run them) deliver them. Prints the
 * throughput (reminders/s), the end-to-end delay due → delivered (notification written) p50/p95,
 * and checks that every reminder was delivered exactly once.
 *
 *   npm run bench:reminders -- --engine postgres --tasks 100000 --workers 4
 *   npm run bench:reminders -- --engine pglite --tasks 10000 --workers 1
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Engine } from '../server/db/connection.js';
import { sweepDueTasks } from '../server/tasks/reminders.js';
import { createTestDatabase } from '../server/test-support/database.js';
import { createWorkspace } from '../server/workspaces/service.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    tasks: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '2' },
    users: { type: 'string', default: '20' },
  },
});
const engine = args.engine as Engine;
const N = Number(args.tasks);
const W = Number(args.workers);

const database = await createTestDatabase(engine);
try {
  const { ctx, userId } = await createWorkspace(
    database,
    {
      workspaceName: 'Bench d.o.o.',
      locale: 'sl',
      currency: 'EUR',
      name: 'Bench Admin',
      email: `bench-${Date.now()}@example.com`,
      password: 'bench password 1',
    },
    { firstOnly: false },
  );
  // Owners: the admin plus U-1 members (emails off for half, so both paths are measured).
  const owners = [userId];
  for (let i = 1; i < Number(args.users); i++) {
    const id = crypto.randomUUID();
    await database.db.execute(sql`
      INSERT INTO users (workspace_id, id, email, name, password_hash, role, locale)
      VALUES (${ctx.workspace.id}, ${id}, ${`u${i}-${id}@example.com`}, ${`User ${i}`}, 'x', 'member', 'sl')`);
    if (i % 2 === 0)
      await database.db.execute(sql`
        INSERT INTO notification_preferences (workspace_id, user_id, email) VALUES (${ctx.workspace.id}, ${id}, false)`);
    owners.push(id);
  }
  const ownerList = sql.raw(`ARRAY[${owners.map((o) => `'${o}'::uuid`).join(',')}]`);
  const loadStart = performance.now();
  // Reminders due over the last minute, as if the queue had a backlog.
  await database.db.execute(sql`
    INSERT INTO tasks (workspace_id, id, title, type, owner_id, due_at, time_zone, reminder_minutes, remind_at)
    SELECT ${ctx.workspace.id}, gen_random_uuid(), 'Pokliči stranko ' || g,
           (ARRAY['call','email','letter','offer'])[1 + g % 4],
           (${ownerList})[1 + g % ${owners.length}],
           now() + interval '15 minutes', 'Europe/Ljubljana', 15,
           now() - (g % 60) * interval '1 second'
    FROM generate_series(1, ${N}) AS g`);
  console.log(
    `loaded ${N} due reminders in ${((performance.now() - loadStart) / 1000).toFixed(1)} s (${engine})`,
  );

  const start = performance.now();
  let delivered = 0;
  const worker = async () => {
    for (;;) {
      const { reminded } = await sweepDueTasks(database, new Date(), 100);
      delivered += reminded;
      if (reminded === 0) {
        const [left] = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM tasks WHERE reminded_at IS NULL`,
        );
        if (!left?.n) return;
      }
    }
  };
  await Promise.all(Array.from({ length: W }, worker));
  const seconds = (performance.now() - start) / 1000;
  const [stats] = await queryRows<{
    n: number;
    distinct_tasks: number;
    p50: number;
    p95: number;
    mails: number;
  }>(
    database.db,
    sql`SELECT count(*)::int AS n,
               count(DISTINCT n.dedupe_key)::int AS distinct_tasks,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.created_at - t.remind_at)) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM n.created_at - t.remind_at)) AS p95,
               (SELECT count(*)::int FROM mail_outbox) AS mails
        FROM notifications n
        JOIN tasks t ON t.workspace_id = n.workspace_id
         AND n.dedupe_key = 'task-reminder:' || t.id || ':' || to_char(t.remind_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  );
  console.log(
    JSON.stringify(
      {
        engine,
        tasks: N,
        workers: W,
        seconds: Number(seconds.toFixed(1)),
        throughputPerSecond: Math.round(N / seconds),
        delivered,
        notifications: stats?.n,
        exactlyOnce: stats?.n === N && stats.distinct_tasks === N && delivered === N,
        emailsQueued: stats?.mails,
        delaySecondsP50: Number(Number(stats?.p50).toFixed(1)),
        delaySecondsP95: Number(Number(stats?.p95).toFixed(1)),
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
}
