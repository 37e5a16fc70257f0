import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DUPLICATE_KEYS_OF,
  IMPORT_TARGETS,
  shapeKey,
  suggestMapping,
  type ImportObject,
} from '../../common/imports.js';
import { LOCALES } from '../../common/locales.js';
import { localized } from '../../common/records.js';
import { fieldsOf, type FieldDefinition } from '../fields/service.js';
import { enqueue } from '../jobs/queue.js';
import { recordAudit } from '../platform/audit.js';
import { loadConfig } from '../platform/config.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { requireCan } from '../platform/permissions.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { newId } from '../platform/ids.js';
import { checkOwner } from '../records/service.js';
import {
  formatOf,
  inspectFile,
  readHead,
  UnreadableFile,
  type Encoding,
  type ReadSettings,
} from './readers.js';
import * as repo from './repository.js';
import type { MappingInput, UploadQuery } from './schema.js';
import type { ImportOptions } from './tables.js';

export const IMPORT_QUEUE = 'imports';

/** Uploaded files live in ODNOS_UPLOAD_DIR (default `<data dir>/uploads`) until undone. */
export function uploadDir(): string {
  return process.env.ODNOS_UPLOAD_DIR ?? path.join(loadConfig().dataDir, 'uploads');
}

export const MAX_UPLOAD_BYTES = Number(process.env.ODNOS_IMPORT_MAX_BYTES ?? 4 * 1024 ** 3);

/** Custom fields of an object; the catalog has none. */
export function customFieldsOf(ctx: Ctx, object: ImportObject): Promise<FieldDefinition[]> {
  return object === 'products' ? Promise.resolve([]) : fieldsOf(ctx, object);
}

const DEFAULT_KEYS: Record<ImportObject, ImportOptions['duplicateKey']> = {
  contacts: 'email',
  companies: 'vatId',
  leads: 'email',
  deals: 'none',
  products: 'sku',
};

export function defaultOptions(object: ImportObject): ImportOptions {
  return {
    duplicateMode: 'skip',
    duplicateKey: DEFAULT_KEYS[object],
    dateFormat: 'auto',
    decimalComma: true,
    unknownOwner: 'refuse',
    defaults: { ownerId: null, tags: [], source: null },
  };
}

