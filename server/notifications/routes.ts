import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.js';
import * as service from './service.js';

const tags = ['notifications'];

const notificationOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  read: z.boolean(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

const preferences = z.object({
  inApp: z.boolean(),
  email: z.boolean(),
  quietFrom: z.number().int().min(0).max(1439).nullable(),
  quietTo: z.number().int().min(0).max(1439).nullable(),
});

export function notificationRoutes(app: App): void {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(30),
          cursor: z.string().max(500).optional(),
          unread: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: {
          200: z.object({
            data: z.array(notificationOut),
            nextCursor: z.string().nullable(),
            unread: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const page = await service.listNotifications(ctx, request.query);
      return {
        data: page.rows.map((row) => service.presentNotification(row, ctx.locale)),
        nextCursor: page.nextCursor,
        unread: await service.unreadCount(ctx),
      };
    },
  );

  app.get(
    '/notifications/unread-count',
    { schema: { tags, response: { 200: z.object({ count: z.number().int() }) } } },
    async (request) => ({ count: await service.unreadCount(ctxOf(request)) }),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read: the given ids, or all of mine',
        body: z.union([
          z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }),
          z.strictObject({ all: z.literal(true) }),
        ]),
        response: { 200: z.object({ updated: z.number().int(), unread: z.number().int() }) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const body = request.body;
      const updated = await service.markRead(ctx, 'ids' in body ? body.ids : null);
      return { updated, unread: await service.unreadCount(ctx) };
    },
  );

  app.get(
    '/notifications/preferences',
    { schema: { tags, response: { 200: preferences } } },
    async (request) => service.getPreferences(ctxOf(request)),
  );

  app.put(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'My channels (in-app, email) and quiet hours (minutes after local midnight)',
        body: preferences.partial().strict(),
        response: { 200: preferences },
      },
    },
    async (request) => service.savePreferences(ctxOf(request), request.body),
  );
}
