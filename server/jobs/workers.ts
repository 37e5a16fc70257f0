/** Every feature's background workers and schedules; one line per feature. */
import type { Database } from '../db/connection.js';

export async function registerWorkers(_database: Database): Promise<void> {
  // Features add: await registerXxxWorkers(database);
  await Promise.resolve();
}
