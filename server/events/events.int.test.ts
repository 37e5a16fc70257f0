import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/connection.js';
import { inTransaction, systemContext, type Ctx } from '../platform/context.js';
import { ApiClient, startTestServer, type TestServer } from '../test-support/http.js';
import { openEventStream } from '../test-support/sse.js';
import { findWorkspace } from '../workspaces/repository.js';
import { workspaceInfo } from '../workspaces/service.js';
import { publish } from './bus.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function systemCtx(workspaceId: string): Promise<Ctx> {
  const row = await findWorkspace(server.database.db, workspaceId);
  return systemContext(server.database, workspaceInfo(row!));
}

describe('server events (SSE)', () => {
  it('refuses anonymous callers', async () => {
    const stream = await openEventStream(server.client());
    expect(stream.status).toBe(401);
  });

  it('delivers to the addressed users of the workspace only, after commit', async () => {
    const a = await server.newWorkspace();
    const colleague = await a.addUser('member');
    const b = await server.newWorkspace();
    const streamA = await openEventStream(a.api);
    const streamColleague = await openEventStream(colleague.api);
    const streamB = await openEventStream(b.api);
    expect(streamA.status).toBe(200);
    const ctx = await systemCtx(a.workspaceId);

    await expect(
      inTransaction(ctx, async (tx) => {
        await publish(tx, { workspace: true }, { type: 'test.rolled_back', data: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await inTransaction(ctx, async (tx) => {
      await publish(tx, { userIds: [a.userId] }, { type: 'test.personal', data: { n: 1 } });
    });
    await publish(ctx, { workspace: true }, { type: 'test.everyone', data: { n: 2 } });
    // A large event travels by reference (NOTIFY payloads are limited).
    await publish(
      ctx,
      { userIds: [colleague.userId] },
      {
        type: 'test.big',
        data: { text: 'x'.repeat(20_000) },
      },
    );

    const personal = await streamA.next((e) => e.event === 'test.personal');
    expect(personal.data).toEqual({ n: 1 });
    await streamA.next((e) => e.event === 'test.everyone');
    await streamColleague.next((e) => e.event === 'test.everyone');
    const big = await streamColleague.next((e) => e.event === 'test.big');
    expect((big.data as { text: string }).text).toHaveLength(20_000);
    // Events arrive in order, so anything wrongly delivered would have arrived by now.
    expect(streamColleague.events.map((e) => e.event)).toEqual(['test.everyone', 'test.big']);
    expect(streamA.events.map((e) => e.event)).toEqual(['test.personal', 'test.everyone']);
    expect(streamB.events).toEqual([]);
    for (const s of [streamA, streamColleague, streamB]) s.close();
  });

  it('catches up missed events after a reconnect with Last-Event-ID', async () => {
    const a = await server.newWorkspace();
    const ctx = await systemCtx(a.workspaceId);
    const first = await openEventStream(a.api);
    await publish(ctx, { userIds: [a.userId] }, { type: 'test.seen', data: { n: 1 } });
    const seen = await first.next((e) => e.event === 'test.seen');
    first.close();

    await publish(ctx, { userIds: [a.userId] }, { type: 'test.missed', data: { n: 2 } });
    await publish(ctx, { workspace: true }, { type: 'test.missed', data: { n: 3 } });

    const again = await openEventStream(a.api, { 'last-event-id': seen.id! });
    await publish(ctx, { userIds: [a.userId] }, { type: 'test.live', data: { n: 4 } });
    await again.next((e) => e.event === 'test.live');
    expect(again.events.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
    again.close();

    // The query parameter works the same for a fresh EventSource.
    const viaQuery = await openEventStream(a.api, {}, `/events?lastEventId=${seen.id}`);
    await viaQuery.next((e) => (e.data as { n: number }).n === 3);
    viaQuery.close();
  });

  it.runIf(process.env.ODNOS_TEST_ENGINE === 'postgres')(
    'fans out between two server processes on one PostgreSQL',
    async () => {
      const other = await openDatabase({
        databaseUrl: server.database.url,
        dataDir: '',
        poolSize: 2,
      });
      const app2 = await buildApp({ database: other, logLevel: 'warn', webDir: '/nonexistent' });
      await app2.listen({ port: 0, host: '127.0.0.1' });
      try {
        const a = await server.newWorkspace();
        const api2 = new ApiClient(
          `http://127.0.0.1:${(app2.server.address() as AddressInfo).port}/api/v1`,
        );
        expect(
          (await api2.post('/auth/login', { email: a.email, password: a.password })).status,
        ).toBe(200);
        const stream = await openEventStream(api2);
        await publish(
          await systemCtx(a.workspaceId),
          { userIds: [a.userId] },
          {
            type: 'test.cross_process',
            data: { ok: true },
          },
        );
        expect((await stream.next((e) => e.event === 'test.cross_process')).data).toEqual({
          ok: true,
        });
        stream.close();
      } finally {
        await app2.close();
        await other.close();
      }
    },
  );
});
