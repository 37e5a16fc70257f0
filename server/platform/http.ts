import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pickLocale, type Locale } from '../../common/locales.js';
import type { UserRole } from '../../common/records.js';
import type { Database } from '../db/connection.js';
import type { Ctx } from './context.js';
import { AppError } from './errors.js';
import { requireCan } from './permissions.js';
import type { AccessAction, AccessObject } from '../../common/access.js';
import { translator } from './i18n.js';

/** The Fastify instance every feature registers its routes on (zod-typed). */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, when the request carried a valid session cookie or API key. */
    ctx: Ctx | null;
    /** How the caller authenticated: cookie-based requests get CSRF checks. */
    authVia: 'cookie' | 'bearer' | null;
  }
  interface FastifyInstance {
    database: Database;
  }
}

/** The caller's context; 401 when the request is not signed in. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.ctx) throw new AppError('unauthenticated');
  return request.ctx;
}

const RANK: Record<UserRole, number> = { member: 0, manager: 1, admin: 2 };

/** The caller's context, requiring at least the given role. */
export function ctxWithRole(request: FastifyRequest, role: UserRole): Ctx {
  const ctx = ctxOf(request);
  if (RANK[ctx.actor.role] < RANK[role]) throw new AppError('forbidden');
  return ctx;
}

/** The caller's context, requiring the role's permission for an action on an object (403). */
export function ctxCan(request: FastifyRequest, action: AccessAction, object: AccessObject): Ctx {
  const ctx = ctxOf(request);
  requireCan(ctx, action, object);
  return ctx;
}

export function requestLocale(request: FastifyRequest): Locale {
  if (request.ctx) return request.ctx.locale;
  const header = request.headers['accept-language'];
  return pickLocale(typeof header === 'string' ? header.split(',') : []);
}

function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', {}, [{ path: 'body', message: 'field.invalid_json' }]);
    case 'FST_ERR_NOT_FOUND':
      return new AppError('not_found');
    default:
      break;
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new AppError('bad_request', {}, [{ path: 'body', message: 'field.invalid_json' }]);
  }
  if (fastifyError.statusCode === 413) return new AppError('payload_too_large');
  if (fastifyError.statusCode === 415) return new AppError('unsupported_media_type');
  return new AppError('internal');
}

/** The one error handler: every failure leaves as `{error, message, details, requestId}`. */
export function sendError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const appError = toAppError(error);
  if (appError.code === 'internal') {
    request.log.error({ err: error }, 'unhandled error');
  }
  const t = translator(requestLocale(request));
  return reply.status(appError.status).send({
    error: appError.code,
    message: t(`errors:${appError.code}`, appError.params),
    details: appError.details.map((d) => ({
      path: d.path,
      // Keys of a feature's own namespace come qualified (`deals:errors.wrong_pipeline`).
      message: t(d.message.includes(':') ? d.message : `errors:${d.message}`, {
        ...d.params,
        defaultValue: d.message,
      }),
    })),
    requestId: request.id,
  });
}
