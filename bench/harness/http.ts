/**
 * A minimal HTTP client for the benchmark: node:http on keep-alive sockets with the session
 * cookie. (The global fetch costs about twice the CPU per request, and the client shares the
 * server's process and cores, so its cost would be counted against the server.)
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

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

  request(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const payload = body !== undefined ? JSON.stringify(body) : undefined;
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent,
          headers: {
            cookie: this.cookie,
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
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

  /**
   * A download read as it arrives and dropped (an export of a million rows is not held in
   * memory): status, bytes and line ends counted.
   */
  download(path: string): Promise<{ status: number; bytes: number; lines: number }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}${path}`,
        { method: 'GET', agent, headers: { cookie: this.cookie } },
        (res) => {
          let bytes = 0;
          let lines = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          });
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines }));
        },
      );
      req.on('error', reject);
      req.end();
    });
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
