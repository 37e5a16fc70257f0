import { isLocale } from '../../common/locales.js';
import type { UserRole } from '../../common/records.js';
import type { Database } from '../db/connection.js';
import { recordAudit } from '../platform/audit.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import * as repo from './repository.js';
import type { Principal } from './repository.js';
import { newSecret, sha256, verifyPassword } from './secrets.js';

export const SESSION_COOKIE = 'odnos_session';
export const SESSION_DAYS = 30;
const TOUCH_AFTER_MS = 10 * 60_000;

export interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/** Builds the caller's context from a resolved principal. */
export function contextFor(
  database: Database,
  principal: Principal,
  meta: RequestMeta,
  actor: { type: 'user' | 'api_key'; apiKeyId?: string },
): Ctx {
  const workspaceLocale = isLocale(principal.workspaceLocale) ? principal.workspaceLocale : 'en';
  return {
    workspace: {
      id: principal.workspaceId,
      name: principal.workspaceName,
      locale: workspaceLocale,
      currency: principal.currency,
      country: principal.country,
      timezone: principal.timezone,
    },
    actor: {
      type: actor.type,
      userId: principal.userId,
      role: principal.role as UserRole,
      ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
    },
    locale: isLocale(principal.locale) ? principal.locale : workspaceLocale,
    db: database.db,
    database,
    ...meta,
  };
}

// Failed sign-ins per (ip, email) in a sliding window; more than the limit answers 429.
const FAILURE_WINDOW_MS = 15 * 60_000;
const FAILURE_LIMIT = 10;
const failures = new Map<string, number[]>();

function recentFailures(key: string): number[] {
  const now = Date.now();
  const list = (failures.get(key) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

export async function login(
  database: Database,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ token: string; ctx: Ctx }> {
  const throttleKey = `${meta.ip ?? ''}|${input.email.toLowerCase()}`;
  if (recentFailures(throttleKey).length >= FAILURE_LIMIT) {
    throw new AppError('too_many_requests', { minutes: FAILURE_WINDOW_MS / 60_000 });
  }
  const user = await repo.findUserForLogin(database.db, input.email);
  const ok = user?.active ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user || !ok) {
    failures.set(throttleKey, [...recentFailures(throttleKey), Date.now()]);
    throw new AppError('invalid_credentials');
  }
  failures.delete(throttleKey);
  const { secret, hash } = newSecret('ods');
  const ctx = contextFor(database, user, meta, { type: 'user' });
  await database.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as Ctx['db'] };
    await repo.insertSession(txCtx.db, {
      tokenHash: hash,
      workspaceId: user.workspaceId,
      userId: user.userId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt: sessionExpiry(),
    });
    await repo.markLoggedIn(txCtx, user.userId);
    await recordAudit(txCtx, { action: 'sign_in', object: 'users', recordId: user.userId });
  });
  return { token: secret, ctx };
}

function sessionExpiry(): Date {
  return new Date(Date.now() + SESSION_DAYS * 24 * 3600_000);
}

/** The principal behind a session cookie, sliding its expiry now and then. */
export async function authenticateSession(
  database: Database,
  token: string,
  meta: RequestMeta,
): Promise<Ctx | null> {
  const tokenHash = sha256(token);
  const principal = await repo.findSession(database.db, tokenHash);
  if (!principal?.active) return null;
  if (Date.now() - principal.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await repo.touchSession(database.db, tokenHash, sessionExpiry());
  }
  return contextFor(database, principal, meta, { type: 'user' });
}

export async function authenticateApiKey(
  database: Database,
  key: string,
  meta: RequestMeta,
): Promise<Ctx | null> {
  const principal = await repo.findApiKey(database.db, sha256(key));
  if (!principal?.active) return null;
  if (!principal.lastUsedAt || Date.now() - principal.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    await repo.touchApiKey(database.db, principal.workspaceId, principal.apiKeyId);
  }
  return contextFor(database, principal, meta, { type: 'api_key', apiKeyId: principal.apiKeyId });
}

export async function logout(ctx: Ctx, token: string): Promise<void> {
  await repo.deleteSession(ctx.db, sha256(token));
  await recordAudit(ctx, { action: 'sign_out', object: 'users', recordId: ctx.actor.userId });
}

export async function createApiKey(
  ctx: Ctx,
  name: string,
): Promise<{ id: string; name: string; key: string }> {
  if (!ctx.actor.userId) throw new AppError('forbidden');
  const { secret, hash } = newSecret('odk');
  const id = newId();
  await repo.insertApiKey(ctx, {
    id,
    name,
    keyHash: hash,
    prefix: secret.slice(0, 10),
    userId: ctx.actor.userId,
  });
  return { id, name, key: secret };
}

export const listApiKeys = repo.listApiKeys;

export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  if (!(await repo.revokeApiKey(ctx, id))) throw AppError.notFound();
}
