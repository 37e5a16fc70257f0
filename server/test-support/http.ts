import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { LOCALES } from '../../common/locales.js';
import { buildApp } from '../app.js';
import type { Database } from '../db/connection.js';
import type { App } from '../platform/http.js';
import { createWorkspace } from '../workspaces/service.js';
import { startJobs } from '../jobs/queue.js';
import { registerWorkers } from '../jobs/workers.js';
import { createTestDatabase } from './database.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client with a cookie jar: one signed-in user (or anonymous). */
export class ApiClient {
  private cookie: string | null = null;
  constructor(
    readonly baseUrl: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...this.defaults,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    };
    const response = await fetch(this.baseUrl + path, init);
    const setCookie = response.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair?.startsWith('odnos_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('application/json') && text)
      parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** The raw response of a GET with this client's cookie (streams such as `/events`). */
  raw(path: string, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}) {
    return fetch(this.baseUrl + path, {
      headers: {
        ...this.defaults,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...init.headers,
      },
      ...(init.signal ? { signal: init.signal } : {}),
    });
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  /** A binary response (PDF, files) as bytes. */
  async bytes(path: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const response = await fetch(this.baseUrl + path, {
      headers: { ...this.defaults, ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
    return {
      status: response.status,
      body: Buffer.from(await response.arrayBuffer()),
      headers: response.headers,
    };
  }
}

export interface TestServer {
  app: App;
  database: Database;
  baseUrl: string;
  /** An anonymous client. */
  client(headers?: Record<string, string>): ApiClient;
  /** A new workspace with its administrator signed in. */
  newWorkspace(options?: WorkspaceOptions): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface WorkspaceOptions {
  locale?: (typeof LOCALES)[number];
  currency?: 'EUR' | 'RSD' | 'MKD' | 'BAM';
  country?: 'SI' | 'HR' | 'BA' | 'RS' | 'ME' | 'MK' | 'GR';
  name?: string;
}

export interface SignedIn {
  api: ApiClient;
  workspaceId: string;
  userId: string;
  email: string;
  password: string;
  /** Adds a user to this workspace and returns their signed-in client. */
  addUser(
    /** A role key (`sales_rep`, `support`, …) or one of the old tiers. */
    role?: string,
    locale?: string,
  ): Promise<{ api: ApiClient; userId: string; email: string }>;
}

/**
 * Starts the real server on a random port over a fresh database (PGlite or PostgreSQL).
 * `jobs: true` also runs the background job queue and every feature's workers.
 */
export async function startTestServer(options: { jobs?: boolean } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const jobs = options.jobs ? await startJobs(database, { pollingIntervalSeconds: 0.5 }) : null;
  if (jobs) await registerWorkers(database);
  const app = await buildApp({ database, logLevel: 'warn', webDir: '/nonexistent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;

  const server: TestServer = {
    app,
    database,
    baseUrl,
    client: (headers) => new ApiClient(baseUrl, headers),
    async newWorkspace(options = {}) {
      const email = `admin-${randomBytes(5).toString('hex')}@example.com`;
      const password = 'correct horse battery';
      const { ctx, userId } = await createWorkspace(
        database,
        {
          workspaceName: options.name ?? 'Test d.o.o.',
          locale: options.locale ?? 'en',
          currency: options.currency ?? 'EUR',
          ...(options.country ? { country: options.country } : {}),
          name: 'Ana Admin',
          email,
          password,
        },
        { firstOnly: false },
      );
      const api = new ApiClient(baseUrl);
      const login = await api.post('/auth/login', { email, password });
      if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      return {
        api,
        workspaceId: ctx.workspace.id,
        userId,
        email,
        password,
        async addUser(role = 'member', locale = 'en') {
          const userEmail = `${role}-${randomBytes(5).toString('hex')}@example.com`;
          const created = await api.post('/users', {
            name: `${role} user`,
            email: userEmail,
            password,
            role,
            locale,
          });
          if (created.status !== 201)
            throw new Error(`user create failed: ${JSON.stringify(created.body)}`);
          const client = new ApiClient(baseUrl);
          await client.post('/auth/login', { email: userEmail, password });
          return { api: client, userId: created.body.id as string, email: userEmail };
        },
      };
    },
    async close() {
      await app.close();
      await jobs?.stop();
      await database.close();
    },
  };
  return server;
}
