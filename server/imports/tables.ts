/** Tables of imports; DDL in db/migrations/20261203140001-imports.sql. */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export interface ImportSettings {
  encoding: string;
  delimiter: string;
  sheet: string | null;
}

export interface ImportOptions {
  duplicateMode: 'skip' | 'update' | 'create';
  duplicateKey: 'email' | 'phone' | 'vatId' | 'externalId' | 'sku' | 'none';
  dateFormat: 'auto' | 'DMY' | 'YMD' | 'MDY';
  decimalComma: boolean;
  /** Missing in imports set up before the option existed: `refuse`. */
  unknownOwner?: 'refuse' | 'default';
  defaults: { ownerId: string | null; tags: string[]; source: string | null };
}

export const imports = pgTable(
  'imports',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    object: text('object').notNull(),
    status: text('status').notNull(),
    fileName: text('file_name').notNull(),
    filePath: text('file_path').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    format: text('format').notNull(),
    settings: jsonb('settings').$type<ImportSettings>().notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    preview: jsonb('preview').$type<string[][]>().notNull(),
    sheets: jsonb('sheets').$type<string[]>().notNull(),
    shapeKey: text('shape_key').notNull(),
    mapping: jsonb('mapping').$type<(string | null)[]>(),
    options: jsonb('options').$type<ImportOptions>(),
    rowsDone: integer('rows_done').notNull().default(0),
    bytesDone: bigint('bytes_done', { mode: 'number' }).notNull().default(0),
    totalRows: integer('total_rows'),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    error: text('error'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    heartbeatAt: ts('heartbeat_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const importErrors = pgTable(
  'import_errors',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    rowIndex: integer('row_index').notNull(),
    line: integer('line').notNull(),
    row: jsonb('row').$type<string[]>().notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.rowIndex] })],
);

export const importCreated = pgTable(
  'import_created',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    object: text('object').notNull(),
    ids: uuid('ids').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.seq, t.object] })],
);

export const importItems = pgTable(
  'import_items',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    object: text('object').notNull(),
    recordId: uuid('record_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.object, t.recordId] })],
);

export const importMappings = pgTable(
  'import_mappings',
  {
    workspaceId: uuid('workspace_id').notNull(),
    object: text('object').notNull(),
    shapeKey: text('shape_key').notNull(),
    mapping: jsonb('mapping').notNull(),
    options: jsonb('options').notNull(),
    updatedAt: ts('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.object, t.shapeKey] })],
);

export const externalIds = pgTable(
  'external_ids',
  {
    workspaceId: uuid('workspace_id').notNull(),
    object: text('object').notNull(),
    externalId: text('external_id').notNull(),
    recordId: uuid('record_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.object, t.externalId] })],
);

/** Exports prepared in the background; DDL in db/migrations/20261207120000-exports.sql. */
export const exportJobs = pgTable(
  'exports',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    object: text('object').notNull(),
    format: text('format').notNull(),
    query: jsonb('query').$type<Record<string, string>>().notNull(),
    status: text('status').notNull(),
    rowsDone: integer('rows_done').notNull().default(0),
    totalRows: integer('total_rows'),
    fileName: text('file_name').notNull(),
    filePath: text('file_path'),
    fileSize: bigint('file_size', { mode: 'number' }),
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
