/** A user's own security: two-factor sign-in, recovery codes, sessions, password policy. */
import { sha256, verifyPassword } from '../auth/secrets.js';
import type { Database } from '../db/connection.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { findUser } from '../users/repository.js';
import * as account from './account-repository.js';
import { findSecurity } from './repository.js';
import {
  enrolment,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  passwordProblems,
  RECOVERY_CODE,
  TOTP_CODE,
  totpStep,
} from './security.js';
import { roleOfUser } from './service.js';

/** Refuses a new password the workspace policy does not allow (400 on `path`). */
export async function checkPassword(
  ctx: Ctx,
  password: string,
  path = 'password',
  personal: string[] = [],
): Promise<void> {
  const policy = await findSecurity(ctx.db, ctx.workspace.id);
  const problems = passwordProblems(password, policy, path, personal);
  if (problems.length) throw new AppError('validation_failed', {}, problems);
}

/** After a password change: the expiry clock restarts and other sessions end. */
export async function passwordChanged(
  ctx: Ctx,
  userId: string,
  keepTokenHash: string | null,
): Promise<void> {
  await account.touchPasswordChanged(ctx, userId);
  await account.deleteSessionsOf(ctx, userId, keepTokenHash);
}

type CodeCheck = 'ok' | 'wrong' | 'reused';

/**
 * Checks a sign-in's second factor: a 6-digit TOTP code (each accepted once) or an unused
 * recovery code (consumed). Malformed codes are a 400 on `code`.
 */
export async function checkSecondFactor(
  database: Database,
  workspaceId: string,
  userId: string,
  code: string,
): Promise<CodeCheck> {
  const state = await account.securityState(database.db, workspaceId, userId);
  if (!state?.totpSecret) return 'ok';
  const trimmed = code.replace(/\s+/g, '');
  if (TOTP_CODE.test(trimmed)) {
    const step = totpStep(state.totpSecret, trimmed);
    if (step === null) return 'wrong';
    return (await account.useTotpStep(database.db, workspaceId, userId, step)) ? 'ok' : 'reused';
  }
  const recovery = normalizeRecoveryCode(code);
  if (RECOVERY_CODE.test(recovery)) {
    return (await account.useRecoveryCode(database.db, workspaceId, userId, sha256(recovery)))
      ? 'ok'
      : 'wrong';
  }
  throw AppError.invalid('code', 'access:errors.code_malformed');
}

export async function twoFactorEnabled(
  database: Database,
  workspaceId: string,
  userId: string,
): Promise<boolean> {
  return Boolean((await account.securityState(database.db, workspaceId, userId))?.totpEnabledAt);
}

/** Starts enrolment: a new secret waits until a code from the app confirms it. */
export async function setupTwoFactor(ctx: Ctx) {
  const me = await findUser(ctx, ctx.actor.userId ?? '');
  if (!me) throw new AppError('unauthenticated');
  const state = await account.securityState(ctx.db, ctx.workspace.id, me.id);
  if (state?.totpEnabledAt)
    throw new AppError('conflict', {}, [{ path: 'code', message: 'access:errors.2fa_already_on' }]);
  const secret = newTotpSecret();
  await account.setPendingSecret(ctx, secret);
  return enrolment(secret, me.email);
}

/** Confirms enrolment with a code from the app; answers the recovery codes (shown once). */
export async function verifyTwoFactor(
  ctx: Ctx,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const trimmed = code.replace(/\s+/g, '');
  if (!TOTP_CODE.test(trimmed)) throw AppError.invalid('code', 'access:errors.code_malformed');
  return inTransaction(ctx, async (tx) => {
    const state = await account.securityState(tx.db, tx.workspace.id, tx.actor.userId ?? '');
    if (!state?.totpPendingSecret)
      throw new AppError('conflict', {}, [
        { path: 'code', message: 'access:errors.2fa_not_started' },
      ]);
    const step = totpStep(state.totpPendingSecret, trimmed);
    if (step === null) throw AppError.invalid('code', 'access:errors.code_wrong');
    const { codes, hashes } = newRecoveryCodes();
    await account.enableTotp(tx, state.totpPendingSecret, step, hashes);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'users',
      recordId: tx.actor.userId,
      changes: { twoFactor: [false, true] },
    });
    return { recoveryCodes: codes };
  });
}

/** Turns two-factor off for oneself (password required) unless the role requires it. */
export async function disableTwoFactor(ctx: Ctx, password: string): Promise<void> {
  const me = await findUser(ctx, ctx.actor.userId ?? '');
  if (!me) throw new AppError('unauthenticated');
  if (!(await verifyPassword(me.passwordHash, password)))
    throw AppError.invalid('password', 'field.wrong_password');
  const role = await roleOfUser(ctx, me.id);
  if (role?.require2fa) throw AppError.invalid('password', 'access:errors.2fa_required_by_role');
  await inTransaction(ctx, async (tx) => {
    await account.disableTotp(tx, me.id);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'users',
      recordId: me.id,
      changes: { twoFactor: [true, false] },
    });
  });
}

/** An administrator resets a user's two-factor (lost phone); the user enrols again. */
export async function resetTwoFactor(ctx: Ctx, userId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await findUser(tx, userId))) throw AppError.notFound();
    await account.disableTotp(tx, userId);
    await account.deleteSessionsOf(tx, userId, null);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'users',
      recordId: userId,
      changes: { twoFactor: [true, false] },
    });
  });
}

export async function regenerateRecoveryCodes(ctx: Ctx, code: string) {
  const check = await checkSecondFactor(
    ctx.database,
    ctx.workspace.id,
    ctx.actor.userId ?? '',
    code,
  );
  if (check !== 'ok') throw AppError.invalid('code', `access:errors.code_${check}`);
  const { codes, hashes } = newRecoveryCodes();
  await account.setRecoveryCodes(ctx, hashes);
  return { recoveryCodes: codes };
}

export async function listSessions(ctx: Ctx, currentTokenHash: string | null) {
  const rows = await account.listSessions(ctx, ctx.actor.userId ?? '');
  return rows.map(({ tokenHash, ...row }) => ({ ...row, current: tokenHash === currentTokenHash }));
}

export async function revokeSession(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await account.deleteSessionById(tx, tx.actor.userId ?? '', id)))
      throw AppError.notFound();
    await recordAudit(tx, {
      action: 'sign_out',
      object: 'users',
      recordId: tx.actor.userId,
      changes: { session: [id, null] },
    });
  });
}

/** "Sign out everywhere": every other session of the user ends. */
export async function signOutEverywhere(
  ctx: Ctx,
  userId: string,
  keepTokenHash: string | null,
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const n = await account.deleteSessionsOf(tx, userId, keepTokenHash);
    await recordAudit(tx, {
      action: 'sign_out',
      object: 'users',
      recordId: userId,
      changes: { sessions: [n, 0] },
    });
    return n;
  });
}
