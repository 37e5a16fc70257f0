/** The audit-log retention job: once a day, events older than a workspace's retention go. */
import type { Database } from '../db/connection.js';
import { ensureQueue, jobsOf, work } from '../jobs/queue.js';
import { pruneAuditLogs } from './service.js';

export const AUDIT_PRUNE_QUEUE = 'access.audit-prune';

export async function registerAccessWorkers(database: Database): Promise<void> {
  await ensureQueue(database, AUDIT_PRUNE_QUEUE);
  await work(database, AUDIT_PRUNE_QUEUE, async () => {
    await pruneAuditLogs(database.db);
  });
  await jobsOf(database).boss.schedule(AUDIT_PRUNE_QUEUE, '17 3 * * *');
}
