/**
 * A workspace's own SMTP server (issue 8). Saving invalidates the cached transport; the test
 * message is sent at once, outside the outbox, so the administrator sees the server's answer.
 */
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import * as repo from './repository.js';
import type { MailSettingsInput } from './schema.js';
import type { MailSettingsRow } from './tables.js';
import { invalidateWorkspaceTransport, mailConfig, senderFor } from './transport.js';

export const getMailSettings = repo.findMailSettings;

export async function updateMailSettings(
  ctx: Ctx,
  input: MailSettingsInput,
): Promise<MailSettingsRow> {
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await repo.findMailSettings(tx);
    const values: repo.MailSettingsValues = {
      smtpHost: input.host,
      smtpPort: input.port,
      smtpSecure: input.secure,
      smtpUser: input.user ? input.user : null,
      smtpPassword: input.password === undefined ? (before?.smtpPassword ?? null) : input.password,
      fromName: input.fromName,
      fromEmail: input.fromEmail,
    };
    await repo.saveMailSettings(tx, values);
    await recordAudit(tx, {
      action: 'update',
      object: 'mail_settings',
      recordId: null,
      changes: Object.fromEntries(
        Object.entries(input).map(([k, v]) => [k, [null, k === 'password' ? '***' : v]]),
      ),
    });
    const row = await repo.findMailSettings(tx);
    if (!row) throw new AppError('internal');
    return row;
  });
  invalidateWorkspaceTransport(ctx.workspace.id);
  return saved;
}

/** Sends a test message now; a refusal comes back as 502 with the SMTP server's own words. */
export async function sendTestMail(ctx: Ctx, to: string): Promise<{ messageId: string | null }> {
  const sender = senderFor(await repo.findMailSettings(ctx), mailConfig());
  if (!sender) throw AppError.invalid('host', 'field.required');
  const t = translator(ctx.locale);
  try {
    const info = (await sender.transport.sendMail({
      from: sender.from,
      to,
      subject: t('settings:mail.testSubject'),
      text: t('settings:mail.testText', { workspace: ctx.workspace.name }),
    })) as { messageId?: string };
    return { messageId: info.messageId ?? null };
  } catch (error) {
    throw new AppError('mail_failed', { reason: (error as Error).message.slice(0, 500) });
  }
}
