import { ctxOf, type App } from '../platform/http.js';
import { idParams } from '../records/schema.js';
import { getUser } from '../users/service.js';
import { clearSessionCookie, setSessionCookie } from './cookies.js';
import { presentApiKey, presentMe } from './presenter.js';
import { apiKeyCreateBody, apiKeyCreated, apiKeyList, loginBody, meResponse } from './schema.js';
import * as auth from './service.js';

export function authRoutes(app: App): void {
  app.post(
    '/auth/login',
    { schema: { tags: ['auth'], body: loginBody, response: { 200: meResponse } } },
    async (request, reply) => {
      const { token, ctx } = await auth.login(app.database, request.body, {
        requestId: request.id,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, token);
      const user = await getUser(ctx, ctx.actor.userId ?? '');
      return presentMe(ctx, user);
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[auth.SESSION_COOKIE];
    if (request.ctx && token) await auth.logout(request.ctx, token);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.get('/me', { schema: { tags: ['auth'], response: { 200: meResponse } } }, async (request) => {
    const ctx = ctxOf(request);
    return presentMe(ctx, await getUser(ctx, ctx.actor.userId ?? ''));
  });

  app.post(
    '/api-keys',
    { schema: { tags: ['auth'], body: apiKeyCreateBody, response: { 201: apiKeyCreated } } },
    async (request, reply) => {
      const created = await auth.createApiKey(ctxOf(request), request.body.name);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api-keys',
    { schema: { tags: ['auth'], response: { 200: apiKeyList } } },
    async (request) => ({
      data: (await auth.listApiKeys(ctxOf(request))).map(presentApiKey),
    }),
  );

  app.delete(
    '/api-keys/:id',
    { schema: { tags: ['auth'], params: idParams } },
    async (request, reply) => {
      await auth.revokeApiKey(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
