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

  app.get('/users', { schema: { tags, response: { 200: userList } } }, async (request) => ({
    data: (await users.listUsers(ctxOf(request))).map(presentUser),
  }));

  app.post(
    '/users',
    { schema: { tags, body: userCreateBody, response: { 201: userOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentUser(await users.createUser(ctxWithRole(request, 'admin'), request.body))),
  );

  app.get(
    '/users/:id',
    { schema: { tags, params: idParams, response: { 200: userOut } } },
    async (request) => presentUser(await users.getUser(ctxOf(request), request.params.id)),
  );

  app.patch(
    '/users/:id',
    { schema: { tags, params: idParams, body: userUpdateBody, response: { 200: userOut } } },
    async (request) =>
      presentUser(
        await users.updateUser(ctxWithRole(request, 'admin'), request.params.id, request.body),
      ),
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
