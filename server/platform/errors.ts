/**
 * The one error type of Odnos. `code` is stable (clients switch on it) and names the translation
 * key `errors:<code>`; `params` fill the message's placeholders; `details` point at the fields
 * that are wrong.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'version_conflict'
  | 'setup_done'
  | 'setup_required'
  | 'email_taken'
  | 'invalid_credentials'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'internal'
  | 'account_locked'
  | 'two_factor_required'
  | 'two_factor_setup_required'
  | 'password_expired'
  /** An upstream server (SMTP) refused or could not be reached; `params.reason` is its answer. */
  | 'mail_failed';

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `emails.0.value` or `custom.vip_level`. */
  path: string;
  /** Translation key under `errors:` (e.g. `field.invalid_email`) or an already translated text. */
  message: string;
  params?: Record<string, unknown>;
}

const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  setup_done: 409,
  setup_required: 409,
  email_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  account_locked: 423,
  two_factor_required: 401,
  two_factor_setup_required: 403,
  password_expired: 403,
  mail_failed: 502,
};

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details: ErrorDetail[] = [],
  ) {
    super(code);
    this.name = 'AppError';
    this.status = statusByCode[code];
  }

  static notFound(): AppError {
    return new AppError('not_found');
  }

  /** A single wrong field: `AppError.invalid('email', 'field.email_taken')`. */
  static invalid(path: string, message: string, params?: Record<string, unknown>): AppError {
    return new AppError('validation_failed', {}, [
      { path, message, ...(params ? { params } : {}) },
    ]);
  }
}
