/** What leaves the server about mail: never the SMTP password, only whether one is stored. */
import type { z } from 'zod';
import type { mailOut, mailSettingsOut } from './schema.js';
import { MAIL_STATUSES } from './schema.js';
import type { MailRow, MailSettingsRow } from './tables.js';

export function presentMail(row: MailRow): z.infer<typeof mailOut> {
  return {
    id: row.id,
    to: row.toAddresses,
    subject: row.subject,
    status: row.status as (typeof MAIL_STATUSES)[number],
    attempts: row.attempts,
    lastError: row.lastError,
    sendAfter: row.sendAfter?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentMailSettings(row: MailSettingsRow | null): z.infer<typeof mailSettingsOut> {
  return {
    configured: row !== null,
    host: row?.smtpHost ?? null,
    port: row?.smtpPort ?? null,
    secure: row?.smtpSecure ?? false,
    user: row?.smtpUser ?? null,
    passwordSet: Boolean(row?.smtpPassword),
    fromName: row?.fromName ?? '',
    fromEmail: row?.fromEmail ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
