/**
 * `npm run bench:data -- --scale <n> [--engine pglite|postgres] [--seed <n>]`
 *
 * Builds the benchmark database of a scale from scratch: migrations, a workspace with its
 * administrator (bench/database.ts BENCH_ADMIN), 50 colleagues, custom fields, then the synthetic
 * company through COPY with keys and indexes rebuilt afterwards. Prints rows/s per table.
 * PostgreSQL: database `odnos_bench_<scale>` on BENCH_POSTGRES_URL's server; PGlite:
 * `bench/.data/pglite-<scale>`.
 */
import { openDatabase } from '../server/db/connection.js';
import { migrate } from '../server/db/migrate.js';
import { createWorkspace } from '../server/workspaces/service.js';
import { BENCH_ADMIN, BENCH_SEED, engineArg, freshDatabase, parseArgs } from './database.js';
import { loadSynthetic, type LoadResult } from './load/load.js';
import { SyntheticCompany } from './synthetic/generator.js';

export async function generateBenchData(options: {
  engine: 'pglite' | 'postgres';
  scale: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<LoadResult> {
  const log = options.log ?? console.log;
  const seed = options.seed ?? BENCH_SEED;
  const gen = new SyntheticCompany(seed, options.scale);
  log(
    `scale ${options.scale} on ${options.engine}: ` +
      Object.entries(gen.counts)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', '),
  );
  const target = await freshDatabase(options.engine, options.scale);
  const database = await openDatabase({ ...target, poolSize: 8 });
  try {
    await migrate(database);
    const { ctx } = await createWorkspace(
      database,
      {
        workspaceName: 'Jadran Trade d.o.o.',
        locale: 'sl',
        currency: 'EUR',
        country: 'SI',
        name: gen.users[0]?.name ?? 'Bench Admin',
        email: BENCH_ADMIN.email,
        password: BENCH_ADMIN.password,
      },
      { firstOnly: false },
    );
    const result = await loadSynthetic(database, {
      gen,
      seed,
      ctx,
      bulk: true,
      userPassword: BENCH_ADMIN.password,
      log,
    });
    printSummary(result, log);
    return result;
  } finally {
    await database.close();
  }
}

function printSummary(result: LoadResult, log: (line: string) => void): void {
  log('');
  log(`${'table'.padEnd(28)}         rows       rows/s`);
  for (const t of result.loaded) {
    log(
      `${t.table.padEnd(28)} ${t.rows.toLocaleString('en').padStart(12)} ${Math.round(
        t.rows / t.seconds,
      )
        .toLocaleString('en')
        .padStart(12)}`,
    );
  }
  for (const s of result.skipped) log(`(skipped ${s.name}: ${s.reason})`);
  log(
    `keys + indexes + vacuum: ${result.indexSeconds.toFixed(1)} s; total ${result.totalSeconds.toFixed(1)} s`,
  );
}

const isMain = process.argv[1]?.endsWith('generate.ts') || process.argv[1]?.endsWith('generate.js');
if (isMain) {
  const args = parseArgs(process.argv.slice(2));
  const scale = Number(args.get('scale') ?? '0.01');
  generateBenchData({
    engine: engineArg(args),
    scale,
    seed: args.has('seed') ? Number(args.get('seed')) : BENCH_SEED,
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
