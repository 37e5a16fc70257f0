import { presentMe } from '../auth/presenter.js';
import { meResponse } from '../auth/schema.js';
import { ctxOf, ctxWithRole, type App } from '../platform/http.js';
import { idParams } from '../records/schema.js';
import { presentUser } from './presenter.js';
import {
  handOverBody,
  handOverResponse,
  meUpdateBody,
  userCreateBody,
  userList,
  userOut,
  userUpdateBody,
} from './schema.js';
import * as users from './service.js';

export function userRoutes(app: App): void {
  const tags = ['users'];

  app.get('/users', { schema: { tags, response: { 200: userList } } }, async (request) => {
    const ctx = ctxOf(request);
    const info = await users.userAccessInfo(ctx);
    return { data: (await users.listUsers(ctx)).map((u) => presentUser(u, info)) };
  });

  app.post(
    '/users',
    { schema: { tags, body: userCreateBody, response: { 201: userOut } } },
    async (request, reply) => {
      const ctx = ctxWithRole(request, 'admin');
      const user = await users.createUser(ctx, request.body);
      return reply.status(201).send(presentUser(user, await users.userAccessInfo(ctx)));
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags, params: idParams, response: { 200: userOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return presentUser(
        await users.getUser(ctx, request.params.id),
        await users.userAccessInfo(ctx),
      );
    },
  );

  app.patch(
    '/users/:id',
    { schema: { tags, params: idParams, body: userUpdateBody, response: { 200: userOut } } },
    async (request) => {
      const ctx = ctxWithRole(request, 'admin');
      const user = await users.updateUser(ctx, request.params.id, request.body);
      return presentUser(user, await users.userAccessInfo(ctx));
    },
  );

  app.post(
    '/users/:id/hand-over',
    { schema: { tags, params: idParams, body: handOverBody, response: { 200: handOverResponse } } },
    async (request) => ({
      moved: await users.handOver(
        ctxWithRole(request, 'manager'),
        request.params.id,
        request.body.toUserId,
        request.body.objects,
      ),
    }),
  );

  app.patch(
    '/me',
    { schema: { tags: ['auth'], body: meUpdateBody, response: { 200: meResponse } } },
    async (request) => {
      const ctx = ctxOf(request);
      const user = await users.updateMe(ctx, request.body);
      return presentMe({ ...ctx, locale: presentUser(user).locale }, user);
    },
  );
}
