/**
 * `npm run bench -- [--engine postgres|pglite] [--scale 0.01] [--only name,name]
 *                   [--requests 200] [--seconds 30] [--connections 16] [--import-rows N]`
 *
 * Starts the real server (Fastify app, HTTP on 127.0.0.1) on the benchmark database of the scale
 * (built by bench:data first when missing), signs in as the bench administrator, warms up, then
 * for each scenario sends ≥ 200 requests one after another through HTTP, recording the SQL each
 * request sent; the same statements are then replayed as raw SQL on the server's own pool. Prints
 * a table and writes bench/results/<date>-<engine>.json. Benchmarks print figures; tests never
 * time anything.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { openDatabase, type Database, type Engine } from '../server/db/connection.js';
import { migrate } from '../server/db/migrate.js';
import { projectRoot } from '../server/platform/paths.js';
import { BENCH_ADMIN, engineArg, parseArgs, pgliteDir, postgresUrl } from './database.js';
import { generateBenchData } from './generate.js';
import { capture, installCapture, type Statement } from './harness/capture.js';
import { HttpClient } from './harness/http.js';
import { explainSlowest, percentile, replay } from './harness/raw.js';
import { SCENARIOS } from './scenarios/index.js';
import {
  emptyResult,
  type BenchEnv,
  type LatencyScenario,
  type SampleContact,
  type ScenarioResult,
} from './scenarios/types.js';

async function databaseExists(engine: Engine, scale: number): Promise<boolean> {
  if (engine === 'pglite') return existsSync(path.join(pgliteDir(scale), 'PG_VERSION'));
  const client = new pg.Client({ connectionString: postgresUrl(scale) });
  try {
    await client.connect();
    const res = await client.query(`select to_regclass('public.contacts') is not null as ok`);
    return (res.rows[0] as { ok: boolean }).ok;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function rows<T>(database: Database, text: string, params: unknown[] = []): Promise<T[]> {
  const result = database.pool
    ? await database.pool.query(text, params)
    : await (database.pglite as NonNullable<Database['pglite']>).query(text, params);
  return result.rows as T[];
}

async function loadSamples(database: Database, workspaceId: string) {
  const contacts = await rows<SampleContact>(
    database,
    `select c.id::text as id, c.first_name as "firstName", c.last_name as "lastName",
        c.emails->0->>'value' as email, p.value as phone, p.national
      from contacts c
      left join lateral (select value, national from contact_points cp
        where cp.workspace_id = c.workspace_id and cp.record_type = 'contacts'
          and cp.record_id = c.id and cp.kind = 'phone' limit 1) p on true
      where c.workspace_id = $1 and c.deleted_at is null
      order by md5(c.id::text) limit 400`,
    [workspaceId],
  );
  const users = await rows<{ id: string }>(
    database,
    `select id::text as id from users where workspace_id = $1 order by id`,
    [workspaceId],
  );
  return { contacts, userIds: users.map((u) => u.id) };
}

async function counts(database: Database, workspaceId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['contacts', 'companies', 'leads', 'activities', 'audit_events']) {
    const [row] = await rows<{ n: string | number }>(
      database,
      `select count(*) as n from ${table} where workspace_id = $1`,
      [workspaceId],
    );
    out[table] = Number(row?.n ?? 0);
  }
  return out;
}

async function runLatency(env: BenchEnv, scenario: LatencyScenario): Promise<ScenarioResult> {
  const result = emptyResult(scenario.name, scenario.about);
  const step = await scenario.prepare(env);
  if (typeof step !== 'function') {
    result.skipped = step.skip;
    return result;
  }
  // Warm-up: the measured requests once each (other ones for a writing step), so the JIT has
  // optimized the server's code and the database has the requests' pages in its buffers — as
  // the raw replay, which runs after the measured requests, always finds them. Twenty warm-up
  // requests left the first of the measured ones on colder code and pages than their replay.
  for (let i = 0; i < env.requests; i++) await step(scenario.writes ? env.requests + i : i);

  const times: number[] = [];
  const captured: Statement[][] = [];
  const startedAt: number[] = [];
  let rowsSeen = 0;
  const t0 = performance.now();
  for (let i = 0; i < env.requests; i++) {
    startedAt.push(Date.now());
    const started = performance.now();
    const [out, statements] = await capture(() => step(i));
    times.push(performance.now() - started);
    captured.push(statements);
    rowsSeen += out.rows;
  }
  const seconds = (performance.now() - t0) / 1000;

  const rawTimes: number[] = [];
  const perStatement: number[] = [];
  let rawRows = 0;
  for (let i = 0; i < captured.length; i++) {
    const r = await replay(env.database, captured[i] as Statement[], startedAt[i] as number);
    rawTimes.push(r.total);
    rawRows += r.rows;
    r.each.forEach((ms, k) => (perStatement[k] = (perStatement[k] ?? 0) + ms));
  }
  const explained = await explainSlowest(env.database, captured[0] ?? [], perStatement);

  result.requests = env.requests;
  result.p50 = percentile(times, 50);
  result.p95 = percentile(times, 95);
  result.p99 = percentile(times, 99);
  result.throughput = env.requests / seconds;
  result.rawP95 = percentile(rawTimes, 95);
  result.ratio = result.rawP95 > 0 ? result.p95 / result.rawP95 : null;
  result.rows = Math.round(rowsSeen / env.requests);
  result.statements = Math.round(
    captured.reduce((n, s) => n + s.length, 0) / Math.max(1, captured.length),
  );
  result.plan = explained?.plan ?? null;
  result.slowestStatement = explained?.statement ?? null;
  // What the application adds to each request's own SQL, in milliseconds (HTTP − raw replay of
  // the same request): the part of the ratio the server's code and HTTP are responsible for.
  const added = times.map((ms, i) => ms - (rawTimes[i] ?? 0));
  const [rawP50, addedP50, addedP95] = [
    percentile(rawTimes, 50),
    percentile(added, 50),
    percentile(added, 95),
  ];
  result.extra = {
    rawRowsPerRequest: Math.round(rawRows / env.requests),
    rawP50,
    addedP50,
    addedP95,
  };
  result.notes.push(
    `raw p50 ${fmt(rawP50)} ms; added by the app per request (HTTP − raw of the same request) p50 ${fmt(addedP50)} / p95 ${fmt(addedP95)} ms`,
  );
  await scenario.finish?.(env, result);
  return result;
}

const fmt = (n: number | null, digits = 1) =>
  n === null || Number.isNaN(n) ? '–' : n.toFixed(digits);

function printTable(results: ScenarioResult[], log: (line: string) => void): void {
  const header = ['scenario', 'n', 'p50', 'p95', 'p99', 'req/s', 'raw p95', 'ratio', 'rows', 'sql'];
  const widths = [24, 6, 7, 7, 7, 7, 8, 6, 5, 4];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 8) : c.padStart(widths[i] ?? 8)))
      .join(' ');
  log(line(header));
  for (const r of results) {
    if (r.skipped) {
      log(`${r.scenario.padEnd(24)} skipped: ${r.skipped}`);
      continue;
    }
    log(
      line([
        r.scenario,
        String(r.requests),
        fmt(r.p50),
        fmt(r.p95),
        fmt(r.p99),
        fmt(r.throughput, 0),
        fmt(r.rawP95),
        r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×`,
        r.rows === null ? '–' : String(r.rows),
        r.statements === null ? '–' : String(r.statements),
      ]),
    );
  }
  log('');
  log('plans (slowest statement of each scenario):');
  for (const r of results) if (r.plan) log(`  ${r.scenario}: ${r.plan}`);
  for (const r of results) for (const note of r.notes) log(`  ${r.scenario}: ${note}`);
  if (results.some((r) => r.errors > 0))
    log(`errors: ${results.map((r) => `${r.scenario} ${r.errors}`).join(', ')}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = engineArg(args);
  const scale = Number(args.get('scale') ?? '0.01');
  const only =
    args
      .get('only')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? null;
  const requests = Math.max(200, Number(args.get('requests') ?? '200'));
  const log = console.log;

  if (!(await databaseExists(engine, scale))) {
    log(`no benchmark database for scale ${scale} on ${engine}: building it (bench:data)…`);
    await generateBenchData({ engine, scale });
  }
  const database = await openDatabase({
    databaseUrl: engine === 'postgres' ? postgresUrl(scale) : null,
    dataDir: engine === 'pglite' ? pgliteDir(scale) : '',
    poolSize: 20,
  });
  await migrate(database);
  installCapture(database);
  const app = await buildApp({ database, logLevel: 'warn', webDir: '/nonexistent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
  try {
    const http = new HttpClient(baseUrl);
    await http.signIn(BENCH_ADMIN.email, BENCH_ADMIN.password);
    const [admin] = await rows<{ workspaceId: string; id: string }>(
      database,
      `select workspace_id::text as "workspaceId", id::text as id from users where lower(email) = $1`,
      [BENCH_ADMIN.email],
    );
    if (!admin) throw new Error('bench administrator not found');
    const openapi = (await http.get('/openapi.json')).body as { paths?: Record<string, unknown> };
    const env: BenchEnv = {
      engine,
      scale,
      database,
      http,
      workspaceId: admin.workspaceId,
      userId: admin.id,
      requests,
      loadSeconds: Number(args.get('seconds') ?? '30'),
      loadConnections: Number(args.get('connections') ?? '16'),
      importRows: Number(
        args.get('import-rows') ?? String(Math.round(100_000 * Math.min(1, scale * 10))),
      ),
      samples: await loadSamples(database, admin.workspaceId),
      paths: new Set(Object.keys(openapi.paths ?? {})),
    };
    const dataset = await counts(database, admin.workspaceId);
    log(
      `bench on ${engine}, scale ${scale}: ` +
        Object.entries(dataset)
          .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
          .join(', '),
    );

    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.name)) continue;
      log(`→ ${scenario.name}`);
      try {
        results.push(
          scenario.kind === 'latency' ? await runLatency(env, scenario) : await scenario.run(env),
        );
      } catch (error) {
        const failed = emptyResult(scenario.name, scenario.about);
        failed.skipped = `failed: ${(error as Error).message}`;
        failed.errors = 1;
        results.push(failed);
      }
    }
    log('');
    printTable(results, log);

    const dir = path.join(projectRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-${engine}.json`);
    // Runs with --only update their scenarios in the day's file and keep the others.
    let previous: ScenarioResult[] = [];
    if (only && existsSync(file)) {
      try {
        previous = (JSON.parse(readFileSync(file, 'utf8')) as { results: ScenarioResult[] })
          .results;
      } catch {
        previous = [];
      }
    }
    const merged = [
      ...previous.filter((p) => !results.some((r) => r.scenario === p.scenario)),
      ...results,
    ];
    writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          engine,
          scale,
          dataset,
          machine: {
            cpus: os.cpus().length,
            cpu: os.cpus()[0]?.model ?? 'unknown',
            memoryGiB: Math.round(os.totalmem() / 2 ** 30),
            loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
            node: process.version,
          },
          requestsPerScenario: requests,
          results: merged,
        },
        null,
        2,
      ) + '\n',
    );
    log(`\nwritten ${path.relative(projectRoot, file)}`);
  } finally {
    await app.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
