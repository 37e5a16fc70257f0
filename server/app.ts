import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticateApiKey, authenticateSession, SESSION_COOKIE } from './auth/service.js';
import type { Database } from './db/connection.js';
import { AppError } from './platform/errors.js';
import { sendError, type App } from './platform/http.js';
import { projectRoot } from './platform/paths.js';
import { validatorCompiler } from './platform/validation.js';
import { registerRoutes } from './routes.js';
import { VERSION } from './system/version.js';

export interface AppOptions {
  database: Database;
  logLevel?: string;
  secureCookies?: boolean;
  /** Folder of the built web app; served with an SPA fallback when it exists. */
  webDir?: string;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    trustProxy: true,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Presenters shape every response; the zod response schemas serve typing and OpenAPI.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorate('database', options.database);
  app.decorateRequest('ctx', null);
  app.decorateRequest('authVia', null);
  app.setErrorHandler((error, request, reply) => sendError(error as Error, request, reply));

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Odnos API',
        version: VERSION,
        description:
          'REST + JSON. Sign in with a session cookie (`POST /api/v1/auth/login`) or send an API key as `Authorization: Bearer <key>`. Errors: `{error, message, details:[{path, message}], requestId}`; messages follow the user language or `Accept-Language`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    await authenticate(app, request);
  });

  await app.register(
    async (api) => {
      await registerRoutes(api);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const webDir = options.webDir ?? path.join(projectRoot, 'dist', 'web');
  if (existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, maxAge: '1h' });
    app.setNotFoundHandler((request, reply) => {
      if (request.method !== 'GET' || request.url.startsWith('/api/')) {
        return sendError(new AppError('not_found'), request, reply);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      sendError(new AppError('not_found'), request, reply),
    );
  }
  return app;
}

async function authenticate(app: { database: Database }, request: FastifyRequest): Promise<void> {
  const meta = {
    requestId: request.id,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
  };
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    request.ctx = await authenticateApiKey(app.database, authorization.slice(7).trim(), meta);
    request.authVia = request.ctx ? 'bearer' : null;
    requireUnrestricted(request);
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  request.ctx = await authenticateSession(app.database, token, meta);
  request.authVia = request.ctx ? 'cookie' : null;
  requireUnrestricted(request);
  // Cookie-authenticated writes must come from our own pages (SameSite=Lax covers the rest).
  if (request.ctx && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
    const origin = request.headers.origin;
    if (origin && new URL(origin).host !== request.headers.host) throw new AppError('forbidden');
  }
}

// A user whose role requires two-factor sign-in (not set up yet) or whose password expired may
// only reach their own account until they fix it.
const UNRESTRICTED = /^\/api\/v1\/(me|auth\/.*|sessions(\/.*)?)(\?.*)?$/;

function requireUnrestricted(request: FastifyRequest): void {
  const restricted = request.ctx?.access?.restricted;
  if (!restricted || UNRESTRICTED.test(request.url)) return;
  throw new AppError(
    restricted === 'two_factor_setup' ? 'two_factor_setup_required' : 'password_expired',
  );
}

export type { ZodTypeProvider };
