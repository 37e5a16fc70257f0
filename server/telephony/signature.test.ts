import { describe, expect, it } from 'vitest';
import { sign, verifySignature } from './signature.js';

describe('PBX signatures', () => {
  const secret = 'a-long-shared-secret';
  const body = '{"callId":"1","event":"ringing"}';

  it('accepts the HMAC of the exact body, with or without the prefix', () => {
    const signature = sign(secret, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, signature)).toBe(true);
    expect(verifySignature(secret, Buffer.from(body), signature.slice(7).toUpperCase())).toBe(true);
  });

  it('refuses another body, another secret, garbage and a missing header', () => {
    const signature = sign(secret, body);
    expect(verifySignature(secret, `${body} `, signature)).toBe(false);
    expect(verifySignature('another-secret-value', body, signature)).toBe(false);
    expect(verifySignature(secret, body, 'sha256=zz')).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
  });
});
