import { createServer, type AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLocale } from '../../common/locales.js';
import { systemContext, type Ctx } from '../platform/context.js';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';
import { startTestSmtp, type TestSmtp } from '../test-support/smtp.js';
import { sendMail } from './service.js';

let server: TestServer;
/** The workspace's own SMTP server. */
let own: TestSmtp;
/** The installation's default (ODNOS_SMTP_URL). */
let fallback: TestSmtp;
let ws: SignedIn;

const portOf = (smtp: TestSmtp) => Number(new URL(smtp.url).port);
const toText = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function systemOf(signedIn: SignedIn): Promise<Ctx> {
  const w = (await signedIn.api.get('/me')).body.workspace;
  return systemContext(server.database, { ...w, locale: isLocale(w.locale) ? w.locale : 'en' });
}

const settingsFor = (smtp: TestSmtp) => ({
  host: '127.0.0.1',
  port: portOf(smtp),
  secure: false,
  user: null,
  password: 'pa55-word-never-shown',
  fromName: 'Kovač d.o.o.',
  fromEmail: 'prodaja@kovac.example',
});

beforeAll(async () => {
  own = await startTestSmtp();
  fallback = await startTestSmtp();
  process.env.ODNOS_SMTP_URL = fallback.url;
  process.env.ODNOS_MAIL_FROM = 'Odnos <default@example.com>';
  server = await startTestServer({ jobs: true });
  ws = await server.newWorkspace({ country: 'SI' });
});
afterAll(async () => {
  await server.close();
  await own.close();
  await fallback.close();
  delete process.env.ODNOS_SMTP_URL;
  delete process.env.ODNOS_MAIL_FROM;
});

describe('mail settings', () => {
  it('are for administrators only', async () => {
    for (const role of ['member', 'manager']) {
      const user = await ws.addUser(role);
      expect((await user.api.get('/mail/settings')).status).toBe(403);
      expect((await user.api.put('/mail/settings', settingsFor(own))).status).toBe(403);
      expect((await user.api.post('/mail/settings/test', { to: 'a@example.com' })).status).toBe(
        403,
      );
    }
  });

  it('reject a wrong port or address with the field that is wrong', async () => {
    for (const [patch, path] of [
      [{ port: 0 }, 'port'],
      [{ port: 65536 }, 'port'],
      [{ fromEmail: 'not an address' }, 'fromEmail'],
      [{ host: '' }, 'host'],
    ] as const) {
      const response = await ws.api.put('/mail/settings', { ...settingsFor(own), ...patch });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(response.body.details[0].message).toBeTruthy();
    }
    const badTo = await ws.api.post('/mail/settings/test', { to: 'nobody' });
    expect(badTo.status).toBe(400);
    expect(badTo.body.details[0]).toMatchObject({
      path: 'to',
      message: 'Not a valid email address.',
    });
    expect((await ws.api.get('/mail/settings')).body.configured).toBe(false);
  });

  it("delivers the workspace's queued mail through its own server, never showing the password", async () => {
    const before = await ws.api.get('/mail/settings');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ configured: false, passwordSet: false });

    const saved = await ws.api.put('/mail/settings', settingsFor(own));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      configured: true,
      host: '127.0.0.1',
      port: portOf(own),
      secure: false,
      user: null,
      passwordSet: true,
      fromName: 'Kovač d.o.o.',
      fromEmail: 'prodaja@kovac.example',
    });
    const read = await ws.api.get('/mail/settings');
    for (const body of [saved.body, read.body]) {
      expect(JSON.stringify(body)).not.toContain('pa55-word-never-shown');
      expect(body).not.toHaveProperty('password');
    }

    await sendMail(await systemOf(ws), {
      to: 'ana@example.com',
      subject: 'Ponudba 2026-001',
      text: 'Pozdravljeni',
    });
    const mail = await own.next((m) => m.subject === 'Ponudba 2026-001');
    expect(toText(mail)).toContain('ana@example.com');
    expect(mail.from?.value[0]).toMatchObject({
      name: 'Kovač d.o.o.',
      address: 'prodaja@kovac.example',
    });
    expect(fallback.messages.some((m) => m.subject === 'Ponudba 2026-001')).toBe(false);

    // Omitting the password keeps it; null removes it.
    const { password: _omitted, ...withoutPassword } = settingsFor(own);
    const kept = await ws.api.put('/mail/settings', { ...withoutPassword, fromName: 'Kovač' });
    expect(kept.body).toMatchObject({ passwordSet: true, fromName: 'Kovač' });
    const removed = await ws.api.put('/mail/settings', { ...withoutPassword, password: null });
    expect(removed.body.passwordSet).toBe(false);
  });

  it('leave a workspace without settings on the installation default', async () => {
    const other = await server.newWorkspace({ country: 'HR' });
    await sendMail(await systemOf(other), { to: 'ivo@example.com', subject: 'Podsjetnik' });
    const mail = await fallback.next((m) => m.subject === 'Podsjetnik');
    expect(mail.from?.text).toContain('default@example.com');
    expect(own.messages.some((m) => m.subject === 'Podsjetnik')).toBe(false);
  });

  it('send a test message at once, or answer 502 with the server error', async () => {
    expect((await ws.api.put('/mail/settings', settingsFor(own))).status).toBe(200);
    const sent = await ws.api.post('/mail/settings/test', { to: 'admin@kovac.example' });
    expect(sent.status).toBe(200);
    const mail = await own.next(
      (m) => m.subject === 'Odnos test message' && toText(m).includes('admin@kovac.example'),
    );
    expect(mail.from?.value[0]?.address).toBe('prodaja@kovac.example');

    // A new port takes effect at once (the cached transport is replaced).
    const port = await closedPort();
    expect((await ws.api.put('/mail/settings', { ...settingsFor(own), port })).body.port).toBe(
      port,
    );
    const failed = await ws.api.post('/mail/settings/test', { to: 'admin@kovac.example' });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toBe('mail_failed');
    expect(failed.body.message).toMatch(/^The mail server did not accept the message: .+/);

    const sl = await ws.addUser('admin', 'sl');
    const failedSl = await sl.api.post('/mail/settings/test', { to: 'admin@kovac.example' });
    expect(failedSl.body.message).toMatch(/^Poštni strežnik ni sprejel sporočila: .+/);

    expect((await ws.api.put('/mail/settings', settingsFor(own))).status).toBe(200);
    expect((await ws.api.post('/mail/settings/test', { to: 'again@kovac.example' })).status).toBe(
      200,
    );
    await own.next((m) => toText(m).includes('again@kovac.example'));
  });
});
