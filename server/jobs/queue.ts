/**
 * Durable background jobs on pg-boss (DESIGN.md: runs on PGlite and PostgreSQL; jobs live in the
 * database, survive restarts, and `FOR UPDATE SKIP LOCKED` keeps two processes from taking the
 * same job). Jobs are enqueued inside the caller's transaction, so a job exists exactly when the
 * change that asked for it was committed.
 */
import { sql } from 'drizzle-orm';
import {
  fromDrizzle,
  fromPglite,
  PgBoss,
  type Job,
  type SendOptions,
  type WorkOptions,
} from 'pg-boss';
import type { Database } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';

export interface JobsOptions {
  /** How often idle workers look for new jobs (pick-up latency on PGlite). */
  pollingIntervalSeconds?: number;
  /** Run cron schedules in this process (one process per installation is enough, but more are safe). */
  schedule?: boolean;
}

export interface Jobs {
  boss: PgBoss;
  pollingIntervalSeconds: number;
  stop(): Promise<void>;
}

const running = new WeakMap<Database, Jobs>();

export async function startJobs(database: Database, options: JobsOptions = {}): Promise<Jobs> {
  const existing = running.get(database);
  if (existing) return existing;
  const boss = database.pglite
    ? new PgBoss({
        db: fromPglite(database.pglite),
        backend: 'pglite',
        schedule: options.schedule ?? true,
      })
    : new PgBoss({
        connectionString: database.url ?? undefined,
        max: 4,
        backend: 'postgres',
        useListenNotify: true,
        schedule: options.schedule ?? true,
      });
  boss.on('error', (error: unknown) => {
    console.error('job queue error', error);
  });
  await boss.start();
  const jobs: Jobs = {
    boss,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
    async stop() {
      running.delete(database);
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
  running.set(database, jobs);
  return jobs;
}

export function jobsOf(database: Database): Jobs {
  const jobs = running.get(database);
  if (!jobs) throw new Error('background jobs are not running in this process');
  return jobs;
}

/** Creates the queue if needed (idempotent). */
export async function ensureQueue(
  database: Database,
  name: string,
  options: Parameters<PgBoss['createQueue']>[1] = {},
): Promise<void> {
  const { boss } = jobsOf(database);
  if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
}

/** Enqueues a job in the caller's transaction (`ctx.db`); it exists only if that commits. */
export async function enqueue(
  ctx: Ctx,
  name: string,
  data: object,
  options: SendOptions = {},
): Promise<string | null> {
  const { boss } = jobsOf(ctx.database);
  return boss.send(name, data, {
    ...options,
    db: fromDrizzle(ctx.db as Parameters<typeof fromDrizzle>[0], sql),
  });
}

/** Registers a handler for a queue; jobs arrive in batches of one by default. */
export async function work<T extends object>(
  database: Database,
  name: string,
  handler: (job: Job<T>) => Promise<void>,
  options: WorkOptions = {},
): Promise<string> {
  const jobs = jobsOf(database);
  return jobs.boss.work<T>(
    name,
    { pollingIntervalSeconds: jobs.pollingIntervalSeconds, ...options },
    async (batch) => {
      for (const job of batch) await handler(job);
    },
  );
}
