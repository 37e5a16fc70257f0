import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { ctxOf, type App } from '../platform/http.js';
import { eventHub, stopEventHub, type DeliveredEvent, type Subscriber } from './bus.js';

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 20_000;
/** How long the browser waits before reconnecting (EventSource `retry:`). */
const RETRY_MS = 3_000;

const eventsQuery = z.object({
  /** For a fresh EventSource that cannot send the `Last-Event-ID` header. */
  lastEventId: z.string().regex(/^\d+$/).optional(),
});

function frame(event: DeliveredEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** `GET /api/v1/events`: the signed-in user's stream of server events (SSE). */
export function eventRoutes(app: App): void {
  const open = new Set<ServerResponse>();

  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
    await stopEventHub(app.database);
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Server-sent events for the signed-in user (text/event-stream)',
        querystring: eventsQuery,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const userId = ctx.actor.userId;
      if (!userId) throw new AppError('forbidden');
      const header = request.headers['last-event-id'];
      const lastId = Number(
        (typeof header === 'string' && /^\d+$/.test(header) ? header : null) ??
          request.query.lastEventId ??
          NaN,
      );
      const hub = await eventHub(app.database);

      reply.hijack();
      const res = reply.raw;
      // While catching up, live events wait so the order stays by id.
      let pending: DeliveredEvent[] | null = Number.isFinite(lastId) ? [] : null;
      let sentUpTo = Number.isFinite(lastId) ? lastId : 0;
      const send = (event: DeliveredEvent) => {
        if (event.id <= sentUpTo) return;
        sentUpTo = event.id;
        res.write(frame(event));
      };
      const subscriber: Subscriber = {
        workspaceId: ctx.workspace.id,
        userId,
        deliver(event) {
          if (pending) pending.push(event);
          else send(event);
        },
      };
      const unsubscribe = hub.subscribe(subscriber);
      open.add(res);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      request.raw.on('close', cleanup);
      res.on('close', cleanup);

      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RETRY_MS}\n: connected\n\n`);

      if (pending) {
        try {
          for (const event of await hub.missed(subscriber, lastId)) send(event);
        } finally {
          const live = pending;
          pending = null;
          for (const event of live) send(event);
        }
      }
    },
  );
}
