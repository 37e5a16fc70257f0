import type { Ctx } from '../platform/context.js';
import type { ExportJobRow, ImportRow } from './repository.js';
import type { ExportJobOut, ImportOut } from './schema.js';
import { defaultOptions, targetsOf } from './service.js';
import type { ImportObject } from '../../common/imports.js';

/** rows/s since the start and the time left at that pace (null until there is a pace). */
export function progressOf(
  row: Pick<ImportRow, 'rowsDone' | 'totalRows' | 'startedAt' | 'finishedAt' | 'heartbeatAt'>,
) {
  const start = row.startedAt?.getTime();
  const end = (row.finishedAt ?? row.heartbeatAt)?.getTime();
  const seconds = start && end ? (end - start) / 1000 : 0;
  const rowsPerSecond = seconds > 0 && row.rowsDone > 0 ? Math.round(row.rowsDone / seconds) : null;
  const left = row.totalRows !== null ? Math.max(row.totalRows - row.rowsDone, 0) : null;
  return {
    rowsDone: row.rowsDone,
    totalRows: row.totalRows,
    rowsPerSecond,
    etaSeconds:
      row.finishedAt || left === null || !rowsPerSecond ? null : Math.ceil(left / rowsPerSecond),
  };
}

export async function presentImport(ctx: Ctx, row: ImportRow): Promise<ImportOut> {
  const object = row.object as ImportObject;
  const { remembered, ...options } = {
    ...defaultOptions(object),
    ...row.options,
  } as ImportOut['options'] & {
    remembered?: boolean;
  };
  return {
    id: row.id,
    object,
    status: row.status as ImportOut['status'],
    fileName: row.fileName,
    fileSize: row.fileSize,
    format: row.format as ImportOut['format'],
    settings: row.settings,
    sheets: row.sheets,
    headers: row.headers,
    preview: row.preview,
    mapping: row.mapping ?? row.headers.map(() => null),
    mappingRemembered: remembered ?? false,
    options,
    targets: await targetsOf(ctx, object),
    progress: progressOf(row),
    counts: {
      created: row.created,
      updated: row.updated,
      skipped: row.skipped,
      failed: row.failed,
    },
    cancelRequested: row.cancelRequested,
    error: row.error,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentExportJob(row: ExportJobRow): ExportJobOut {
  return {
    id: row.id,
    object: row.object as ExportJobOut['object'],
    format: row.format as ExportJobOut['format'],
    status: row.status as ExportJobOut['status'],
    rowsDone: row.rowsDone,
    totalRows: row.totalRows,
    fileName: row.fileName,
    fileSize: row.fileSize,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
