/**
 * Exports prepared in the background: a big list (a million contacts takes ~20 s) is written to
 * a file by a job that reports its rows as it goes; the user who asked downloads the file when
 * it is ready. The file holds what that user may see, so only they can fetch it. Files are kept
 * for a week (older ones go when the workspace starts another export).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withAccess } from '../access/service.js';
import type { Database } from '../db/connection.js';
import { enqueue, ensureQueue, work } from '../jobs/queue.js';
import { inTransaction, systemContext, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findWorkspace } from '../workspaces/repository.js';
import { workspaceInfo } from '../workspaces/service.js';
import {
  CONTENT_TYPES,
  countExport,
  planExport,
  writeExport,
  type ExportRequest,
} from './export.js';
import * as repo from './repository.js';
import { uploadDir } from './service.js';

export const EXPORT_QUEUE = 'exports';
const KEEP_DAYS = 7;
/** An export job answers within this time or the queue gives it up (a million rows: ~20 s). */
const EXPIRE_SECONDS = 3600;
/** Progress is written at most this often (a page of 5,000 rows takes ~0.1 s). */
const PROGRESS_MS = 500;

interface ExportJobData {
  workspaceId: string;
  exportId: string;
  userId: string;
}

/** Checks the request as a download would, records the export and queues its job. */
export async function startExport(ctx: Ctx, request: ExportRequest): Promise<repo.ExportJobRow> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError('forbidden');
  await planExport(ctx, request);
  for (const file of await repo.deleteOldExportJobs(ctx, KEEP_DAYS))
    await rm(file, { force: true });
  const id = newId();
  const stamp = new Date().toISOString().slice(0, 10);
  await inTransaction(ctx, async (tx) => {
    await repo.insertExportJob(tx, {
      id,
      object: request.object,
      format: request.format,
      query: request.query as Record<string, string>,
      status: 'queued',
      fileName: `${request.object}-${stamp}.${request.format}`,
      createdBy: userId,
    });
    await enqueue(tx, EXPORT_QUEUE, { workspaceId: tx.workspace.id, exportId: id, userId });
  });
  return getExport(ctx, id);
}

export async function getExport(ctx: Ctx, id: string): Promise<repo.ExportJobRow> {
  const row = await repo.findExportJob(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

/** The finished file of one of the caller's exports. */
export async function exportFile(
  ctx: Ctx,
  id: string,
): Promise<{ stream: Readable; fileName: string; contentType: string; size: number }> {
  const row = await getExport(ctx, id);
  if (row.status !== 'done' || !row.filePath)
    throw new AppError('conflict', {}, [
      { path: 'id', message: 'imports:errors.export_not_ready' },
    ]);
  const size = (await stat(row.filePath).catch(() => null))?.size;
  if (size === undefined) throw AppError.notFound();
  return {
    stream: createReadStream(row.filePath),
    fileName: row.fileName,
    contentType: CONTENT_TYPES[row.format as ExportRequest['format']],
    size,
  };
}

/** Writes the export's file as the user who asked (their rights decide what it holds). */
export async function runExportJob(database: Database, job: ExportJobData): Promise<void> {
  const workspace = await findWorkspace(database.db, job.workspaceId);
  if (!workspace) return;
  const system = systemContext(database, workspaceInfo(workspace), job.userId);
  const ctx = await withAccess({
    ...system,
    actor: { type: 'user', userId: job.userId, role: 'member' },
  });
  const row = await repo.findExportJob(ctx, job.exportId);
  if (!row || row.status === 'done') return;
  const dir = path.join(uploadDir(), ctx.workspace.id, 'exports');
  const filePath = path.join(dir, `${row.id}.${row.format}`);
  try {
    const request: ExportRequest = {
      object: row.object as ExportRequest['object'],
      format: row.format as ExportRequest['format'],
      query: row.query,
    };
    const plan = await planExport(ctx, request);
    const total = await countExport(ctx, plan);
    await repo.updateExportJob(ctx, row.id, { status: 'running', totalRows: total, rowsDone: 0 });
    await mkdir(dir, { recursive: true });
    let rows = 0;
    let last = Date.now();
    let progress: Promise<void> = Promise.resolve();
    const out = await writeExport(ctx, plan, (read) => {
      rows = read;
      if (Date.now() - last < PROGRESS_MS) return;
      last = Date.now();
      progress = progress.then(() => repo.updateExportJob(ctx, row.id, { rowsDone: read }));
    });
    await pipeline(out.stream, createWriteStream(filePath));
    await progress;
    await repo.updateExportJob(ctx, row.id, {
      status: 'done',
      rowsDone: rows,
      filePath,
      fileSize: (await stat(filePath)).size,
      finishedAt: new Date(),
    });
  } catch (error) {
    await rm(filePath, { force: true });
    await repo.updateExportJob(ctx, row.id, {
      status: 'failed',
      error: error instanceof Error ? error.message.slice(0, 1000) : String(error),
      finishedAt: new Date(),
    });
    throw error;
  }
}

export async function registerExportWorkers(database: Database): Promise<void> {
  await ensureQueue(database, EXPORT_QUEUE, { expireInSeconds: EXPIRE_SECONDS, retryLimit: 0 });
  await work<ExportJobData>(database, EXPORT_QUEUE, (job) => runExportJob(database, job.data));
  // What a dead process left behind is reported as failed, now and every hour.
  await repo.failInterruptedExports(database.db, EXPIRE_SECONDS);
  const timer = setInterval(() => {
    repo.failInterruptedExports(database.db, EXPIRE_SECONDS).catch((error: unknown) => {
      console.error('export check failed', error);
    });
  }, EXPIRE_SECONDS * 1000);
  timer.unref();
}
