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
import { checkSecondFactor, twoFactorEnabled } from '../access/account.js';
import { clearFailures, registerFailure } from '../access/account-repository.js';
import { findSecurity } from '../access/repository.js';
import { withAccess } from '../access/service.js';

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
  input: { email: string; password: string; code?: string | undefined },
  meta: RequestMeta,
): Promise<{ token: string; ctx: Ctx }> {
  const throttleKey = `${meta.ip ?? ''}|${input.email.toLowerCase()}`;
  if (recentFailures(throttleKey).length >= FAILURE_LIMIT) {
    throw new AppError('too_many_requests', { minutes: FAILURE_WINDOW_MS / 60_000 });
  }
  const user = await repo.findUserForLogin(database.db, input.email);
  const ctx = user ? contextFor(database, user, meta, { type: 'user' }) : null;
  if (user && ctx && user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAudit(ctx, {
      action: 'sign_in_failed',
      object: 'users',
      recordId: user.userId,
      changes: { reason: [null, 'locked'] },
    });
    throw lockedError(user.lockedUntil);
  }
  const ok = user?.active ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user || !ctx || !ok) {
    failures.set(throttleKey, [...recentFailures(throttleKey), Date.now()]);
    if (user && ctx) await failedSignIn(ctx, user.userId, 'password');
    throw new AppError('invalid_credentials');
  }
  if (await twoFactorEnabled(database, user.workspaceId, user.userId)) {
    if (!input.code) throw new AppError('two_factor_required');
    const check = await checkSecondFactor(database, user.workspaceId, user.userId, input.code);
    if (check !== 'ok') {
      failures.set(throttleKey, [...recentFailures(throttleKey), Date.now()]);
      await failedSignIn(ctx, user.userId, `code_${check}`);
      throw new AppError('validation_failed', {}, [
        { path: 'code', message: `access:errors.code_${check}` },
      ]);
    }
  }
  failures.delete(throttleKey);
  const { secret, hash } = newSecret('ods');
  await database.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as Ctx['db'] };
    await clearFailures(txCtx.db, user.workspaceId, user.userId);
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
  return { token: secret, ctx: await withAccess(ctx) };
}

function lockedError(until: Date): AppError {
  return new AppError('account_locked', {
    minutes: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000)),
  });
}

/** Counts a failed sign-in against the account (lock-out) and audits it. */
async function failedSignIn(ctx: Ctx, userId: string, reason: string): Promise<void> {
  const policy = await findSecurity(ctx.db, ctx.workspace.id);
  const lockedUntil = await registerFailure(
    ctx.db,
    ctx.workspace.id,
    userId,
    policy.lockoutThreshold,
    policy.lockoutMinutes,
  );
  await recordAudit(ctx, {
    action: 'sign_in_failed',
    object: 'users',
    recordId: userId,
    changes: { reason: [null, reason] },
  });
  if (lockedUntil) throw lockedError(lockedUntil);
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
  return withAccess(
    contextFor(database, principal, meta, { type: 'user' }),
    principal.accessVersion,
  );
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
  return withAccess(
    contextFor(database, principal, meta, { type: 'api_key', apiKeyId: principal.apiKeyId }),
    principal.accessVersion,
  );
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
