/**
 * Import/export benchmark: `npm run bench:imports -- --rows 1000000 --engine postgres`.
 * Writes a synthetic contacts CSV (names in several scripts, valid phones, organizations), imports
 * it end to end through the import engine (read → map → normalize → batches with checkpoint),
 * then COPYs the same stored rows into a scratch copy of the table and into the contacts table
 * itself for the raw baselines, and streams the export of every contact to /dev/null. Prints
 * rows/s, CPU per row and peak RSS.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../server/db/connection.js';
import { migrate } from '../server/db/migrate.js';
import { runImport } from '../server/imports/engine.js';
import { exportList } from '../server/imports/export.js';
import { updateImport } from '../server/imports/repository.js';
import { createImport } from '../server/imports/service.js';
import { createWorkspace } from '../server/workspaces/service.js';
import { engineArg, parseArgs, postgresAdminUrl } from './database.js';
import { openWriter } from './load/copy.js';
import pg from 'pg';

const args = parseArgs(process.argv.slice(2));
const rows = Number(args.get('rows') ?? 100_000);
const engine = engineArg(args);

const FIRST = [
  'Ana',
  'Marko',
  'Petar',
  'Јелена',
  'Иван',
  'Γιώργος',
  'Μαρία',
  'Špela',
  'Luka',
  'Đorđe',
];
const LAST = [
  'Novak',
  'Horvat',
  'Петровић',
  'Јовановски',
  'Παπαδόπουλος',
  'Kovačević',
  'Zupan',
  'Babić',
];
const CITIES = ['Ljubljana', 'Zagreb', 'Београд', 'Скопје', 'Αθήνα', 'Sarajevo', 'Novi Sad'];

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('Ime,Priimek,E-pošta,Telefon,Podjetje,Kraj,Datum rojstva\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const phone = `+386 41 ${String(100000 + (i % 900000)).padStart(6, '0')}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    chunk += `${FIRST[i % FIRST.length]},${LAST[(i * 7) % LAST.length]} ${i},oseba${i}@example.si,${phone},Podjetje ${i % 5000} d.o.o.,${CITIES[i % CITIES.length]},${day}.0${(i % 9) + 1}.1980\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed + memory.external);
}, 100);

/**
 * CPU seconds spent by the database's server processes (PostgreSQL on this machine only): the
 * last seen utime+stime of every backend of the bench database, read from /proc every 100 ms so
 * a connection closed by the pool still counts. With other work on the machine, wall time says
 * little; CPU time splits the import's cost between Node and the database.
 */
const backendTicks = new Map<number, number>();
let backendPids: number[] = [];
function sampleBackends(): void {
  for (const pid of backendPids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      backendTicks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // the backend has exited; its last sample stays
    }
  }
}
const backendSampler = setInterval(sampleBackends, 100);
const databaseCpuSeconds = () => [...backendTicks.values()].reduce((a, b) => a + b, 0) / 100;

const BASELINE_COLUMNS = [
  'workspace_id',
  'id',
  'first_name',
  'last_name',
  'emails',
  'phones',
  'search_text',
];

/** The imported contacts as stored (search text included), as COPY fields. */
async function storedContacts(database: Database): Promise<string[][]> {
  // All seven columns are not null in the contacts table.
  const stored = await queryRows<{
    workspace_id: string;
    id: string;
    first_name: string;
    last_name: string;
    emails: string;
    phones: string;
    search_text: string;
  }>(
    database.db,
    sql`select workspace_id, id, first_name, last_name, emails::text as emails, phones::text as phones, search_text from contacts`,
  );
  return stored.map((r) => [
    r.workspace_id,
    r.id,
    r.first_name,
    r.last_name,
    r.emails,
    r.phones,
    r.search_text,
  ]);
}

/**
 * Seconds and database CPU seconds of COPYing `fields` into `table`, in statements of at most
 * `statementRows` rows.
 */
async function timedCopy(
  database: Database,
  table: string,
  fields: string[][],
  statementRows = Infinity,
): Promise<{ copySeconds: number; copyCpu: number }> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  sampleBackends();
  const copyCpuBefore = databaseCpuSeconds();
  const copyBegin = performance.now();
  let writer = await openWriter(database, table, BASELINE_COLUMNS);
  for (const r of fields) {
    if (writer.rows >= statementRows) {
      await writer.end();
      writer = await openWriter(database, table, BASELINE_COLUMNS);
    }
    writer.write(r);
    await writer.ready();
  }
  await writer.end();
  const copySeconds = (performance.now() - copyBegin) / 1000;
  sampleBackends();
  return { copySeconds, copyCpu: databaseCpuSeconds() - copyCpuBefore };
}

/** Rows per COPY statement into the contacts table (its statement trigger sorts in memory). */
const TABLE_COPY_ROWS = 10_000;

/**
 * Raw baselines: COPY of the same contacts rows (as stored, search text included) into a copy of
 * the contacts table with the same indexes (no triggers, no foreign keys), and into the contacts
 * table itself with new ids, in statements of 10,000 rows — its foreign keys and search-words
 * trigger included, but none of what the import writes beside the row (organizations, contact
 * points, audit rows, import bookkeeping). The second copy is deleted afterwards. The rows are
 * garbage once this returns, so the export measured next has only its own memory.
 */
