import { z } from 'zod';
import { ctxWithRole, type App } from '../platform/http.js';
import { translator } from '../platform/i18n.js';
import { expectedVersion } from '../records/service.js';
import { presentDelivery, presentRule, presentRun } from './presenter.js';
import {
  actionResult,
  deliveryOut,
  fieldInfo,
  fieldsQuery,
  idParams,
  ruleCreateBody,
  ruleOut,
  ruleUpdateBody,
  runOut,
  runsQuery,
  templateOut,
  testRunBody,
  RUN_STATUSES,
} from './schema.js';
import * as automations from './service.js';
import { ruleTemplates } from './templates.js';
import { SIGNATURE_HEADER } from './webhook.js';

const tags = ['automations'];
const admin = 'admin' as const;

const WEBHOOK_DOCS = `Webhook actions POST JSON \`{id, event, test, occurredAt, workspaceId, rule:{id,name}, object, record}\` with headers \`${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the raw body with the rule's webhookSecret>\`, \`x-odnos-delivery\` (same id on every retry) and \`x-odnos-attempt\`. Any non-2xx answer is retried with exponential backoff; after \`maxAttempts\` the delivery is a dead letter (\`GET /automations/dead-letters\`, \`POST /automations/dead-letters/:id/retry\`).`;

export function automationRoutes(app: App): void {
  app.get(
    '/automations',
    {
      schema: {
        tags,
        summary: 'Automation rules (administrators)',
        response: { 200: z.object({ data: z.array(ruleOut), nextCursor: z.null() }) },
      },
    },
    async (request) => {
      const ctx = ctxWithRole(request, admin);
      const [rules, last] = await Promise.all([
        automations.listRules(ctx),
        automations.lastRuns(ctx),
      ]);
      return {
        data: rules.map((r) => presentRule(r, last.get(r.id) ?? null)),
        nextCursor: null,
      };
    },
  );

  app.post(
    '/automations',
    {
      schema: {
        tags,
        summary: 'Create a rule',
        description: WEBHOOK_DOCS,
        body: ruleCreateBody,
        response: { 201: ruleOut },
      },
    },
    async (request, reply) => {
      const rule = await automations.createRule(ctxWithRole(request, admin), request.body);
      return reply.status(201).send(presentRule(rule));
    },
  );

  app.get(
    '/automations/templates',
    {
      schema: {
        tags,
        summary: 'Rules Odnos ships as starting points',
        response: { 200: z.object({ data: z.array(templateOut) }) },
      },
    },
    (request) => {
      const ctx = ctxWithRole(request, admin);
      return { data: ruleTemplates(translator(ctx.locale)) };
    },
  );

  app.get(
    '/automations/fields',
    {
      schema: {
        tags,
        summary: 'Fields a rule can test or set on an object (custom fields included)',
        querystring: fieldsQuery,
        response: { 200: z.object({ data: z.array(fieldInfo) }) },
      },
    },
    async (request) => ({
      data: await automations.fieldCatalog(ctxWithRole(request, admin), request.query.object),
    }),
  );

  app.get(
    '/automations/runs',
    {
      schema: {
        tags,
        summary: 'Run log of all rules, newest first',
        querystring: runsQuery,
        response: { 200: z.object({ data: z.array(runOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const page = await automations.listRuns(ctxWithRole(request, admin), request.query);
      return { data: page.rows.map(presentRun), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/automations/runs/:id',
    { schema: { tags, params: idParams, response: { 200: runOut } } },
    async (request) =>
      presentRun(await automations.getRun(ctxWithRole(request, admin), request.params.id)),
  );

  app.get(
    '/automations/dead-letters',
    {
      schema: {
        tags,
        summary: 'Webhook deliveries that failed every attempt',
        response: { 200: z.object({ data: z.array(deliveryOut) }) },
      },
    },
    async (request) => ({
      data: (await automations.listDeliveries(ctxWithRole(request, admin), 'dead', 200)).map(
        presentDelivery,
      ),
    }),
  );

  app.get(
    '/automations/deliveries',
    {
      schema: {
        tags,
        summary: 'Recent webhook deliveries',
        querystring: z.strictObject({
          status: z.enum(['pending', 'delivered', 'dead']).optional(),
        }),
        response: { 200: z.object({ data: z.array(deliveryOut) }) },
      },
    },
    async (request) => ({
      data: (
        await automations.listDeliveries(ctxWithRole(request, admin), request.query.status, 200)
      ).map(presentDelivery),
    }),
  );

  app.post(
    '/automations/dead-letters/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a dead letter again',
        params: idParams,
        response: { 200: deliveryOut },
      },
    },
    async (request) =>
      presentDelivery(
        await automations.retryDelivery(ctxWithRole(request, admin), request.params.id),
      ),
  );

  app.get(
    '/automations/:id',
    { schema: { tags, params: idParams, response: { 200: ruleOut } } },
    async (request) =>
      presentRule(await automations.getRule(ctxWithRole(request, admin), request.params.id)),
  );

  app.patch(
    '/automations/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule (also enable/disable with `{enabled}`)',
        params: idParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: ruleUpdateBody,
        response: { 200: ruleOut },
      },
    },
    async (request) =>
      presentRule(
        await automations.updateRule(
          ctxWithRole(request, admin),
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      ),
  );

  app.delete('/automations/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    await automations.deleteRule(ctxWithRole(request, admin), request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/automations/:id/runs',
    {
      schema: {
        tags,
        summary: 'Run log of one rule',
        params: idParams,
        querystring: runsQuery.omit({ ruleId: true }),
        response: { 200: z.object({ data: z.array(runOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const ctx = ctxWithRole(request, admin);
      await automations.getRule(ctx, request.params.id);
      const page = await automations.listRuns(ctx, { ...request.query, ruleId: request.params.id });
      return { data: page.rows.map(presentRun), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/automations/:id/test-run',
    {
      schema: {
        tags,
        summary: 'Run a rule now against a chosen record (or only preview it with dryRun)',
        params: idParams,
        body: testRunBody,
        response: {
          200: z.object({
            runId: z.uuid().nullable(),
            status: z.enum(RUN_STATUSES),
            conditionsMet: z.boolean(),
            error: z.string().nullable(),
            actions: z.array(actionResult),
          }),
        },
      },
    },
    async (request) => {
      const outcome = await automations.testRun(
        ctxWithRole(request, admin),
        request.params.id,
        request.body,
      );
      return {
        runId: outcome.runId,
        status: outcome.status,
        conditionsMet: outcome.conditionsMet,
        error: outcome.error,
        actions: outcome.actions,
      };
    },
  );
}
