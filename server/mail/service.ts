/**
 * Outgoing email. `sendMail(ctx, …)` writes the message to `mail_outbox` and enqueues the
 * `mail.send` job in the caller's transaction: the message leaves only if that change commits.
 * The worker sends it over SMTP (nodemailer) — the workspace's own server when it has mail settings,
 * else the server-wide one; failures are retried with backoff and, after the
 * last attempt, stay visible as `failed` with the error.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/connection.js';
import { enqueue, jobsOf } from '../jobs/queue.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { mailOutbox, type MailRow } from './tables.js';
import { mailSettingsOf } from './repository.js';
import { mailConfig, senderFor } from './transport.js';

export const MAIL_QUEUE = 'mail.send';
export const MAX_ATTEMPTS = 5;

export interface MailAttachment {
  filename: string;
  contentType?: string;
  content: Buffer | string;
}

export interface MailInput {
  to: string | string[];
  subject: string;
  text?: string | undefined;
  html?: string | undefined;
  attachments?: MailAttachment[] | undefined;
  /** Not before this time (quiet hours). */
  sendAfter?: Date | null | undefined;
}

/** True when this process runs the job queue (tests and tools may run without it). */
export function jobsRunning(database: Database): boolean {
  try {
    jobsOf(database);
    return true;
  } catch {
    return false;
  }
}

export async function enqueueMail(ctx: Ctx, id: string, sendAfter: Date | null): Promise<void> {
  if (!jobsRunning(ctx.database)) return;
  await enqueue(
    ctx,
    MAIL_QUEUE,
    { workspaceId: ctx.workspace.id, id },
    {
      singletonKey: id,
      retryLimit: MAX_ATTEMPTS,
      retryDelay: 5,
      retryBackoff: true,
      ...(sendAfter ? { startAfter: sendAfter } : {}),
    },
  );
}

/** Queues an email in the caller's transaction; returns the outbox id. */
export async function sendMail(ctx: Ctx, input: MailInput): Promise<string> {
  return inTransaction(ctx, (tx) => queueMail(tx, input));
}

/** `sendMail` for a caller already inside its transaction (`tx.db` is it). */
export async function queueMail(tx: Ctx, input: MailInput): Promise<string> {
  const to = (Array.isArray(input.to) ? input.to : [input.to]).map((a) => a.trim()).filter(Boolean);
  const id = newId();
  await tx.db.insert(mailOutbox).values({
    workspaceId: tx.workspace.id,
    id,
    toAddresses: to,
    subject: input.subject,
    textBody: input.text ?? null,
    htmlBody: input.html ?? null,
    attachments: (input.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType ?? 'application/octet-stream',
      contentBase64: Buffer.isBuffer(a.content)
        ? a.content.toString('base64')
        : Buffer.from(a.content, 'utf8').toString('base64'),
    })),
    sendAfter: input.sendAfter ?? null,
    createdBy: tx.actor.userId,
  });
  await enqueueMail(tx, id, input.sendAfter ?? null);
  return id;
}

export async function listOutbox(ctx: Ctx, status: string | null, limit = 100): Promise<MailRow[]> {
  return ctx.db
    .select()
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.workspaceId, ctx.workspace.id),
        status ? eq(mailOutbox.status, status) : undefined,
      ),
    )
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
}

/** Sends a failed message again (a fresh set of attempts). */
export async function retryMail(ctx: Ctx, id: string): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .update(mailOutbox)
      .set({ status: 'queued', attempts: 0, lastError: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(mailOutbox.workspaceId, tx.workspace.id),
          eq(mailOutbox.id, id),
          eq(mailOutbox.status, 'failed'),
        ),
      )
      .returning({ id: mailOutbox.id });
    if (rows.length === 0) return false;
    await enqueueMail(tx, id, null);
    return true;
  });
}

/**
 * Sends one queued message (the job handler). The row is locked while it is sent, so a second
 * process holding a duplicate job waits and then finds it sent. Throws to make pg-boss retry.
 */
export async function deliverMail(
  database: Database,
  workspaceId: string,
  id: string,
): Promise<void> {
  const sender = senderFor(await mailSettingsOf(database.db, workspaceId), mailConfig());
  const failure = await database.db.transaction(async (tx): Promise<Error | null> => {
    const [row] = await tx
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.workspaceId, workspaceId), eq(mailOutbox.id, id)))
      .for('update');
    if (!row || row.status !== 'queued') return null;
    const attempts = row.attempts + 1;
    try {
      if (!sender) throw new Error('ODNOS_SMTP_URL is not set');
      const info = (await sender.transport.sendMail({
        from: sender.from,
        to: row.toAddresses,
        subject: row.subject,
        ...(row.textBody !== null ? { text: row.textBody } : {}),
        ...(row.htmlBody !== null ? { html: row.htmlBody } : {}),
        attachments: row.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, 'base64'),
        })),
      })) as { messageId?: string };
      await tx
        .update(mailOutbox)
        .set({
          status: 'sent',
          attempts,
          sentAt: sql`now()`,
          messageId: info.messageId ?? null,
          lastError: null,
          updatedAt: sql`now()`,
        })
        .where(and(eq(mailOutbox.workspaceId, workspaceId), eq(mailOutbox.id, id)));
      return null;
    } catch (error) {
      await tx
        .update(mailOutbox)
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
          attempts,
          lastError: (error as Error).message.slice(0, 1000),
          updatedAt: sql`now()`,
        })
        .where(and(eq(mailOutbox.workspaceId, workspaceId), eq(mailOutbox.id, id)));
      // After the last attempt the message stays `failed` (visible); no more retries.
      return attempts >= MAX_ATTEMPTS ? null : (error as Error);
    }
  });
  if (failure) throw failure;
}