async function copyBaselines(database: Database) {
  await database.db.execute(sql`create table bench_contacts (like contacts including all)`);
  const stored = await storedContacts(database);
  const bare = await timedCopy(database, 'bench_contacts', stored);
  const ids: string[] = [];
  for (const r of stored) {
    r[1] = randomUUID();
    ids.push(r[1]);
  }
  const table = await timedCopy(database, 'contacts', stored, TABLE_COPY_ROWS);
  for (let i = 0; i < ids.length; i += 10_000) {
    await database.db.execute(
      sql`delete from contacts where id = any(${`{${ids.slice(i, i + 10_000).join(',')}}`}::uuid[])`,
    );
  }
  return { bare, table };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'odnos-bench-imports-'));
  process.env.ODNOS_UPLOAD_DIR = dir;
  const file = path.join(dir, 'contacts.csv');
  await writeCsv(file);
  let databaseUrl: string | null = null;
  if (engine === 'postgres') {
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS odnos_bench_imports WITH (FORCE)');
    await admin.query('CREATE DATABASE odnos_bench_imports');
    await admin.end();
    const url = new URL(postgresAdminUrl());
    url.pathname = '/odnos_bench_imports';
    databaseUrl = url.toString();
  }
  const database = await openDatabase({ databaseUrl, dataDir: path.join(dir, 'pglite') });
  await migrate(database);
  const { ctx } = await createWorkspace(
    database,
    {
      workspaceName: 'Bench',
      locale: 'sl',
      currency: 'EUR',
      country: 'SI',
      name: 'Bench',
      email: `bench-${Date.now()}@example.si`,
      password: 'bench password 2026',
    } as never,
    { firstOnly: false },
  );
  const row = await createImport(
    ctx,
    { object: 'contacts' },
    'contacts.csv',
    createReadStream(file),
  );
  await updateImport(ctx, row.id, {
    status: 'queued',
    options: {
      duplicateMode: 'create',
      duplicateKey: 'none',
      dateFormat: 'DMY',
      decimalComma: true,
      defaults: { ownerId: null, tags: [], source: null },
    },
  });
  const pidTimer =
    engine === 'postgres'
      ? setInterval(() => {
          void queryRows<{ pid: number }>(
            database.db,
            sql`select pid from pg_stat_activity where datname = current_database()`,
          ).then((r) => {
            backendPids = r.map((x) => x.pid);
          });
        }, 200)
      : null;
  backendPids = (
    engine === 'postgres'
      ? await queryRows<{ pid: number }>(
          database.db,
          sql`select pid from pg_stat_activity where datname = current_database()`,
        )
      : []
  ).map((x) => x.pid);
  sampleBackends();
  const databaseCpuBefore = databaseCpuSeconds();
  const nodeCpuBefore = process.cpuUsage();
  peakRss = 0;
  const started = performance.now();
  await runImport(ctx, row.id);
  const importSeconds = (performance.now() - started) / 1000;
  const importPeak = peakRss;
  const nodeCpu = process.cpuUsage(nodeCpuBefore);
  sampleBackends();
  const databaseCpu = databaseCpuSeconds() - databaseCpuBefore;

  // Raw baseline: COPY of the same contacts rows (as stored, search text included) into a copy
  // of the contacts table with the same indexes.
  const baselines = await copyBaselines(database);
  if (pidTimer) clearInterval(pidTimer);

  (globalThis as { gc?: () => void }).gc?.();
  const exportRssBefore = process.memoryUsage().rss;
  peakRss = 0;
  peakHeap = 0;
  const exportStart = performance.now();
  const out = await exportList(ctx, { object: 'contacts', format: 'csv', query: {} });
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    out.stream
      .pipe(
        new Writable({
          write(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            done();
          },
        }),
      )
      .on('finish', resolve)
      .on('error', reject);
  });
  const exportSeconds = (performance.now() - exportStart) / 1000;

  const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
  console.log(`engine ${engine}, ${rows.toLocaleString('en')} contact rows`);
  console.log(
    `import: ${importSeconds.toFixed(1)} s, ${rate(rows, importSeconds)} rows/s end to end, peak RSS ${Math.round(importPeak / 2 ** 20)} MB`,
  );
  const nodeSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
  console.log(
    `import CPU: Node ${nodeSeconds.toFixed(1)} s (${Math.round((1e6 * nodeSeconds) / rows)} µs/row)` +
      (engine === 'postgres'
        ? `, PostgreSQL backends ${databaseCpu.toFixed(1)} s (${Math.round((1e6 * databaseCpu) / rows)} µs/row)`
        : ''),
  );
  const baseline = (what: string, { copySeconds, copyCpu }: typeof baselines.bare) =>
    console.log(
      `raw COPY of the same contact rows ${what}: ${copySeconds.toFixed(1)} s, ${rate(rows, copySeconds)} rows/s (import = ${Math.round((100 * copySeconds) / importSeconds)} % of COPY speed)` +
        (engine === 'postgres' ? `, PostgreSQL CPU ${copyCpu.toFixed(1)} s` : ''),
    );
  baseline('into a copy of the table (indexes only)', baselines.bare);
  baseline(
    `into the contacts table (its keys and triggers; ${TABLE_COPY_ROWS.toLocaleString('en')} rows per COPY)`,
    baselines.table,
  );
  console.log(
    `export CSV: ${exportSeconds.toFixed(1)} s, ${rate(rows, exportSeconds)} rows/s, ${Math.round(bytes / 2 ** 20)} MB, peak RSS ${Math.round(peakRss / 2 ** 20)} MB (${Math.round(exportRssBefore / 2 ** 20)} MB before it), peak heap ${Math.round(peakHeap / 2 ** 20)} MB`,
  );
  clearInterval(sampler);
  clearInterval(backendSampler);
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
