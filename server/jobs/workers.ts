/** Every feature's background workers and schedules; one line per feature. */
import type { Database } from '../db/connection.js';
import { registerAccessWorkers } from '../access/jobs.js';
import { registerAutomationWorkers } from '../automations/workers.js';
import { registerExportWorkers } from '../imports/export-jobs.js';
import { registerImportWorkers } from '../imports/worker.js';
import { registerMailWorkers } from '../mail/worker.js';
import { registerTaskWorkers } from '../tasks/reminders.js';
import { registerTelephonyWorkers } from '../telephony/prediction-job.js';

export async function registerWorkers(database: Database): Promise<void> {
  await registerImportWorkers(database);
  await registerExportWorkers(database);
  await registerMailWorkers(database);
  await registerTaskWorkers(database);
  await registerAccessWorkers(database);
  await registerTelephonyWorkers(database);
  await registerAutomationWorkers(database);
}
