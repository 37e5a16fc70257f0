/** Where benchmark databases live, shared by `bench:data` (bench/generate.ts) and `bench` (bench/run.ts). */
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Engine } from '../server/db/connection.js';
import { projectRoot } from '../server/platform/paths.js';

/** The benchmark workspace's administrator (bench databases only, never a real install). */
export const BENCH_ADMIN = {
  email: 'bench-admin@odnos-demo.test',
  password: 'odnos-bench-2026',
} as const;

export const BENCH_SEED = 2026;

/** PostgreSQL server used for bench databases (a database per scale is created on it). */
export function postgresAdminUrl(): string {
  return (
    process.env.BENCH_POSTGRES_URL ??
    process.env.ODNOS_TEST_POSTGRES_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export function scaleLabel(scale: number): string {
  return String(scale).replace('.', '_');
}

export function benchDatabaseName(scale: number): string {
  return `odnos_bench_${scaleLabel(scale)}`;
}

export function postgresUrl(scale: number): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${benchDatabaseName(scale)}`;
  return url.toString();
}

export function pgliteDir(scale: number): string {
  return path.join(projectRoot, 'bench', '.data', `pglite-${scaleLabel(scale)}`);
}

/** Drops and creates the benchmark database of `scale`; returns how to open it. */
export async function freshDatabase(
  engine: Engine,
  scale: number,
): Promise<{ databaseUrl: string | null; dataDir: string }> {
  if (engine === 'pglite') {
    const dir = pgliteDir(scale);
    rmSync(dir, { recursive: true, force: true });
    return { databaseUrl: null, dataDir: dir };
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  const name = benchDatabaseName(scale);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return { databaseUrl: postgresUrl(scale), dataDir: '' };
}

/** Drops the PostgreSQL benchmark database of `scale` (to give the disk back). */
export async function dropDatabase(scale: number): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${benchDatabaseName(scale)} WITH (FORCE)`);
  await admin.end();
}

export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) args.set(key, inline);
    else if (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--'))
      args.set(key, argv[++i] as string);
    else args.set(key, 'true');
  }
  return args;
}

export function engineArg(args: Map<string, string>): Engine {
  const engine = args.get('engine') ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite');
  if (engine !== 'pglite' && engine !== 'postgres')
    throw new Error(`--engine must be pglite or postgres, got ${engine}`);
  return engine;
}