export async function getImport(ctx: Ctx, id: string): Promise<repo.ImportRow> {
  const row = await repo.findImport(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function listImports(ctx: Ctx) {
  return repo.listImports(ctx);
}

/** Built-in and custom targets of an object, labelled in the caller's language. */
export async function targetsOf(ctx: Ctx, object: ImportObject) {
  const t = translator(ctx.locale);
  const definitions = await customFieldsOf(ctx, object);
  return [
    ...IMPORT_TARGETS[object].map((value) => ({
      value,
      custom: false,
      label: t(`imports:fields.${value}`),
    })),
    ...definitions.map((d) => ({
      value: `custom.${d.key}`,
      custom: true,
      label: localized(d.label, ctx.locale),
    })),
  ];
}

async function suggested(ctx: Ctx, object: ImportObject, headers: string[]) {
  const remembered = await repo.findMapping(ctx, object, shapeKey(object, headers));
  if (remembered) {
    return {
      mapping: remembered.mapping as (string | null)[],
      options: remembered.options as ImportOptions,
      remembered: true,
    };
  }
  const definitions = await customFieldsOf(ctx, object);
  const translators = LOCALES.map((locale) => translator(locale));
  const mapping = suggestMapping(object, headers, [
    ...definitions.map((d) => ({
      target: `custom.${d.key}`,
      labels: [d.key, ...Object.values(d.label).filter((l): l is string => Boolean(l))],
    })),
    ...IMPORT_TARGETS[object].map((target) => ({
      target,
      labels: translators.map((t) => t(`imports:fields.${target}`)),
    })),
  ]);
  return { mapping, options: defaultOptions(object), remembered: false };
}

function unreadable(error: unknown): never {
  if (error instanceof UnreadableFile) throw AppError.invalid('file', error.reason);
  throw error;
}

/** Stores an uploaded file, reads its shape and suggests a mapping. */
export async function createImport(
  ctx: Ctx,
  query: UploadQuery,
  fileName: string,
  file: Readable,
): Promise<repo.ImportRow> {
  requireCan(ctx, 'import', query.object);
  const id = newId();
  const dir = path.join(uploadDir(), ctx.workspace.id);
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, id);
  try {
    await pipeline(file, createWriteStream(filePath));
    if ((file as Readable & { truncated?: boolean }).truncated)
      throw new AppError('payload_too_large');
    const size = (await stat(filePath)).size;
    const format = formatOf(fileName, await readHead(filePath, 512));
    const shape = await inspectFile(filePath, size, format, {
      ...(query.encoding ? { encoding: query.encoding } : {}),
      ...(query.delimiter ? { delimiter: query.delimiter } : {}),
      ...(query.sheet ? { sheet: query.sheet } : {}),
    }).catch(unreadable);
    const suggestion = await suggested(ctx, query.object, shape.headers);
    await repo.insertImport(ctx, {
      id,
      object: query.object,
      status: 'uploaded',
      fileName: fileName.slice(0, 300),
      filePath,
      fileSize: size,
      format,
      settings: shape.settings,
      headers: shape.headers,
      preview: shape.preview,
      sheets: shape.sheets,
      shapeKey: shapeKey(query.object, shape.headers),
      mapping: suggestion.mapping,
      options: { ...suggestion.options, remembered: suggestion.remembered } as ImportOptions,
      createdBy: ctx.actor.userId,
    });
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  // Outside the try: once the row is stored, its file must stay even if this read fails.
  return getImport(ctx, id);
}

function checkMapping(object: ImportObject, mapping: (string | null)[], customKeys: Set<string>) {
  const builtIn = new Set(IMPORT_TARGETS[object]);
  mapping.forEach((target, index) => {
    if (target === null) return;
    const ok = target.startsWith('custom.') ? customKeys.has(target.slice(7)) : builtIn.has(target);
    if (!ok) throw AppError.invalid(`mapping.${index}`, 'imports:errors.unknown_target');
  });
  if (!mapping.some((t) => t !== null))
    throw AppError.invalid('mapping', 'imports:errors.nothing_mapped');
}

/** Changes file settings (re-reads the shape), the mapping and the options before the start. */
export async function updateMapping(ctx: Ctx, id: string, input: MappingInput) {
  const row = await getImport(ctx, id);
  if (row.status !== 'uploaded')
    throw new AppError('conflict', {}, [
      { path: 'status', message: 'imports:errors.already_started' },
    ]);
  const object = row.object as ImportObject;
  const changes: Parameters<typeof repo.updateImport>[2] = {};
  if (input.settings) {
    const settings: Partial<ReadSettings> = {
      encoding: (input.settings.encoding ?? row.settings.encoding) as Encoding,
      delimiter: input.settings.delimiter ?? row.settings.delimiter,
      ...(input.settings.sheet !== undefined && input.settings.sheet !== null
        ? { sheet: input.settings.sheet }
        : row.settings.sheet
          ? { sheet: row.settings.sheet }
          : {}),
    };
    const shape = await inspectFile(
      row.filePath,
      row.fileSize,
      row.format as never,
      settings,
    ).catch(unreadable);
    Object.assign(changes, {
      settings: shape.settings,
      headers: shape.headers,
      preview: shape.preview,
      shapeKey: shapeKey(object, shape.headers),
    });
    if (!input.mapping) changes.mapping = (await suggested(ctx, object, shape.headers)).mapping;
  }
  if (input.mapping) {
    const customKeys = new Set((await customFieldsOf(ctx, object)).map((d) => d.key));
    checkMapping(object, input.mapping, customKeys);
    changes.mapping = input.mapping;
  }
  if (input.options) {
    await checkOwner(ctx, input.options.defaults.ownerId, 'options.defaults.ownerId');
    const duplicateKey = input.options.duplicateKey ?? defaultOptions(object).duplicateKey;
    if (!DUPLICATE_KEYS_OF[object].includes(duplicateKey))
      throw AppError.invalid('options.duplicateKey', 'field.invalid_choice', {
        options: DUPLICATE_KEYS_OF[object].join(', '),
      });
    changes.options = { ...input.options, duplicateKey };
  }
  await repo.updateImport(ctx, id, changes);
  return getImport(ctx, id);
}

/** Queues the import; the mapping is remembered for files of the same shape. */
export async function startImport(ctx: Ctx, id: string) {
  await inTransaction(ctx, async (tx) => {
    const row = await repo.findImport(tx, id, true);
    if (!row) throw AppError.notFound();
    if (row.status !== 'uploaded')
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'imports:errors.already_started' },
      ]);
    const object = row.object as ImportObject;
    requireCan(tx, 'import', object);
    const mapping = row.mapping ?? [];
    checkMapping(object, mapping, new Set((await customFieldsOf(tx, object)).map((d) => d.key)));
    const options = { ...defaultOptions(object), ...row.options };
    delete (options as { remembered?: boolean }).remembered;
    await repo.saveMapping(tx, object, row.shapeKey, mapping, options);
    await repo.updateImport(tx, id, { status: 'queued', options });
    await enqueue(tx, IMPORT_QUEUE, {
      workspaceId: tx.workspace.id,
      importId: id,
      userId: tx.actor.userId,
      op: 'run',
    });
  });
  return getImport(ctx, id);
}

