import type { FastifySchemaCompiler } from 'fastify';
import { z, type ZodType } from 'zod';
import { AppError, type ErrorDetail } from './errors.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

/** One zod issue → a detail whose message is a translation key under `errors:`. */
export function issueToDetail(issue: Issue, prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  const path = [...prefix, ...issue.path].map(String).join('.');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: 'field.required' }];
      return [{ path, message: 'field.invalid_type', params: { expected: issue.expected } }];
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') {
        return [
          {
            path,
            message: minimum <= 1 ? 'field.required' : 'field.too_short',
            params: { minimum },
          },
        ];
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return [{ path, message: 'field.too_few', params: { minimum } }];
      }
      return [{ path, message: 'field.too_small', params: { minimum } }];
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string')
        return [{ path, message: 'field.too_long', params: { maximum } }];
      if (issue.origin === 'array' || issue.origin === 'set') {
        return [{ path, message: 'field.too_many', params: { maximum } }];
      }
      return [{ path, message: 'field.too_big', params: { maximum } }];
    }
    case 'invalid_format': {
      const byFormat: Record<string, string> = {
        email: 'field.invalid_email',
        url: 'field.invalid_url',
        uuid: 'field.invalid_id',
        date: 'field.invalid_date',
        datetime: 'field.invalid_date',
      };
      return [{ path, message: byFormat[issue.format] ?? 'field.invalid_format' }];
    }
    case 'invalid_value':
      return [
        {
          path,
          message: 'field.invalid_choice',
          params: { options: issue.values.map(String).join(', ') },
        },
      ];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'field.unknown',
      }));
    case 'not_multiple_of':
      return [{ path, message: 'field.invalid_number' }];
    case 'custom':
      return [{ path, message: issue.message, ...(issue.params ? { params: issue.params } : {}) }];
    default:
      return [{ path, message: 'field.invalid' }];
  }
}

export function zodToAppError(error: z.ZodError, prefix: readonly PropertyKey[] = []): AppError {
  const details = (error.issues as Issue[]).flatMap((issue) => issueToDetail(issue, prefix));
  return new AppError('validation_failed', {}, details);
}

/** Validates with zod and throws our `validation_failed` error (used by services, too). */
export function parseWith<S extends ZodType>(
  schema: S,
  data: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) throw zodToAppError(result.error, prefix);
  return result.data;
}

/** Fastify validator: zod schemas on body/query/params, errors as AppError. */
export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: zodToAppError(result.error) };
  };
