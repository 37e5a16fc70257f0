/** The mail API contract: outbox and SMTP settings. */
import { z } from 'zod';

export const MAIL_STATUSES = ['queued', 'sent', 'failed'] as const;

export const mailOut = z.object({
  id: z.uuid(),
  to: z.array(z.string()),
  subject: z.string(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sendAfter: z.iso.datetime().nullable(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const mailSettingsOut = z.object({
  /** False: the workspace sends through the server's default (ODNOS_SMTP_URL). */
  configured: z.boolean(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  secure: z.boolean(),
  user: z.string().nullable(),
  /** The password itself never leaves the server. */
  passwordSet: z.boolean(),
  fromName: z.string(),
  fromEmail: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});

export const mailSettingsBody = z.strictObject({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  /** Empty or null: no authentication. */
  user: z.string().trim().max(255).nullable().optional(),
  /** Omitted: keep the stored password; null: remove it. */
  password: z.string().max(1000).nullable().optional(),
  fromName: z.string().trim().max(200).default(''),
  fromEmail: z.email({ message: 'field.invalid_email' }).max(254),
});
export type MailSettingsInput = z.infer<typeof mailSettingsBody>;

export const mailTestBody = z.strictObject({
  to: z.email({ message: 'field.invalid_email' }).max(254),
});
export const mailTestOut = z.object({ messageId: z.string().nullable() });
