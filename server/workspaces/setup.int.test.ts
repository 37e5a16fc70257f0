import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/http.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe('first-run setup, sign-in and sign-out', () => {
  it('reports the engine in health', async () => {
    const res = await server.client().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: process.env.ODNOS_TEST_ENGINE,
      version: expect.any(String),
    });
  });

  it('sets up once, signs the administrator in, and refuses a second setup', async () => {
    const anon = server.client();
    expect((await anon.get('/setup')).body).toEqual({ needed: true });
    expect((await anon.get('/me')).status).toBe(401);

    const bad = await anon.post('/setup', {
      workspaceName: '',
      locale: 'xx',
      currency: 'EUR',
      name: 'A',
      email: 'nope',
      password: 'short',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation_failed');
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'email',
      'locale',
      'password',
      'workspaceName',
    ]);
    expect((await anon.get('/setup')).body).toEqual({ needed: true });

    const ok = await anon.post('/setup', {
      workspaceName: 'Петровић д.о.о.',
      locale: 'sr-Cyrl',
      currency: 'RSD',
      name: 'Марко Петровић',
      email: 'Marko@Example.rs',
      password: 'dobra lozinka 1',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      name: 'Петровић д.о.о.',
      country: 'RS',
      currency: 'RSD',
      timezone: 'Europe/Belgrade',
    });

    const me = await anon.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      email: 'marko@example.rs',
      role: 'admin',
      locale: 'sr-Cyrl',
    });

    const again = await server.client().post('/setup', {
      workspaceName: 'Other',
      locale: 'en',
      currency: 'EUR',
      name: 'X',
      email: 'x@example.com',
      password: 'long enough 1',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('setup_done');
    expect((await anon.get('/setup')).body).toEqual({ needed: false });

    expect((await anon.post('/auth/logout')).status).toBe(204);
    expect((await anon.get('/me')).status).toBe(401);

    const wrong = await anon.post('/auth/login', {
      email: 'marko@example.rs',
      password: 'wrong password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_credentials');

    const login = await anon.post('/auth/login', {
      email: 'MARKO@example.rs',
      password: 'dobra lozinka 1',
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/odnos_session=.*HttpOnly.*SameSite=Lax/i);
  });

  it('answers errors in the caller language', async () => {
    const res = await server
      .client({ 'accept-language': 'el-GR,el;q=0.9' })
      .post('/auth/login', { email: 'a@b.c', password: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Λάθος email ή κωδικός πρόσβασης.');
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('limits repeated failed sign-ins', async () => {
    const client = server.client();
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (
        await client.post('/auth/login', { email: 'victim@example.com', password: `guess ${i}` })
      ).status;
    expect(last).toBe(429);
  });

  it('rejects malformed and oversize bodies with clear 4xx', async () => {
    const client = server.client();
    const malformed = await client.request('POST', '/auth/login', '{"email":', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('bad_request');
    const huge = await client.post('/auth/login', {
      email: 'a@b.c',
      password: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    const unknownField = await client.post('/auth/login', {
      email: 'a@b.c',
      password: 'x',
      admin: true,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.details).toEqual([{ path: 'admin', message: 'Unknown field.' }]);
  });

  it('issues API keys that authenticate machines, shown once and revocable', async () => {
    const { api } = await server.newWorkspace();
    const created = await api.post('/api-keys', { name: 'PBX' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^odk_/);
    const machine = server.client({ authorization: `Bearer ${created.body.key}` });
    expect((await machine.get('/contacts')).status).toBe(200);
    const listed = await api.get('/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect((await api.delete(`/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await machine.get('/contacts')).status).toBe(401);
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await server.client().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/contacts', '/api/v1/leads/{id}/convert', '/api/v1/setup']),
    );
  });
});
