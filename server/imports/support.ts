/** Test helpers for imports: upload a file through the real API and wait for the job. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiClient, ApiResponse } from '../test-support/http.js';

/** A JSON body as the tests read it: loosely typed, like the test client's responses. */
type Body = ApiResponse['body'];

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): Buffer {
  return readFileSync(path.join(fixtures, name));
}

/** Multipart upload with an API key (the test client's JSON helper cannot send files). */
export async function upload(
  baseUrl: string,
  key: string,
  name: string,
  content: Buffer | string,
  query = 'object=contacts',
): Promise<{ status: number; body: Body }> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([typeof content === 'string' ? content : new Uint8Array(content)]),
    name,
  );
  const response = await fetch(`${baseUrl}/imports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  const body: unknown = await response.json();
  return { status: response.status, body };
}

export async function waitFor(
  api: ApiClient,
  id: string,
  statuses: string[],
  timeoutMs = 60_000,
  collection: 'imports' | 'exports' = 'imports',
): Promise<Body> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = (await api.get<{ status: string }>(`/${collection}/${id}`)).body;
    if (statuses.includes(row.status)) return row;
    if (Date.now() > until) throw new Error(`${collection} ${id} still ${row.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
