import { z } from 'zod';
import { ACCESS_OBJECTS } from '../../common/access.js';
import { RECORD_OBJECTS } from '../../common/records.js';
import { accessFieldsOf } from './fields.js';
import { SESSION_COOKIE } from '../auth/service.js';
import { sha256 } from '../auth/secrets.js';
import { ctxOf, type App } from '../platform/http.js';
import { requireAdmin } from '../platform/permissions.js';
import { idParams, ifMatchHeaders } from '../records/schema.js';
import { expectedVersion } from '../records/service.js';
import * as account from './account.js';
import {
  presentAudit,
  presentRole,
  presentSecurity,
  presentShare,
  presentTeam,
} from './presenter.js';
import { countUsersWithRole } from './repository.js';
import {
  auditList,
  auditQuery,
  roleCreateBody,
  roleList,
  roleOut,
  roleUpdateBody,
  securityBody,
  securityOut,
  shareBody,
  shareItemParams,
  shareList,
  shareOut,
  teamBody,
  teamList,
  teamOut,
  teamUpdateBody,
} from './schema.js';
import * as access from './service.js';

/** Record collections that can be shared one record at a time (features add theirs). */
export const SHAREABLE: string[] = [...RECORD_OBJECTS];

const sessionOut = z.object({
  id: z.uuid(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  current: z.boolean(),
});

export function accessRoutes(app: App): void {
  // ---- roles
  app.get(
    '/roles',
    { schema: { tags: ['access'], response: { 200: roleList } } },
    async (request) => {
      const ctx = ctxOf(request);
      const roles = await access.listRoles(ctx);
      return {
        data: await Promise.all(
          roles.map(async (r) => presentRole(r, await countUsersWithRole(ctx, r.id))),
        ),
      };
    },
  );

  app.post(
    '/roles',
    { schema: { tags: ['access'], body: roleCreateBody, response: { 201: roleOut } } },
    async (request, reply) => {
      const role = await access.createRole(ctxOf(request), request.body);
      return reply.status(201).send(presentRole(role, 0));
    },
  );

  app.get(
    '/roles/:id',
    { schema: { tags: ['access'], params: idParams, response: { 200: roleOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      const role = await access.getRole(ctx, request.params.id);
      return presentRole(role, await countUsersWithRole(ctx, role.id));
    },
  );

  app.patch(
    '/roles/:id',
    {
      schema: {
        tags: ['access'],
        params: idParams,
        headers: ifMatchHeaders,
        body: roleUpdateBody,
        response: { 200: roleOut },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const role = await access.updateRole(
        ctx,
        request.params.id,
        request.body,
        expectedVersion(request.headers['if-match']),
      );
      return presentRole(role, await countUsersWithRole(ctx, role.id));
    },
  );

  app.delete(
    '/roles/:id',
    { schema: { tags: ['access'], params: idParams } },
    async (request, reply) => {
      await access.deleteRole(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  /** The fields a role may hide or make read-only, per object (built-in and custom). */
  app.get(
    '/access-fields',
    {
      schema: {
        tags: ['access'],
        querystring: z.strictObject({ object: z.enum(ACCESS_OBJECTS) }),
        response: { 200: z.object({ data: z.array(z.string()) }) },
      },
    },
    async (request) => ({ data: await accessFieldsOf(ctxOf(request), request.query.object) }),
  );

  // ---- teams
  app.get(
    '/teams',
    { schema: { tags: ['access'], response: { 200: teamList } } },
    async (request) => ({
      data: (await access.listTeams(ctxOf(request))).map(presentTeam),
    }),
  );

  app.post(
    '/teams',
    { schema: { tags: ['access'], body: teamBody, response: { 201: teamOut } } },
    async (request, reply) =>
      reply.status(201).send(presentTeam(await access.createTeam(ctxOf(request), request.body))),
  );

  app.patch(
    '/teams/:id',
    {
      schema: {
        tags: ['access'],
        params: idParams,
        body: teamUpdateBody,
        response: { 200: teamOut },
      },
    },
    async (request) =>
      presentTeam(await access.updateTeam(ctxOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/teams/:id',
    { schema: { tags: ['access'], params: idParams } },
    async (request, reply) => {
      await access.deleteTeam(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  // ---- sharing one record (R28): /contacts/:id/shares, /companies/:id/shares, …
  for (const collection of SHAREABLE) {
    app.get(
      `/${collection}/:id/shares`,
      { schema: { tags: ['access'], params: idParams, response: { 200: shareList } } },
      async (request) => ({
        data: (await access.listShares(ctxOf(request), collection, request.params.id)).map(
          presentShare,
        ),
      }),
    );

    app.post(
      `/${collection}/:id/shares`,
      {
        schema: {
          tags: ['access'],
          params: idParams,
          body: shareBody,
          response: { 201: shareOut },
        },
      },
      async (request, reply) => {
        const share = await access.addShare(
          ctxOf(request),
          collection,
          request.params.id,
          request.body,
        );
        return reply.status(201).send(presentShare(share));
      },
    );

    app.delete(
      `/${collection}/:id/shares/:shareId`,
      { schema: { tags: ['access'], params: shareItemParams } },
      async (request, reply) => {
        await access.removeShare(
          ctxOf(request),
          collection,
          request.params.id,
          request.params.shareId,
        );
        return reply.status(204).send();
      },
    );
  }

  // ---- security policy
  app.get(
    '/security',
    { schema: { tags: ['access'], response: { 200: securityOut } } },
    async (request) => presentSecurity(await access.getSecurity(ctxOf(request))),
  );

  app.patch(
    '/security',
    { schema: { tags: ['access'], body: securityBody, response: { 200: securityOut } } },
    async (request) => presentSecurity(await access.updateSecurity(ctxOf(request), request.body)),
  );

  // ---- audit log
  app.get(
    '/audit',
    { schema: { tags: ['access'], querystring: auditQuery, response: { 200: auditList } } },
    async (request) => {
      const q = request.query;
      const page = await access.listAudit(ctxOf(request), {
        recordId: q.recordId,
        recordObject: q.object,
        userId: q.userId,
        object: q.object,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? endOf(q.to) : undefined,
        cursor: decodeAuditCursor(q.cursor),
        limit: q.limit,
      });
      return { data: page.rows.map(presentAudit), nextCursor: page.nextCursor };
    },
  );

  // ---- two-factor sign-in
  app.post(
    '/auth/2fa/setup',
    {
      schema: {
        tags: ['auth'],
        response: {
          200: z.object({ otpauthUri: z.string(), qrSvg: z.string(), secret: z.string() }),
        },
      },
    },
    async (request) => account.setupTwoFactor(ctxOf(request)),
  );

  app.post(
    '/auth/2fa/verify',
    {
      schema: {
        tags: ['auth'],
        body: z.strictObject({ code: z.string().max(40) }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => account.verifyTwoFactor(ctxOf(request), request.body.code),
  );

  app.post(
    '/auth/2fa/disable',
    { schema: { tags: ['auth'], body: z.strictObject({ password: z.string().max(200) }) } },
    async (request, reply) => {
      await account.disableTwoFactor(ctxOf(request), request.body.password);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/2fa/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        body: z.strictObject({ code: z.string().max(40) }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => account.regenerateRecoveryCodes(ctxOf(request), request.body.code),
  );

  app.delete(
    '/users/:id/2fa',
    { schema: { tags: ['users'], params: idParams } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      requireAdmin(ctx);
      await account.resetTwoFactor(ctx, request.params.id);
      return reply.status(204).send();
    },
  );

  // ---- sessions
  app.get(
    '/sessions',
    { schema: { tags: ['auth'], response: { 200: z.object({ data: z.array(sessionOut) }) } } },
    async (request) => {
      const sessions = await account.listSessions(ctxOf(request), currentTokenHash(request));
      return {
        data: sessions.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: undefined,
        })),
      };
    },
  );

  app.delete(
    '/sessions/:id',
    { schema: { tags: ['auth'], params: idParams } },
    async (request, reply) => {
      await account.revokeSession(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  /** Sign out everywhere else (this session stays). */
  app.delete(
    '/sessions',
    { schema: { tags: ['auth'], response: { 200: z.object({ revoked: z.number().int() }) } } },
    async (request) => {
      const ctx = ctxOf(request);
      return {
        revoked: await account.signOutEverywhere(
          ctx,
          ctx.actor.userId ?? '',
          currentTokenHash(request),
        ),
      };
    },
  );

  app.delete(
    '/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        params: idParams,
        response: { 200: z.object({ revoked: z.number().int() }) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireAdmin(ctx);
      return { revoked: await account.signOutEverywhere(ctx, request.params.id, null) };
    },
  );
}

function currentTokenHash(request: { cookies: Record<string, string | undefined> }): string | null {
  const token = request.cookies[SESSION_COOKIE];
  return token ? sha256(token) : null;
}

/** A bare date as `to` means the whole day. */
function endOf(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
}

function decodeAuditCursor(raw: string | undefined): { at: Date; id: string } | null {
  if (!raw) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return { at: date, id };
  } catch {
    return null;
  }
}
