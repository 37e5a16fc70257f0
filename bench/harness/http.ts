/** A minimal HTTP client for the benchmark: keep-alive fetch with the session cookie. */
export interface HttpResult {
  status: number;
  body: unknown;
}

export class HttpClient {
  private cookie = '';

  constructor(readonly baseUrl: string) {}

  async signIn(email: string, password: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    this.cookie = setCookie.split(';')[0] ?? '';
  }

  async request(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }

  /** A multipart upload of one file (imports). */
  async upload(path: string, name: string, content: string): Promise<HttpResult> {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookie },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  get(path: string): Promise<HttpResult> {
    return this.request('GET', path);
  }
}

/** Rows in a `{data: [...]}` response (1 for a single record). */
export function rowsOf(result: HttpResult): number {
  const body = result.body as { data?: unknown } | null;
  if (body && Array.isArray(body.data)) return body.data.length;
  return body ? 1 : 0;
}

/** Throws unless the status is the expected one (a benchmark of errors measures nothing). */
export function expectStatus(result: HttpResult, expected: number, what: string): HttpResult {
  if (result.status !== expected)
    throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
  return result;
}
