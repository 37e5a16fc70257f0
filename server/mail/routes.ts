import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { ctxWithRole, type App } from '../platform/http.js';
import { idParams } from '../records/schema.js';
import { presentMail, presentMailSettings } from './presenter.js';
import {
  MAIL_STATUSES,
  mailOut,
  mailSettingsBody,
  mailSettingsOut,
  mailTestBody,
  mailTestOut,
} from './schema.js';
import { listOutbox, retryMail } from './service.js';
import { getMailSettings, sendTestMail, updateMailSettings } from './settings.js';

const tags = ['mail'];

export function mailRoutes(app: App): void {
  app.get(
    '/mail/outbox',
    {
      schema: {
        tags,
        summary: 'Outgoing email, newest first; `status=failed` is the dead-letter list',
        querystring: z.strictObject({ status: z.enum(MAIL_STATUSES).optional() }),
        response: { 200: z.object({ data: z.array(mailOut) }) },
      },
    },
    async (request) => {
      const rows = await listOutbox(ctxWithRole(request, 'admin'), request.query.status ?? null);
      return { data: rows.map(presentMail) };
    },
  );
  app.post(
    '/mail/outbox/:id/retry',
    { schema: { tags, summary: 'Send a failed message again', params: idParams } },
    async (request, reply) => {
      if (!(await retryMail(ctxWithRole(request, 'admin'), request.params.id)))
        throw AppError.notFound();
      return reply.status(204).send();
    },
  );

  app.get(
    '/mail/settings',
    {
      schema: {
        tags,
        summary: "The workspace's own SMTP server (administrators)",
        response: { 200: mailSettingsOut },
      },
    },
    async (request) => presentMailSettings(await getMailSettings(ctxWithRole(request, 'admin'))),
  );
  app.put(
    '/mail/settings',
    {
      schema: {
        tags,
        summary:
          "Send this workspace's email through its own SMTP server; omit `password` to keep it",
        body: mailSettingsBody,
        response: { 200: mailSettingsOut },
      },
    },
    async (request) =>
      presentMailSettings(await updateMailSettings(ctxWithRole(request, 'admin'), request.body)),
  );
  app.post(
    '/mail/settings/test',
    {
      schema: {
        tags,
        summary: "Send a test message now; 502 with the SMTP server's answer when it fails",
        body: mailTestBody,
        response: { 200: mailTestOut },
      },
    },
    async (request) => sendTestMail(ctxWithRole(request, 'admin'), request.body.to),
  );
}
