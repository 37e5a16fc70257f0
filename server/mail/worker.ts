import type { Database } from '../db/connection.js';
import { ensureQueue, work } from '../jobs/queue.js';
import { deliverMail, MAIL_QUEUE, MAX_ATTEMPTS } from './service.js';

export async function registerMailWorkers(database: Database): Promise<void> {
  await ensureQueue(database, MAIL_QUEUE, {
    retryLimit: MAX_ATTEMPTS,
    retryDelay: 5,
    retryBackoff: true,
  });
  await work<{ workspaceId: string; id: string }>(database, MAIL_QUEUE, (job) =>
    deliverMail(database, job.data.workspaceId, job.data.id),
  );
}
