import { z } from 'zod';
import {
  DATE_FORMATS,
  DUPLICATE_KEYS,
  DUPLICATE_MODES,
  EXPORT_FORMATS,
  EXPORT_OBJECTS,
  IMPORT_OBJECTS,
  UNKNOWN_OWNER_MODES,
} from '../../common/imports.js';
import { LEAD_SOURCES } from '../../common/records.js';
import { ENCODINGS, FORMATS } from './readers.js';

export const importObject = z.enum(IMPORT_OBJECTS);

export const uploadQuery = z.strictObject({
  object: importObject.default('contacts'),
  encoding: z.enum(ENCODINGS).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  sheet: z.string().max(100).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuery>;

export const importOptions = z.strictObject({
  duplicateMode: z.enum(DUPLICATE_MODES).default('skip'),
  /** Default: the object's usual key (e-mail; VAT id for organizations, code for products). */
  duplicateKey: z.enum(DUPLICATE_KEYS).optional(),
  dateFormat: z.enum(DATE_FORMATS).default('auto'),
  decimalComma: z.boolean().default(true),
  /** An owner e-mail that is not a user of the workspace: the row is refused, or gets the default owner. */
  unknownOwner: z.enum(UNKNOWN_OWNER_MODES).default('refuse'),
  defaults: z
    .strictObject({
      ownerId: z.uuid().nullable().default(null),
      tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
      /** Leads: the source of rows without one (default `import`). */
      source: z.enum(LEAD_SOURCES).nullable().default(null),
    })
    .default({ ownerId: null, tags: [], source: null }),
});
export type ImportOptionsInput = z.infer<typeof importOptions>;

export const mappingBody = z.strictObject({
  mapping: z.array(z.string().max(100).nullable()).max(500).optional(),
  options: importOptions.optional(),
  settings: z
    .strictObject({
      encoding: z.enum(ENCODINGS).optional(),
      delimiter: z.enum([',', ';', '\t', '|']).optional(),
      sheet: z.string().max(100).nullable().optional(),
    })
    .optional(),
});
export type MappingInput = z.infer<typeof mappingBody>;

export const idParams = z.strictObject({ id: z.uuid() });

/** `POST /exports`: a list's export prepared in the background. */
export const exportJobBody = z.strictObject({
  object: z.enum(EXPORT_OBJECTS),
  format: z.enum(EXPORT_FORMATS).default('csv'),
  /** The list's query string as key → value (filters, q, sort, fields). */
  query: z.record(z.string().max(200), z.string().max(2000)).default({}),
});
export type ExportJobInput = z.infer<typeof exportJobBody>;

export const exportJobOut = z.object({
  id: z.uuid(),
  object: z.enum(EXPORT_OBJECTS),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  rowsDone: z.number().int(),
  totalRows: z.number().int().nullable(),
  fileName: z.string(),
  fileSize: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ExportJobOut = z.infer<typeof exportJobOut>;

export const targetOut = z.object({ value: z.string(), custom: z.boolean(), label: z.string() });

export const importOut = z.object({
  id: z.uuid(),
  object: importObject,
  status: z.enum([
    'uploaded',
    'queued',
    'running',
    'done',
    'failed',
    'cancelled',
    'undoing',
    'undone',
  ]),
  fileName: z.string(),
  fileSize: z.number(),
  format: z.enum(FORMATS),
  settings: z.object({
    encoding: z.string(),
    delimiter: z.string(),
    sheet: z.string().nullable(),
  }),
  sheets: z.array(z.string()),
  headers: z.array(z.string()),
  preview: z.array(z.array(z.string())),
  mapping: z.array(z.string().nullable()),
  mappingRemembered: z.boolean(),
  options: importOptions,
  targets: z.array(targetOut),
  progress: z.object({
    rowsDone: z.number(),
    totalRows: z.number().nullable(),
    rowsPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  }),
  counts: z.object({
    created: z.number(),
    updated: z.number(),
    skipped: z.number(),
    failed: z.number(),
  }),
  cancelRequested: z.boolean(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportOut = z.infer<typeof importOut>;

export const importList = z.object({ data: z.array(importOut) });
