/**
 * The mail outbox and the SMTP settings per workspace; DDL in
 * db/migrations/20261203110001-tasks-notifications-mail.sql and 20261203200000-mail-settings.sql.
 */
import { sql } from 'drizzle-orm';
import {
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

export interface StoredAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    toAddresses: text('to_addresses').array().notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body'),
    htmlBody: text('html_body'),
    attachments: jsonb('attachments')
      .$type<StoredAttachment[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sendAfter: ts('send_after'),
    sentAt: ts('sent_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
export type MailRow = typeof mailOutbox.$inferSelect;

export const mailSettings = pgTable('mail_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  smtpHost: text('smtp_host').notNull(),
  smtpPort: integer('smtp_port').notNull(),
  smtpSecure: boolean('smtp_secure').notNull().default(false),
  smtpUser: text('smtp_user'),
  smtpPassword: text('smtp_password'),
  fromName: text('from_name').notNull().default(''),
  fromEmail: text('from_email').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type MailSettingsRow = typeof mailSettings.$inferSelect;