export async function cancelImport(ctx: Ctx, id: string) {
  await inTransaction(ctx, async (tx) => {
    const row = await repo.findImport(tx, id, true);
    if (!row) throw AppError.notFound();
    if (row.status === 'uploaded' || row.status === 'queued')
      await repo.updateImport(tx, id, {
        status: 'cancelled',
        cancelRequested: true,
        finishedAt: new Date(),
      });
    else if (row.status === 'running') await repo.updateImport(tx, id, { cancelRequested: true });
    else
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'imports:errors.not_running' },
      ]);
  });
  return getImport(ctx, id);
}

export async function requestUndo(ctx: Ctx, id: string) {
  await inTransaction(ctx, async (tx) => {
    const row = await repo.findImport(tx, id, true);
    if (!row) throw AppError.notFound();
    if (!['done', 'cancelled', 'failed'].includes(row.status))
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'imports:errors.cannot_undo' },
      ]);
    await repo.updateImport(tx, id, { status: 'undoing' });
    await recordAudit(tx, {
      action: 'update',
      object: 'imports',
      recordId: id,
      changes: { status: [row.status, 'undoing'] },
    });
    await enqueue(tx, IMPORT_QUEUE, {
      workspaceId: tx.workspace.id,
      importId: id,
      userId: tx.actor.userId,
      op: 'undo',
    });
  });
  return getImport(ctx, id);
}

/** The failed rows as CSV lines: the original columns, then the line number and the reason. */
export async function* errorFile(ctx: Ctx, id: string): AsyncGenerator<string> {
  const row = await getImport(ctx, id);
  const t = translator(ctx.locale);
  const csv = (values: string[]) =>
    values.map((v) => (/[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',') + '\r\n';
  yield (
    '\uFEFF' + csv([...row.headers, t('imports:errorFile.line'), t('imports:errorFile.reason')])
  );
  let after = -2;
  for (;;) {
    const page = await repo.errorsPage(ctx, id, after, 1000);
    if (page.length === 0) return;
    let chunk = '';
    for (const e of page) {
      const values = [...e.row];
      while (values.length < row.headers.length) values.push('');
      chunk += csv([...values, String(e.line), e.reason]);
      after = e.rowIndex;
    }
    yield chunk;
  }
}

/** Counts data rows for the progress bar (CSV lines or vCards; XLSX stays unknown). */
export async function estimateRows(filePath: string, format: string): Promise<number | null> {
  if (format === 'xlsx') return null;
  let count = 0;
  const needle = format === 'vcf' ? Buffer.from('BEGIN:VCARD') : Buffer.from('\n');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    let at = buffer.indexOf(needle);
    while (at >= 0) {
      count++;
      at = buffer.indexOf(needle, at + 1);
    }
  }
  return format === 'vcf' ? count : Math.max(count - 1, 0);
}
