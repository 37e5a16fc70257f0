/** Password policy, TOTP two-factor codes and recovery codes (pure functions, unit-tested). */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { sha256 } from '../auth/secrets.js';
import type { ErrorDetail } from '../platform/errors.js';

const require = createRequire(import.meta.url);
// Mozilla's list of the most common passwords (CommonJS, no types).
const commonPasswords = require('fxa-common-password-list') as { test(p: string): boolean };

export interface PasswordPolicy {
  passwordMinLength: number;
  passwordBlockCommon: boolean;
}

/** Problems of a new password under the workspace policy (empty when it is acceptable). */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  path = 'password',
  personal: string[] = [],
): ErrorDetail[] {
  if (password.length < policy.passwordMinLength)
    return [
      { path, message: 'access:errors.password_short', params: { min: policy.passwordMinLength } },
    ];
  const lower = password.toLowerCase();
  if (
    policy.passwordBlockCommon &&
    (commonPasswords.test(password) ||
      commonPasswords.test(lower) ||
      /^(.)\1+$/.test(password) ||
      personal.some((p) => p.length >= 4 && lower.includes(p.toLowerCase())))
  )
    return [{ path, message: 'access:errors.password_common' }];
  return [];
}

const PERIOD = 30;

function totp(secret: string, label = 'Odnos'): TOTP {
  return new TOTP({
    issuer: 'Odnos',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function enrolment(secret: string, email: string) {
  const uri = totp(secret, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { otpauthUri: uri, qrSvg, secret };
}

/**
 * The time step a 6-digit code belongs to (±1 step of clock drift), or null when it is wrong.
 * The caller stores the step and refuses steps not after the last used one (no replay).
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/** The current code (tests and the e2e journey act as an authenticator app). */
export function currentCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}

export const TOTP_CODE = /^\d{6}$/;
export const RECOVERY_CODE = /^[a-z2-7]{5}-[a-z2-7]{5}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten single-use recovery codes; only their SHA-256 is stored. */
export function newRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => ALPHABET[b % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map((c) => sha256(c)) };
}

export function normalizeRecoveryCode(code: string): string {
  return code.trim().toLowerCase();
}
