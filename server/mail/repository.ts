/** SQL of the mail feature's settings (the outbox queries live in service.ts). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';
import { mailSettings, type MailSettingsRow } from './tables.js';

export type MailSettingsValues = Omit<MailSettingsRow, 'workspaceId' | 'updatedAt'>;

export async function findMailSettings(ctx: Ctx): Promise<MailSettingsRow | null> {
  return mailSettingsOf(ctx.db, ctx.workspace.id);
}

/** For the mail worker, which runs outside any request (no `Ctx`). */
export async function mailSettingsOf(db: Db, workspaceId: string): Promise<MailSettingsRow | null> {
  const [row] = await db
    .select()
    .from(mailSettings)
    .where(eq(mailSettings.workspaceId, workspaceId));
  return row ?? null;
}

export async function saveMailSettings(ctx: Ctx, values: MailSettingsValues): Promise<void> {
  await ctx.db
    .insert(mailSettings)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .onConflictDoUpdate({
      target: mailSettings.workspaceId,
      set: { ...values, updatedAt: sql`now()` },
    });
}
