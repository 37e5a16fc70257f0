import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema.js';
import { inTransaction, type Ctx } from './context.js';
import { AppError } from './errors.js';

/**
 * Runs a create once per `Idempotency-Key`: a repeated key replays the first response. External
 * systems (web forms, telephony, imports) retry safely. Keys are kept per workspace and route.
 */
export async function onceByKey<T>(
  ctx: Ctx,
  key: string | undefined,
  route: string,
  work: (tx: Ctx) => Promise<T>,
): Promise<{ replayed: boolean; body: T }> {
  if (!key) return { replayed: false, body: await work(ctx) };
  if (key.length > 200)
    throw AppError.invalid('Idempotency-Key', 'field.too_long', { maximum: 200 });
  return inTransaction(ctx, async (tx) => {
    // Serializes concurrent requests with the same key.
    await tx.db.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`${ctx.workspace.id}|${route}|${key}`}))`,
    );
    const [existing] = await tx.db
      .select({ response: idempotencyKeys.response })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.workspaceId, ctx.workspace.id),
          eq(idempotencyKeys.key, key),
          eq(idempotencyKeys.route, route),
        ),
      );
    if (existing) return { replayed: true, body: existing.response as T };
    const body = await work(tx);
    await tx.db.insert(idempotencyKeys).values({
      workspaceId: ctx.workspace.id,
      key,
      route,
      status: 201,
      response: body,
    });
    return { replayed: false, body };
  });
}
