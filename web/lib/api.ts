/** The web app talks to the same REST API as everyone else. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors keyed by path, for forms (`emails.0.value` → message). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.details.map((d) => [d.path, d.message]));
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const e = (data ?? {}) as {
      error?: string;
      message?: string;
      details?: ErrorDetail[];
      requestId?: string;
    };
    throw new ApiError(
      response.status,
      e.error ?? 'internal',
      e.message ?? response.statusText,
      e.details ?? [],
      e.requestId ?? null,
    );
  }
  return data as T;
}

export const get = <T>(path: string, options?: RequestOptions) =>
  api<T>('GET', path, undefined, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  api<T>('POST', path, body ?? {}, options);
export const patch = <T>(path: string, body: unknown, options?: RequestOptions) =>
  api<T>('PATCH', path, body, options);
export const put = <T = void>(path: string, body: unknown, options?: RequestOptions) =>
  api<T>('PUT', path, body, options);
export const del = <T = void>(path: string, options?: RequestOptions) =>
  api<T>('DELETE', path, undefined, options);

/** Query string from a flat object; undefined/empty values are left out. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
