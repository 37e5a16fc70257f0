import { setSessionCookie } from '../auth/cookies.js';
import { login } from '../auth/service.js';
import { fillDemoWorkspace } from '../demo/service.js';
import { ctxOf, ctxWithRole, type App } from '../platform/http.js';
import { setupBody, setupStatus, workspaceOut, workspaceUpdateBody } from './schema.js';
import { createWorkspace, setupNeeded, updateWorkspace } from './service.js';

export function workspaceRoutes(app: App): void {
  app.get('/setup', { schema: { tags: ['setup'], response: { 200: setupStatus } } }, async () => ({
    needed: await setupNeeded(app.database),
  }));

  app.post(
    '/setup',
    { schema: { tags: ['setup'], body: setupBody, response: { 201: workspaceOut } } },
    async (request, reply) => {
      const { demo, ...input } = request.body;
      const { ctx } = await createWorkspace(app.database, input, { firstOnly: true });
      if (demo) await fillDemoWorkspace(app.database, ctx);
      const { token } = await login(
        app.database,
        { email: input.email, password: input.password },
        {
          requestId: request.id,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
      );
      setSessionCookie(request, reply, token);
      return reply.status(201).send(ctx.workspace);
    },
  );

  app.get(
    '/workspace',
    { schema: { tags: ['setup'], response: { 200: workspaceOut } } },
    (request) => ctxOf(request).workspace,
  );

  app.patch(
    '/workspace',
    { schema: { tags: ['setup'], body: workspaceUpdateBody, response: { 200: workspaceOut } } },
    async (request) => updateWorkspace(ctxWithRole(request, 'admin'), request.body),
  );
}
