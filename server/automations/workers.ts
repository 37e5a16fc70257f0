import type { Database } from '../db/connection.js';
import { ensureQueue, jobsOf, work } from '../jobs/queue.js';
import { EVENT_QUEUE, type RecordEventJob } from './hook.js';
import { handleRecordEvent, handleRunJob, RUN_QUEUE, type RunJob } from './runner.js';
import { TICK_QUEUE, tickAutomations } from './scheduler.js';
import { deliverWebhook, WEBHOOK_QUEUE, type WebhookJob } from './webhook.js';

/** Queues and workers of automation rules, and the minute tick of time-based triggers. */
export async function registerAutomationWorkers(database: Database): Promise<void> {
  for (const name of [EVENT_QUEUE, RUN_QUEUE, WEBHOOK_QUEUE, TICK_QUEUE])
    await ensureQueue(database, name);
  await work<RecordEventJob>(database, EVENT_QUEUE, (job) => handleRecordEvent(database, job.data));
  await work<RunJob>(database, RUN_QUEUE, (job) => handleRunJob(database, job.data));
  await work<WebhookJob>(database, WEBHOOK_QUEUE, (job) => deliverWebhook(database, job.data));
  await work(database, TICK_QUEUE, async () => {
    await tickAutomations(database);
  });
  await jobsOf(database).boss.schedule(TICK_QUEUE, '* * * * *');
}
