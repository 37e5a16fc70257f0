/** The import queue: runs and undoes imports; picks up imports left running by a dead process. */
import type { Database } from '../db/connection.js';
import { ensureQueue, jobsOf, work } from '../jobs/queue.js';
import { withAccess } from '../access/service.js';
import { systemContext } from '../platform/context.js';
import { findWorkspace } from '../workspaces/repository.js';
import { workspaceInfo } from '../workspaces/service.js';
import { runImport, undoImport } from './engine.js';
import * as repo from './repository.js';
import { IMPORT_QUEUE } from './service.js';

interface ImportJob {
  workspaceId: string;
  importId: string;
  userId: string | null;
  op: 'run' | 'undo';
}

/** An import whose checkpoint has not moved for this long belongs to a process that died. */
const STALE_SECONDS = 60;

export async function runImportJob(database: Database, job: ImportJob): Promise<void> {
  const workspace = await findWorkspace(database.db, job.workspaceId);
  if (!workspace) return;
  const system = systemContext(database, workspaceInfo(workspace), job.userId);
  // The import acts as the user who started it: their role decides what it may update.
  const ctx = job.userId
    ? await withAccess({ ...system, actor: { type: 'user', userId: job.userId, role: 'member' } })
    : system;
  try {
    if (job.op === 'undo') await undoImport(ctx, job.importId);
    else await runImport(ctx, job.importId);
  } catch (error) {
    await repo.updateImport(ctx, job.importId, {
      status: job.op === 'undo' ? 'undoing' : 'failed',
      error: error instanceof Error ? error.message.slice(0, 1000) : String(error),
      finishedAt: new Date(),
    });
    throw error;
  }
}

/** Re-queues imports whose process died mid-run (kill -9): they resume from their checkpoint. */
export async function resumeStaleImports(database: Database, seconds = STALE_SECONDS) {
  const { boss } = jobsOf(database);
  const stale = await repo.staleRunning(database.db, seconds);
  for (const row of stale) {
    await repo.touchHeartbeat(database.db, row.workspace_id, row.id);
    await boss.send(IMPORT_QUEUE, {
      workspaceId: row.workspace_id,
      importId: row.id,
      userId: row.created_by,
      op: 'run',
    });
  }
  return stale.length;
}

export async function registerImportWorkers(database: Database): Promise<void> {
  // One import runs for hours at most; a crashed one is resumed by resumeStaleImports.
  await ensureQueue(database, IMPORT_QUEUE, { expireInSeconds: 6 * 3600, retryLimit: 1 });
  await work<ImportJob>(database, IMPORT_QUEUE, (job) => runImportJob(database, job.data));
  await resumeStaleImports(database);
  const timer = setInterval(() => {
    resumeStaleImports(database).catch((error: unknown) => {
      console.error('import resume check failed', error);
    });
  }, STALE_SECONDS * 1000);
  timer.unref();
}
