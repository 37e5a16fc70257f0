import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-odnos-signature';

/** `sha256=<hex>` of HMAC-SHA256(secret, body) — the form GitHub-style webhooks use. */
export function sign(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check of a signature header (with or without the `sha256=` prefix). */
export function verifySignature(
  secret: string,
  body: Buffer | string,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const given = header
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = sign(secret, body).slice('sha256='.length);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
