import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { ctxOf, type App } from '../platform/http.js';
import { presentTasks } from '../tasks/presenter.js';
import { taskOut } from '../tasks/schema.js';
import { calendarTasks, feedCalendar, feedToken } from './service.js';

const tags = ['calendar'];
const feedOut = z.object({ url: z.string(), token: z.string() });

export function calendarRoutes(app: App): void {
  app.get(
    '/calendar',
    {
      schema: {
        tags,
        summary: 'Tasks and meetings due in [from, to) — mine, one user’s, or the team’s',
        querystring: z.strictObject({
          from: z.string().max(40),
          to: z.string().max(40),
          ownerId: z.uuid().optional(),
          team: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: z.object({ data: z.array(taskOut) }) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { data: await presentTasks(ctx, await calendarTasks(ctx, request.query)) };
    },
  );

  const feedUrl = (protocol: string, host: string, token: string) =>
    `${process.env.ODNOS_PUBLIC_URL?.replace(/\/$/, '') ?? `${protocol}://${host}`}/api/v1/calendar/${token}.ics`;

  app.get(
    '/calendar/feed',
    { schema: { tags, summary: 'My ICS feed address', response: { 200: feedOut } } },
    async (request) => {
      const token = await feedToken(ctxOf(request));
      return { token, url: feedUrl(request.protocol, request.host, token) };
    },
  );
  app.post(
    '/calendar/feed',
    {
      schema: {
        tags,
        summary: 'A new ICS feed address (the old one stops working)',
        response: { 200: feedOut },
      },
    },
    async (request) => {
      const token = await feedToken(ctxOf(request), true);
      return { token, url: feedUrl(request.protocol, request.host, token) };
    },
  );

  app.get(
    '/calendar/:file',
    {
      schema: {
        tags,
        summary: 'ICS feed (no sign-in: the secret token is the address)',
        params: z.strictObject({ file: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const match = /^(.+)\.ics$/.exec(request.params.file);
      const text = match?.[1] ? await feedCalendar(app.database, match[1]) : null;
      if (text === null) throw new AppError('not_found');
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(text);
    },
  );
}
