/**
 * The tables, declared once for typed queries. The DDL lives in ./migrations/*.sql (applied by
 * ./migrate.ts); `schema.int.test.ts` proves both agree. Every tenant table has `workspace_id`,
 * a primary key `(workspace_id, id)` and foreign keys that include `workspace_id` (DESIGN.md).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  Address,
  ContactPoint,
  CustomValues,
  FieldOptions,
  LocalizedLabel,
} from '../../common/records.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  locale: text('locale').notNull(),
  currency: text('currency').notNull(),
  country: text('country').notNull(),
  timezone: text('timezone').notNull(),
  /** Bumped by triggers whenever roles, teams, shares or the security policy change. */
  accessVersion: bigint('access_version', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable(
  'users',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    locale: text('locale').notNull(),
    timezone: text('timezone'),
    active: boolean('active').notNull().default(true),
    lastLoginAt: ts('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Access levels (issue 9, server/access)
    roleId: uuid('role_id'),
    deputyId: uuid('deputy_id'),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    recoveryCodes: text('recovery_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  id: uuid('id').notNull().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: createdAt(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const fieldDefinitions = pgTable(
  'field_definitions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    object: text('object').notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    label: jsonb('label').$type<LocalizedLabel>().notNull(),
    options: jsonb('options')
      .$type<FieldOptions>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    required: boolean('required').notNull().default(false),
    hidden: boolean('hidden').notNull().default(false),
    searchable: boolean('searchable').notNull().default(false),
    position: integer('position').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Columns every business record shares. */
const recordColumns = () => ({
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  ownerId: uuid('owner_id'),
  tags: text('tags')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  custom: jsonb('custom')
    .$type<CustomValues>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  searchText: text('search_text').notNull().default(''),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  deletedAt: ts('deleted_at'),
});

export const companies = pgTable(
  'companies',
  {
    ...recordColumns(),
    name: text('name').notNull(),
    legalName: text('legal_name'),
    vatId: text('vat_id'),
    registrationNumber: text('registration_number'),
    kinds: text('kinds')
      .array()
      .notNull()
      .default(sql`'{customer}'::text[]`),
    emails: jsonb('emails')
      .$type<ContactPoint[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    phones: jsonb('phones')
      .$type<ContactPoint[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    addresses: jsonb('addresses')
      .$type<Address[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    website: text('website'),
    industry: text('industry'),
    parentId: uuid('parent_id'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const contacts = pgTable(
  'contacts',
  {
    ...recordColumns(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    jobTitle: text('job_title'),
    emails: jsonb('emails')
      .$type<ContactPoint[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    phones: jsonb('phones')
      .$type<ContactPoint[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    addresses: jsonb('addresses')
      .$type<Address[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    birthday: date('birthday', { mode: 'string' }),
    locale: text('locale'),
    companyId: uuid('company_id'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const leads = pgTable(
  'leads',
  {
    ...recordColumns(),
    name: text('name').notNull().default(''),
    companyName: text('company_name'),
    email: text('email'),
    phone: text('phone'),
    source: text('source').notNull(),
    message: text('message'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmTerm: text('utm_term'),
    utmContent: text('utm_content'),
    status: text('status').notNull().default('new'),
    disqualifyReason: text('disqualify_reason'),
    convertedAt: ts('converted_at'),
    convertedContactId: uuid('converted_contact_id'),
    convertedCompanyId: uuid('converted_company_id'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * Normalized phones and emails of every record, kept in the same transaction as the record:
 * phone lookup (telephony), duplicate detection and email matching read this table.
 */
export const contactPoints = pgTable('contact_points', {
  workspaceId: uuid('workspace_id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  kind: text('kind').notNull(),
  /** E.164 for phones, lower-case address for emails. */
  value: text('value').notNull(),
  /** Phones only: the national significant number, for matches without a country code. */
  national: text('national'),
});

/** Timeline entries that are not field changes: notes now; calls, emails, orders later. */
export const activities = pgTable(
  'activities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    kind: text('kind').notNull(),
    body: text('body'),
    data: jsonb('data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    actorId: uuid('actor_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Who changed what, when and from where; written in the same transaction as the change. */
export const auditEvents = pgTable(
  'audit_events',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorType: text('actor_type').notNull(),
    action: text('action').notNull(),
    object: text('object').notNull(),
    recordId: uuid('record_id'),
    changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const savedViews = pgTable(
  'saved_views',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    object: text('object').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Responses of creates that carried an `Idempotency-Key`, replayed when the key comes again. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key, t.route] })],
);
