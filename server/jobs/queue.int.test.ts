import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemContext } from '../platform/context.js';
import { createTestDatabase } from '../test-support/database.js';
import type { Database } from '../db/connection.js';
import { createWorkspace } from '../workspaces/service.js';
import { enqueue, ensureQueue, startJobs, work, type Jobs } from './queue.js';

let database: Database;
let jobs: Jobs;
beforeAll(async () => {
  database = await createTestDatabase();
  jobs = await startJobs(database, { pollingIntervalSeconds: 0.5 });
  await ensureQueue(database, 'test-echo');
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

describe('job queue', () => {
  it('delivers jobs enqueued in a committed transaction, and never those of a rolled-back one', async () => {
    const { ctx } = await createWorkspace(
      database,
      {
        workspaceName: 'Jobs',
        locale: 'en',
        currency: 'EUR',
        name: 'A',
        email: `jobs-${Date.now()}@example.com`,
        password: 'long enough 1',
      },
      { firstOnly: false },
    );
    const system = systemContext(database, ctx.workspace);
    const seen: string[] = [];
    await work<{ label: string }>(database, 'test-echo', (job) => {
      seen.push(job.data.label);
      return Promise.resolve();
    });
    await inTransaction(system, async (tx) => {
      await enqueue(tx, 'test-echo', { label: 'committed' });
    });
    await expect(
      inTransaction(system, async (tx) => {
        await enqueue(tx, 'test-echo', { label: 'rolled back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    for (let i = 0; i < 100 && !seen.includes('committed'); i++)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen).toEqual(['committed']);
  });
});
