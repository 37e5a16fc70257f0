import { z } from 'zod';
import { ctxCan, ctxOf, ctxWithRole, type App } from '../platform/http.js';
import type { Ctx } from '../platform/context.js';
import { requireCan, requireOwnerInScope } from '../platform/permissions.js';
import { expectedVersion } from '../records/service.js';
import { idParams, ifMatchHeaders } from '../records/schema.js';
import { presentOne, presentTasks } from './presenter.js';
import {
  taskCompleteBody,
  taskCompleted,
  taskCreateBody,
  taskOut,
  taskPage,
  taskSettingsBody,
  taskSettingsOut,
  taskUpdateBody,
} from './schema.js';
import * as service from './service.js';

const tags = ['tasks'];

export function taskRoutes(app: App): void {
  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary:
          'Tasks (list contract: filter[ownerId]=me|<id>, filter[status], filter[type], ' +
          'filter[relatedType]+filter[relatedId], filter[dueAt][gte|lt], ' +
          'filter[due]=overdue|today|upcoming on the caller’s clock; sort=dueAt by default)',
        querystring: z.record(z.string(), z.unknown()),
        response: { 200: taskPage },
      },
    },
    async (request) => {
      const ctx = ctxCan(request, 'read', 'tasks');
      const page = await service.listTasks(ctx, request.query);
      return { data: await presentTasks(ctx, page.rows), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/tasks',
    { schema: { tags, body: taskCreateBody, response: { 201: taskOut } } },
    async (request, reply) => {
      const ctx = ctxCan(request, 'create', 'tasks');
      requireOwnerInScope(ctx, 'create', 'tasks', request.body.ownerId ?? ctx.actor.userId);
      const row = await service.createTask(ctx, request.body);
      return reply.status(201).send(await presentOne(ctx, row));
    },
  );

  app.get(
    '/tasks/settings',
    { schema: { tags, response: { 200: taskSettingsOut } } },
    async (request) => service.getSettings(ctxOf(request)),
  );

  app.patch(
    '/tasks/settings',
    { schema: { tags, body: taskSettingsBody, response: { 200: taskSettingsOut } } },
    async (request) => service.updateSettings(ctxWithRole(request, 'admin'), request.body),
  );

  app.get(
    '/tasks/:id',
    { schema: { tags, params: idParams, response: { 200: taskOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return presentOne(ctx, await service.getTask(ctx, request.params.id));
    },
  );

  app.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: taskUpdateBody,
        response: { 200: taskOut },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await taskAction(ctx, 'edit', request.params.id);
      const row = await service.updateTask(
        ctx,
        request.params.id,
        request.body,
        expectedVersion(request.headers['if-match']),
      );
      return presentOne(ctx, row);
    },
  );

  app.post(
    '/tasks/:id/complete',
    {
      schema: {
        tags,
        summary: 'Mark done with a result note; a recurring task gets its next occurrence',
        params: idParams,
        body: taskCompleteBody.optional(),
        response: { 200: taskCompleted },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await taskAction(ctx, 'edit', request.params.id);
      const { task, next } = await service.completeTask(
        ctx,
        request.params.id,
        request.body?.result,
      );
      return {
        task: await presentOne(ctx, task),
        next: next ? await presentOne(ctx, next) : null,
      };
    },
  );

  app.delete('/tasks/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    const ctx = ctxOf(request);
    await taskAction(ctx, 'delete', request.params.id);
    await service.deleteTask(ctx, request.params.id);
    return reply.status(204).send();
  });
}

/** A task outside the caller's read scope is 404; visible but outside the action's scope, 403. */
async function taskAction(ctx: Ctx, action: 'edit' | 'delete', id: string): Promise<void> {
  const task = await service.getTask(ctx, id);
  requireCan(ctx, action, 'tasks', { ownerId: task.ownerId });
}
