import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ctxOf, ctxWithRole, type App } from '../platform/http.js';
import { AppError } from '../platform/errors.js';
import { publicUrl } from './urls.js';
import { EVENTS_DESCRIPTION } from './docs.js';
import { callLookups, presentCall } from './presenter.js';
import {
  agentBody,
  agentList,
  agentOut,
  agentParams,
  callEventBody,
  callEventResponse,
  callNoteBody,
  callOut,
  callPage,
  dialBody,
  dialResponse,
  recomputeResponse,
  screenPopOut,
  screenPopQuery,
  settingsBody,
  settingsOut,
} from './schema.js';
import { screenPop } from './screen-pop.js';
import { recomputePredictions } from './prediction-job.js';
import * as telephony from './service.js';
import { SIGNATURE_HEADER, verifySignature } from './signature.js';

const tags = ['telephony'];

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export function telephonyRoutes(app: App): void {
  // The PBX endpoint keeps the raw body: its HMAC signature is computed over the exact bytes.
  void app.register((pbx: App, _options, registered) => {
    pbx.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      (request: FastifyRequest, body: Buffer, done) => {
        request.rawBody = body;
        if (body.length === 0) {
          done(Object.assign(new Error('empty body'), { statusCode: 400 }), undefined);
          return;
        }
        try {
          done(null, JSON.parse(body.toString('utf8')));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );
    pbx.post(
      '/telephony/events',
      {
        schema: {
          tags,
          summary: 'Receive a call event from a PBX',
          description: EVENTS_DESCRIPTION,
          body: callEventBody,
          headers: z.object({ [SIGNATURE_HEADER]: z.string().max(200).optional() }),
          response: { 200: callEventResponse },
        },
        // The signature is checked before the body is validated: a forged request learns nothing.
        preValidation: async (request) => {
          const ctx = ctxOf(request);
          const { signingSecret } = await telephony.getSettings(ctx);
          if (!signingSecret) return;
          const header = request.headers[SIGNATURE_HEADER];
          if (
            !verifySignature(
              signingSecret,
              request.rawBody ?? Buffer.alloc(0),
              typeof header === 'string' ? header : undefined,
            )
          ) {
            throw new AppError('unauthenticated', {}, [
              { path: SIGNATURE_HEADER, message: 'telephony:errors.bad_signature' },
            ]);
          }
        },
      },
      async (request) => telephony.receiveEvent(ctxOf(request), request.body),
    );
    registered();
  });

  app.get(
    '/calls',
    {
      schema: {
        tags,
        summary: 'Calls, newest first (list contract: filter[status], filter[direction], …)',
        querystring: z.record(z.string(), z.unknown()),
        response: { 200: callPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const page = await telephony.listCalls(ctx, request.query);
      const lookups = await callLookups(ctx, page.rows);
      return {
        data: page.rows.map((row) => presentCall(ctx, row, lookups)),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/calls/:id',
    { schema: { tags, params: z.strictObject({ id: z.uuid() }), response: { 200: callOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      const row = await telephony.getCall(ctx, request.params.id);
      return presentCall(ctx, row, await callLookups(ctx, [row]));
    },
  );

  app.put(
    '/calls/:id/note',
    {
      schema: {
        tags,
        params: z.strictObject({ id: z.uuid() }),
        body: callNoteBody,
        response: { 200: callOut },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const row = await telephony.setCallNote(ctx, request.params.id, request.body.note);
      return presentCall(ctx, row, await callLookups(ctx, [row]));
    },
  );

  app.get(
    '/screen-pop',
    {
      schema: {
        tags,
        summary: 'The screen pop card for a number (or a chosen record, or a call)',
        querystring: screenPopQuery,
        response: { 200: screenPopOut },
      },
    },
    async (request) => screenPop(ctxOf(request), request.query),
  );

  app.post(
    '/telephony/dial',
    { schema: { tags, summary: 'Click-to-call', body: dialBody, response: { 200: dialResponse } } },
    async (request) => telephony.dial(ctxOf(request), request.body),
  );

  app.get(
    '/telephony/settings',
    { schema: { tags, response: { 200: settingsOut } } },
    async (request) => presentSettings(request, await telephony.getSettings(ctxOf(request))),
  );

  app.put(
    '/telephony/settings',
    { schema: { tags, body: settingsBody, response: { 200: settingsOut } } },
    async (request) =>
      presentSettings(
        request,
        await telephony.updateSettings(ctxWithRole(request, 'admin'), request.body),
      ),
  );

  app.post(
    '/telephony/predictions/recompute',
    {
      schema: {
        tags,
        summary:
          'Recompute next-purchase predictions and co-purchase rules now (also runs nightly)',
        response: { 200: recomputeResponse },
      },
    },
    async (request) => recomputePredictions(ctxWithRole(request, 'admin')),
  );

  app.get(
    '/telephony/agents',
    { schema: { tags, summary: 'Users and their extensions', response: { 200: agentList } } },
    async (request) => ({
      data: (await telephony.listAgents(ctxOf(request)))
        .filter((a) => a.active)
        .map(({ userId, name, email, extension }) => ({ userId, name, email, extension })),
    }),
  );

  app.put(
    '/telephony/agents/:userId',
    {
      schema: {
        tags,
        summary: "Set a user's extension (admins: anyone; others: themselves)",
        params: agentParams,
        body: agentBody,
        response: { 200: agentOut },
      },
    },
    async (request) => {
      const agent = await telephony.setAgentExtension(
        ctxOf(request),
        request.params.userId,
        request.body.extension,
      );
      return {
        userId: agent.userId,
        name: agent.name,
        email: agent.email,
        extension: agent.extension,
      };
    },
  );
}

function presentSettings(request: FastifyRequest, settings: telephony.TelephonySettings) {
  return {
    signingSecretSet: settings.signingSecret !== null,
    clickToCallUrl: settings.clickToCallUrl,
    callbackSlaMinutes: settings.callbackSlaMinutes,
    callbackUserId: settings.callbackUserId,
    eventsUrl: `${publicUrl(request)}/api/v1/telephony/events`,
  };
}
