import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf, type AccessScope } from '../../common/access.js';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/connection.js';
import {
  ApiClient,
  startTestServer,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';
import { currentCode } from './security.js';

let server: TestServer;
let ws: SignedIn;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'en' });
});
afterAll(async () => server.close());

interface Member {
  api: ApiClient;
  userId: string;
  email: string;
}

async function addUser(admin: SignedIn, role: string, extra: Record<string, unknown> = {}) {
  const email = `u-${randomBytes(5).toString('hex')}@example.com`;
  const created = await admin.api.post('/users', {
    name: `User ${email.slice(2, 7)}`,
    email,
    password: PASSWORD,
    role,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const api = server.client();
  const login = await api.post('/auth/login', { email, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return { api, userId: created.body.id as string, email } satisfies Member;
}

async function roleWithScope(admin: SignedIn, scope: AccessScope, extra: object = {}) {
  const scoped = {
    read: scope,
    create: 'all' as const,
    edit: scope,
    delete: scope,
    bulk_assign: scope,
  };
  const res = await admin.api.post('/roles', {
    name: `Scope ${scope} ${randomBytes(3).toString('hex')}`,
    permissions: permissionsOf('none', {
      contacts: scoped,
      companies: scoped,
      leads: scoped,
    }),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; key: string };
}

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((r) => r.id).sort();

describe('roles and scopes', () => {
  it('seeds the default roles with stable keys; existing tiers map onto them', async () => {
    const roles = (await ws.api.get('/roles')).body.data as { key: string; isAdmin: boolean }[];
    expect(roles.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'admin',
        'manager',
        'sales_rep',
        'support',
        'marketing',
        'accountant',
        'read_only',
      ]),
    );
    const member = await ws.addUser('member');
    const me = (await member.api.get('/me')).body;
    expect(me.access.roleKey).toBe('sales_rep');
    expect(me.access.permissions.contacts.read).toBe('own');
    const user = (await ws.api.get(`/users/${member.userId}`)).body;
    expect(user).toMatchObject({ roleKey: 'sales_rep', role: 'member', twoFactor: false });
  });

  it('shows exactly own / team (with sub-teams) / all records on every collection and endpoint', async () => {
    const own = await roleWithScope(ws, 'own');
    const team = await roleWithScope(ws, 'team');
    const all = await roleWithScope(ws, 'all');
    const ownUser = await addUser(ws, own.key);
    const lead = await addUser(ws, team.key);
    const colleague = await addUser(ws, 'sales_rep');
    const subMember = await addUser(ws, 'sales_rep');
    const outsider = await addUser(ws, 'sales_rep');
    const allUser = await addUser(ws, all.key);

    const sales = await ws.api.post('/teams', {
      name: 'Sales',
      managerId: lead.userId,
      memberIds: [colleague.userId],
    });
    expect(sales.status).toBe(201);
    const belgrade = await ws.api.post('/teams', {
      name: 'Sales Belgrade',
      parentId: sales.body.id,
      memberIds: [subMember.userId],
    });
    expect(belgrade.status).toBe(201);

    const owners = {
      ownUser: ownUser.userId,
      lead: lead.userId,
      colleague: colleague.userId,
      subMember: subMember.userId,
      outsider: outsider.userId,
    };
    const expected = (visible: (keyof typeof owners)[]) => visible;
    const made: Record<string, Record<string, string>> = { contacts: {}, companies: {}, leads: {} };
    for (const [who, ownerId] of Object.entries(owners)) {
      const tag = `matrix${who}`;
      made.contacts![who] = (
        await ws.api.post('/contacts', { lastName: `Matrixperson ${who}`, ownerId, tags: [tag] })
      ).body.id;
      made.companies![who] = (
        await ws.api.post('/companies', { name: `Matrixfirm ${who}`, ownerId, tags: [tag] })
      ).body.id;
      made.leads![who] = (
        await ws.api.post('/leads', {
          name: `Matrixlead ${who}`,
          source: 'call',
          ownerId,
          tags: [tag],
        })
      ).body.id;
    }

    const cases: [Member, (keyof typeof owners)[]][] = [
      [ownUser, expected(['ownUser'])],
      [lead, expected(['lead', 'colleague', 'subMember'])],
      [allUser, expected(['ownUser', 'lead', 'colleague', 'subMember', 'outsider'])],
    ];
    for (const [user, visible] of cases) {
      for (const collection of ['contacts', 'companies', 'leads'] as const) {
        const want = visible.map((w) => made[collection]![w]!).sort();
        const listed = await user.api.get(`/${collection}?limit=200&q=matrix`);
        expect(ids(listed), `${collection} list`).toEqual(want);
        const searched = await user.api.get(`/search?q=matrix&types=${collection}&limit=50`);
        expect(ids(searched), `${collection} search`).toEqual(want);
        for (const [who, id] of Object.entries(made[collection]!)) {
          const shouldSee = (visible as string[]).includes(who);
          const got = await user.api.get(`/${collection}/${id}`);
          expect(got.status, `${collection} get ${who}`).toBe(shouldSee ? 200 : 404);
          const timeline = await user.api.get(`/${collection}/${id}/timeline`);
          expect(timeline.status).toBe(shouldSee ? 200 : 404);
          const patched = await user.api.patch(`/${collection}/${id}`, { tags: ['touched'] });
          expect(patched.status, `${collection} patch ${who}`).toBe(shouldSee ? 200 : 404);
        }
        // Bulk actions skip records outside the scope.
        const bulk = await user.api.post(`/${collection}/bulk`, {
          action: 'tag',
          ids: Object.values(made[collection]!),
          tags: ['bulked'],
        });
        expect(bulk.body.updated).toBe(want.length);
      }
    }

    // The outsider (sales rep, own scope) sees only their own; another workspace nothing.
    const mine = await outsider.api.get('/contacts?limit=200&q=matrix');
    expect(ids(mine)).toEqual([made.contacts!.outsider]);
    const stranger = await server.newWorkspace();
    for (const collection of ['contacts', 'companies', 'leads'])
      for (const id of Object.values(made[collection]!))
        expect((await stranger.api.get(`/${collection}/${id}`)).status).toBe(404);
  });

  it('answers 403 with a translated message for forbidden actions', async () => {
    const readOnly = await addUser(ws, 'read_only');
    const created = await readOnly.api.post('/contacts', { lastName: 'Nope' });
    expect(created.status).toBe(403);
    expect(created.body.details[0].message).toBe('Your role may not create these records.');
    const contact = (await ws.api.post('/contacts', { lastName: 'Visible' })).body.id;
    expect((await readOnly.api.get(`/contacts/${contact}`)).status).toBe(200);
    const edit = await readOnly.api.patch(`/contacts/${contact}`, { lastName: 'X' });
    expect(edit.status).toBe(403);
    expect((await readOnly.api.delete(`/contacts/${contact}`)).status).toBe(403);
    const assign = await readOnly.api.post('/contacts/bulk', {
      action: 'assign',
      ids: [contact],
      ownerId: readOnly.userId,
    });
    expect(assign.status).toBe(403);
    const none = await ws.api.post('/roles', {
      name: 'Nothing at all',
      permissions: permissionsOf('none'),
    });
    const blind = await addUser(ws, none.body.key);
    const list = await blind.api.get('/contacts');
    expect(list.status).toBe(403);
    expect((await blind.api.get(`/contacts/${contact}`)).status).toBe(404);
    // A sales rep cannot give a new record to someone else.
    const rep = await addUser(ws, 'sales_rep');
    const foreign = await rep.api.post('/contacts', { lastName: 'Gift', ownerId: ws.userId });
    expect(foreign.status).toBe(403);
    expect(foreign.body.details[0].path).toBe('ownerId');
  });
});

describe('field permissions', () => {
  it('hides fields in list, record, search and timeline; refuses filter, sort and writes', async () => {
    await ws.api.post('/fields', {
      object: 'contacts',
      key: 'credit_limit',
      type: 'number',
      label: { en: 'Credit limit' },
    });
    const role = await ws.api.post('/roles', {
      name: 'Field test',
      permissions: permissionsOf('all'),
      fieldPermissions: {
        contacts: { jobTitle: 'hidden', 'custom.credit_limit': 'hidden', birthday: 'read_only' },
      },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const user = await addUser(ws, role.body.key);
    const contact = await ws.api.post('/contacts', {
      firstName: 'Hidda',
      lastName: 'Fieldova',
      jobTitle: 'Secret agent',
      custom: { credit_limit: 5000 },
    });
    await ws.api.patch(`/contacts/${contact.body.id}`, {
      jobTitle: 'Chief agent',
      custom: { credit_limit: 7000 },
    });
    const got = (await user.api.get(`/contacts/${contact.body.id}`)).body;
    expect(got.firstName).toBe('Hidda');
    expect(got).not.toHaveProperty('jobTitle');
    expect(got.custom).toEqual({});
    const listed = (await user.api.get('/contacts?q=fieldova')).body.data[0];
    expect(listed).not.toHaveProperty('jobTitle');
    expect(listed.custom).toEqual({});
    const adminView = (await ws.api.get(`/contacts/${contact.body.id}`)).body;
    expect(adminView.jobTitle).toBe('Chief agent');
    const search = (await user.api.get('/search?q=fieldova')).body.data[0];
    expect(search.title).toBe('Hidda Fieldova');
    expect(JSON.stringify(search)).not.toContain('agent');
    const timeline = (await user.api.get(`/contacts/${contact.body.id}/timeline`)).body.data;
    expect(JSON.stringify(timeline)).not.toContain('agent');
    expect(JSON.stringify(timeline)).not.toContain('7000');
    const adminTimeline = (await ws.api.get(`/contacts/${contact.body.id}/timeline`)).body.data;
    expect(JSON.stringify(adminTimeline)).toContain('Chief agent');

    const filter = await user.api.get('/contacts?filter[jobTitle]=x');
    expect(filter.status).toBe(400);
    expect(filter.body.details[0]).toMatchObject({ path: 'filter[jobTitle]' });
    expect(filter.body.details[0].message).toContain('hidden');
    const sort = await user.api.get('/contacts?sort=-custom.credit_limit');
    expect(sort.status).toBe(400);
    expect(sort.body.details[0].path).toBe('sort');
    const write = await user.api.patch(`/contacts/${contact.body.id}`, { birthday: '1990-01-01' });
    expect(write.status).toBe(403);
    expect(write.body.details[0].path).toBe('birthday');
    const ok = await user.api.patch(`/contacts/${contact.body.id}`, { firstName: 'Hilda' });
    expect(ok.status).toBe(200);
    expect(ok.body).not.toHaveProperty('jobTitle');
  });

  it('hides the cost price of products from sales reps by default', async () => {
    const product = await ws.api.post('/products', {
      sku: 'COST-1',
      name: { en: 'Widget' },
      price: 1000,
      costPrice: 400,
    });
    expect(product.status).toBe(201);
    const rep = await addUser(ws, 'sales_rep');
    const seen = (await rep.api.get(`/products/${product.body.id}`)).body;
    expect(seen.price).toBe(1000);
    expect(seen).not.toHaveProperty('costPrice');
    expect(seen).not.toHaveProperty('margin');
    const list = (await rep.api.get('/products')).body.data;
    expect(JSON.stringify(list)).not.toContain('costPrice');
    expect((await rep.api.get('/products?sort=costPrice')).status).toBe(400);
    expect(
      (await rep.api.post('/products', { sku: 'X', name: { en: 'X' }, price: 1 })).status,
    ).toBe(403);
  });

  it('refuses permissions for fields or objects that do not exist, changing nothing', async () => {
    const bad = await ws.api.post('/roles', {
      name: 'Broken',
      fieldPermissions: { contacts: { shoeSize: 'hidden', 'custom.nope': 'read_only' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'fieldPermissions.contacts.custom.nope',
      'fieldPermissions.contacts.shoeSize',
    ]);
    const wrongScope = await ws.api.post('/roles', {
      name: 'Broken',
      permissions: { contacts: { read: 'everything' } },
    });
    expect(wrongScope.status).toBe(400);
    const roles = (await ws.api.get('/roles')).body.data as { name: string }[];
    expect(roles.some((r) => r.name === 'Broken')).toBe(false);
  });
});

describe('administration rules', () => {
  it('never removes the last administrator; the admin role is fixed', async () => {
    const other = await server.newWorkspace();
    const res = await other.api.patch(`/users/${other.userId}`, { role: 'sales_rep' });
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('role');
    const admin = ((await other.api.get('/roles')).body.data as { id: string; key: string }[]).find(
      (r) => r.key === 'admin',
    )!;
    expect((await other.api.delete(`/roles/${admin.id}`)).status).toBe(400);
    const locked = await other.api.patch(`/roles/${admin.id}`, {
      permissions: { contacts: { read: 'own' } },
    });
    expect(locked.status).toBe(400);
    expect((await other.api.get('/me')).body.access.isAdmin).toBe(true);
    const unknown = await other.api.post('/users', {
      name: 'X',
      email: `x-${randomBytes(4).toString('hex')}@example.com`,
      password: PASSWORD,
      role: 'emperor',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].path).toBe('role');
  });

  it('keeps the team tree free of cycles and only admins manage roles and teams', async () => {
    const a = (await ws.api.post('/teams', { name: 'Cycle A' })).body;
    const b = (await ws.api.post('/teams', { name: 'Cycle B', parentId: a.id })).body;
    const cycle = await ws.api.patch(`/teams/${a.id}`, { parentId: b.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.details[0].path).toBe('parentId');
    const rep = await addUser(ws, 'sales_rep');
    expect((await rep.api.post('/teams', { name: 'Mine' })).status).toBe(403);
    expect((await rep.api.post('/roles', { name: 'Mine' })).status).toBe(403);
    expect((await rep.api.get('/audit')).status).toBe(403);
  });

  it('enforces the password policy: length and common passwords', async () => {
    const weak = await ws.api.post('/users', {
      name: 'Weak',
      email: `w-${randomBytes(4).toString('hex')}@example.com`,
      password: 'password123',
      role: 'sales_rep',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].message).toContain('too common');
    await ws.api.patch('/security', { passwordMinLength: 16 });
    const short = await ws.api.post('/users', {
      name: 'Short',
      email: `s-${randomBytes(4).toString('hex')}@example.com`,
      password: 'quite unusual 1',
      role: 'sales_rep',
    });
    expect(short.status).toBe(400);
    expect(short.body.details[0].message).toContain('16');
    await ws.api.patch('/security', { passwordMinLength: 10 });
    expect((await ws.api.patch('/security', { lockoutThreshold: 1 })).status).toBe(400);
  });
});

describe('two-factor sign-in', () => {
  it('enrols with a QR code, then asks for a code; codes work once; recovery codes too', async () => {
    const user = await addUser(ws, 'sales_rep');
    const setup = await user.api.post('/auth/2fa/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Odnos:/);
    expect(setup.body.qrSvg).toContain('<svg');
    const malformed = await user.api.post('/auth/2fa/verify', { code: '12ab' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].path).toBe('code');
    const wrong = await user.api.post('/auth/2fa/verify', { code: '000000' });
    expect(wrong.status).toBe(400);
    const now = Date.now();
    const verified = await user.api.post('/auth/2fa/verify', {
      code: currentCode(setup.body.secret, now),
    });
    expect(verified.status).toBe(200);
    expect(verified.body.recoveryCodes).toHaveLength(10);

    const client = server.client();
    const first = await client.post('/auth/login', { email: user.email, password: PASSWORD });
    expect(first.status).toBe(401);
    expect(first.body.error).toBe('two_factor_required');
    const reused = await client.post('/auth/login', {
      email: user.email,
      password: PASSWORD,
      code: currentCode(setup.body.secret, now),
    });
    expect(reused.status).toBe(400);
    expect(reused.body.details[0].message).toContain('already used');
    const bad = await client.post('/auth/login', {
      email: user.email,
      password: PASSWORD,
      code: 'drop table',
    });
    expect(bad.status).toBe(400);
    const next = await client.post('/auth/login', {
      email: user.email,
      password: PASSWORD,
      code: currentCode(setup.body.secret, now + 30_000),
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);

    const recovery = verified.body.recoveryCodes[0] as string;
    const viaRecovery = await server
      .client()
      .post('/auth/login', { email: user.email, password: PASSWORD, code: recovery.toUpperCase() });
    expect(viaRecovery.status).toBe(200);
    const again = await server
      .client()
      .post('/auth/login', { email: user.email, password: PASSWORD, code: recovery });
    expect(again.status).toBe(400);
    expect((await ws.api.get(`/users/${user.userId}`)).body.twoFactor).toBe(true);
  });

  it('lets a role require two-factor: until enrolled the user reaches only their account', async () => {
    const role = await ws.api.post('/roles', {
      name: 'Strict',
      copyFrom: ((await ws.api.get('/roles')).body.data as { id: string; key: string }[]).find(
        (r) => r.key === 'manager',
      )!.id,
      require2fa: true,
    });
    const user = await addUser(ws, role.body.key);
    const blocked = await user.api.get('/contacts');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toBe('two_factor_setup_required');
    expect((await user.api.get('/me')).body.access.restricted).toBe('two_factor_setup');
    const setup = await user.api.post('/auth/2fa/setup');
    await user.api.post('/auth/2fa/verify', { code: currentCode(setup.body.secret) });
    expect((await user.api.get('/contacts')).status).toBe(200);
  });
});

describe('lock-out and sessions', () => {
  it('locks the account after repeated failures with a clear message', async () => {
    const user = await addUser(ws, 'sales_rep');
    const client = server.client({ 'x-forwarded-for': '10.9.8.7' });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await client.post('/auth/login', { email: user.email, password: `wrong ${i}` })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await server
      .client()
      .post('/auth/login', { email: user.email, password: PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.message).toMatch(/locked for 1[45] more minutes/);
    expect((await ws.api.get(`/users/${user.userId}`)).body.lockedUntil).not.toBeNull();
    const audit = (await ws.api.get(`/audit?recordId=${user.userId}&action=sign_in_failed`)).body
      .data;
    expect(audit.length).toBeGreaterThanOrEqual(5);
  });

  it('lists sessions, revokes one, and signs out everywhere else', async () => {
    const user = await addUser(ws, 'sales_rep');
    const second = server.client();
    await second.post('/auth/login', { email: user.email, password: PASSWORD });
    const third = server.client();
    await third.post('/auth/login', { email: user.email, password: PASSWORD });
    const list = (await user.api.get('/sessions')).body.data as { id: string; current: boolean }[];
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const secondId = (await second.get('/sessions')).body.data.find(
      (s: { current: boolean }) => s.current,
    ).id;
    expect((await user.api.delete(`/sessions/${secondId}`)).status).toBe(204);
    expect((await second.get('/me')).status).toBe(401);
    const everywhere = await user.api.delete('/sessions');
    expect(everywhere.body.revoked).toBe(1);
    expect((await third.get('/me')).status).toBe(401);
    expect((await user.api.get('/me')).status).toBe(200);
    expect((await user.api.delete(`/sessions/${secondId}`)).status).toBe(404);
  });
});

describe('sharing', () => {
  it('shares one record with a user or a team, and takes it back', async () => {
    const owner = await addUser(ws, 'sales_rep');
    const reader = await addUser(ws, 'sales_rep');
    const teammate = await addUser(ws, 'sales_rep');
    const team = (await ws.api.post('/teams', { name: 'Share team', memberIds: [teammate.userId] }))
      .body;
    const contact = (await owner.api.post('/contacts', { lastName: 'Sharedson' })).body.id;
    expect((await reader.api.get(`/contacts/${contact}`)).status).toBe(404);
    expect(
      (await reader.api.post(`/contacts/${contact}/shares`, { userId: reader.userId })).status,
    ).toBe(404);
    const share = await owner.api.post(`/contacts/${contact}/shares`, { userId: reader.userId });
    expect(share.status).toBe(201);
    expect((await reader.api.get(`/contacts/${contact}`)).status).toBe(200);
    expect(ids(await reader.api.get('/contacts?q=sharedson'))).toEqual([contact]);
    expect((await reader.api.patch(`/contacts/${contact}`, { jobTitle: 'X' })).status).toBe(403);
    const dup = await owner.api.post(`/contacts/${contact}/shares`, { userId: reader.userId });
    expect(dup.status).toBe(409);
    const both = await owner.api.post(`/contacts/${contact}/shares`, {
      userId: reader.userId,
      teamId: team.id,
    });
    expect(both.status).toBe(400);
    await owner.api.post(`/contacts/${contact}/shares`, { teamId: team.id, access: 'edit' });
    expect((await teammate.api.patch(`/contacts/${contact}`, { jobTitle: 'Y' })).status).toBe(200);
    const shares = (await owner.api.get(`/contacts/${contact}/shares`)).body.data;
    expect(shares).toHaveLength(2);
    expect((await owner.api.delete(`/contacts/${contact}/shares/${share.body.id}`)).status).toBe(
      204,
    );
    expect((await reader.api.get(`/contacts/${contact}`)).status).toBe(404);
    const audit = (await ws.api.get(`/audit?recordId=${contact}&action=permission_change`)).body
      .data;
    expect(audit).toHaveLength(3);
  });
});

describe('audit log', () => {
  it('records who, when, from where and before/after; a failed change writes nothing', async () => {
    const client = server.client({
      'user-agent': 'AuditTest/1.0',
      'x-forwarded-for': '203.0.113.9',
    });
    await client.post('/auth/login', { email: ws.email, password: ws.password });
    const created = await client.post('/contacts', { lastName: 'Audited' });
    const id = created.body.id as string;
    await client.patch(`/contacts/${id}`, { lastName: 'Audited Twice' });
    const failed = await client.patch(`/contacts/${id}`, { lastName: '', firstName: '' });
    expect(failed.status).toBe(400);
    await client.delete(`/contacts/${id}`);
    await client.post(`/contacts/${id}/restore`);
    const events = (await ws.api.get(`/audit?recordId=${id}`)).body.data as {
      action: string;
      ip: string;
      userAgent: string;
      actorId: string;
      actorName: string;
      changes: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.action)).toEqual(['restore', 'delete', 'update', 'create']);
    expect(events[2]).toMatchObject({
      ip: '203.0.113.9',
      userAgent: 'AuditTest/1.0',
      actorId: ws.userId,
      actorName: 'Ana Admin',
      changes: { lastName: ['Audited', 'Audited Twice'] },
    });
    const signIns = (await ws.api.get(`/audit?userId=${ws.userId}&action=sign_in`)).body.data;
    expect(signIns.length).toBeGreaterThanOrEqual(2);
    const today = new Date().toISOString().slice(0, 10);
    const ranged = await ws.api.get(`/audit?from=${today}&to=${today}&object=roles&limit=2`);
    expect(ranged.status).toBe(200);
    expect(ranged.body.data.length).toBeLessThanOrEqual(2);
    expect(ranged.body.nextCursor).not.toBeNull();
    const page2 = await ws.api.get(
      `/audit?from=${today}&to=${today}&object=roles&limit=2&cursor=${ranged.body.nextCursor}`,
    );
    expect(page2.body.data[0].id).not.toBe(ranged.body.data[0].id);
    expect((await ws.api.get('/audit?from=yesterday')).status).toBe(400);
  });

  it('prunes events older than the retention setting', async () => {
    const other = await server.newWorkspace();
    await other.api.patch('/security', { auditRetentionDays: 30 });
    await server.database.db.execute(
      (await import('drizzle-orm')).sql`update audit_events set at = now() - interval '40 days'
        where workspace_id = ${other.workspaceId}::uuid and action = 'sign_in'`,
    );
    const { pruneAuditLogs } = await import('./service.js');
    expect(await pruneAuditLogs(server.database.db)).toBeGreaterThanOrEqual(1);
    expect((await other.api.get('/audit?action=sign_in')).body.data).toHaveLength(0);
    expect((await other.api.get('/audit?action=permission_change')).body.data).toHaveLength(1);
  });
});

describe('access changes', () => {
  it('reach signed-in users at their next request, in every process (cached access)', async () => {
    const role = await roleWithScope(ws, 'all');
    const user = await addUser(ws, role.key);
    const contact = (await ws.api.post('/contacts', { lastName: 'Cachedson' })).body.id as string;
    const setScope = async (scope: AccessScope) => {
      const scoped = { read: scope, create: 'all' as const, edit: scope, delete: scope };
      const res = await ws.api.patch(`/roles/${role.id}`, {
        permissions: permissionsOf('none', { contacts: scoped, companies: scoped, leads: scoped }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    expect((await user.api.get(`/contacts/${contact}`)).status).toBe(200);
    await setScope('none');
    expect((await user.api.get(`/contacts/${contact}`)).status).toBe(404);
    await setScope('team');
    expect((await user.api.get(`/contacts/${contact}`)).status).toBe(404);
    // Joining the admin's team makes the admin's records team records.
    const team = await ws.api.post('/teams', {
      name: `Cache team ${randomBytes(3).toString('hex')}`,
      memberIds: [user.userId, ws.userId],
    });
    expect(team.status).toBe(201);
    expect((await user.api.get(`/contacts/${contact}`)).status).toBe(200);

    // Another process on the same PostgreSQL database sees each change on its next request.
    const pool = server.database.pool;
    if (!pool) return;
    const other = await openDatabase({
      databaseUrl: (pool.options as { connectionString: string }).connectionString,
      dataDir: '',
      poolSize: 2,
    });
    const app = await buildApp({ database: other, logLevel: 'warn', webDir: '/nonexistent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const there = new ApiClient(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`,
      );
      const login = await there.post('/auth/login', { email: user.email, password: PASSWORD });
      expect(login.status).toBe(200);
      expect((await there.get(`/contacts/${contact}`)).status).toBe(200);
      await setScope('none'); // through the first process
      expect((await there.get(`/contacts/${contact}`)).status).toBe(404);
      await setScope('all');
      expect((await there.get(`/contacts/${contact}`)).status).toBe(200);
    } finally {
      await app.close();
      await other.close();
    }
  });
});
