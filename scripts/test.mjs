#!/usr/bin/env node
// `npm test`: unit tests, integration tests on PGlite and on PostgreSQL, and browser tests in
// Chromium. Ends with one line `tests: N passed, N failed` and a non-zero exit on any failure.
// With CI=true, PostgreSQL and Chromium are required; locally a missing one is reported and its
// suite skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const projects = ['unit', 'integration-pglite'];
const skipped = [];

async function postgresReachable() {
  const url = process.env.ODNOS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

if (await postgresReachable()) projects.push('integration-postgres');
else if (ci) {
  console.error('PostgreSQL is not reachable on 127.0.0.1:5432 — required in CI.');
  process.exit(1);
} else skipped.push('integration-postgres (PostgreSQL not reachable on 127.0.0.1:5432)');

const chromium = process.env.ODNOS_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('build failed');
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
  projects.push('e2e');
} else if (ci) {
  console.error(
    `Chromium not found at ${chromium} — required in CI (apt-get install -y chromium).`,
  );
  process.exit(1);
} else skipped.push(`e2e (no Chromium at ${chromium}; apt-get install -y chromium)`);

const extra = process.argv.slice(2);
const report = path.join(mkdtempSync(path.join(tmpdir(), 'odnos-test-')), 'report.json');
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extra,
  ],
  { stdio: 'inherit' },
);

let passed = 0;
let failed;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numFailedTestSuites ?? 0);
} else failed = 1;
// vitest exits non-zero on errors outside tests (e.g. an unhandled rejection) too.
if (run.status !== 0 && failed === 0) failed = 1;
for (const s of skipped) console.log(`skipped: ${s}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
