/**
 * Loads a synthetic company into a workspace. The workspace, its users and custom fields are
 * made through the application's services; the records stream through COPY (see tables.ts).
 *
 * `bulk: true` (benchmark databases) drops the loaded tables' keys, foreign keys and indexes
 * first and builds them again afterwards from their exact definitions, which is several times
 * faster than maintaining them row by row; the foreign keys are validated when they come back.
 */
import { sql } from 'drizzle-orm';
import type { FieldCreateInput } from '../../server/fields/schema.js';
import { createField, fieldsOf } from '../../server/fields/service.js';
import { queryRows, type Database } from '../../server/db/connection.js';
import type { Ctx } from '../../server/platform/context.js';
import { insertUser } from '../../server/users/repository.js';
import { hashPassword } from '../../server/auth/secrets.js';
import { SEGMENTS, type SyntheticCompany } from '../synthetic/generator.js';
import { openWriter, type TableWriter } from './copy.js';
import { rebuildFunnelRollups } from '../../server/deals/repository.js';
import { rebuildActivityRollups } from '../../server/reports/repository.js';
import { listLostReasons, listPipelines } from '../../server/deals/service.js';
import { ensureVatDefaults, listVatRates } from '../../server/catalog/service.js';
import { normalizeRate } from '../../common/billing/totals.js';
import { LOADERS, type DealPipeline, type LoadEnv, type Loader, type Writers } from './tables.js';

export interface TableStat {
  table: string;
  rows: number;
  seconds: number;
}

export interface LoadResult {
  loaded: TableStat[];
  skipped: { name: string; reason: string }[];
  indexSeconds: number;
  totalSeconds: number;
}

export interface LoadOptions {
  gen: SyntheticCompany;
  seed: number;
  /** The administrator's context (from `createWorkspace`); records are owned by the team. */
  ctx: Ctx;
  bulk: boolean;
  shift?: number;
  /** Password of the synthetic colleagues (demo: unusable random; bench: a known one). */
  userPassword: string;
  log?: (line: string) => void;
}

const LABELS = {
  segment: {
    en: 'Segment',
    sl: 'Segment',
    hr: 'Segment',
    bs: 'Segment',
    'sr-Latn': 'Segment',
    'sr-Cyrl': 'Сегмент',
    mk: 'Сегмент',
    el: 'Τμήμα',
  },
  loyalty: {
    en: 'Loyalty points',
    sl: 'Točke zvestobe',
    hr: 'Bodovi vjernosti',
    bs: 'Bodovi lojalnosti',
    'sr-Latn': 'Poeni lojalnosti',
    'sr-Cyrl': 'Поени лојалности',
    mk: 'Поени за лојалност',
    el: 'Πόντοι επιβράβευσης',
  },
  consent: {
    en: 'Marketing consent',
    sl: 'Soglasje za trženje',
    hr: 'Privola za marketing',
    bs: 'Saglasnost za marketing',
    'sr-Latn': 'Saglasnost za marketing',
    'sr-Cyrl': 'Сагласност за маркетинг',
    mk: 'Согласност за маркетинг',
    el: 'Συγκατάθεση μάρκετινγκ',
  },
  tier: {
    en: 'Customer tier',
    sl: 'Razred stranke',
    hr: 'Razred kupca',
    bs: 'Razred klijenta',
    'sr-Latn': 'Rang kupca',
    'sr-Cyrl': 'Ранг купца',
    mk: 'Ранг на клиент',
    el: 'Κατηγορία πελάτη',
  },
  retail: {
    en: 'Retail',
    sl: 'Maloprodaja',
    hr: 'Maloprodaja',
    bs: 'Maloprodaja',
    'sr-Latn': 'Maloprodaja',
    'sr-Cyrl': 'Малопродаја',
    mk: 'Малопродажба',
    el: 'Λιανική',
  },
  wholesale: {
    en: 'Wholesale',
    sl: 'Veleprodaja',
    hr: 'Veleprodaja',
    bs: 'Veleprodaja',
    'sr-Latn': 'Veleprodaja',
    'sr-Cyrl': 'Велепродаја',
    mk: 'Големопродажба',
    el: 'Χονδρική',
  },
  public: {
    en: 'Public sector',
    sl: 'Javni sektor',
    hr: 'Javni sektor',
    bs: 'Javni sektor',
    'sr-Latn': 'Javni sektor',
    'sr-Cyrl': 'Јавни сектор',
    mk: 'Јавен сектор',
    el: 'Δημόσιος τομέας',
  },
} as const;

const FIELDS: FieldCreateInput[] = [
  {
    object: 'contacts',
    key: 'segment',
    type: 'select',
    label: LABELS.segment,
    options: { choices: SEGMENTS.map((value) => ({ value, label: LABELS[value] })) },
    required: false,
    hidden: false,
    searchable: false,
  },
  {
    object: 'contacts',
    key: 'loyalty',
    type: 'number',
    label: LABELS.loyalty,
    options: {},
    required: false,
    hidden: false,
    searchable: false,
  },
  {
    object: 'contacts',
    key: 'consent',
    type: 'boolean',
    label: LABELS.consent,
    options: {},
    required: false,
    hidden: false,
    searchable: false,
  },
  {
    object: 'companies',
    key: 'tier',
    type: 'select',
    label: LABELS.tier,
    options: { choices: ['A', 'B', 'C'].map((value) => ({ value, label: { en: value } })) },
    required: false,
    hidden: false,
    searchable: true,
  },
  {
    object: 'companies',
    key: 'segment',
    type: 'select',
    label: LABELS.segment,
    options: { choices: SEGMENTS.map((value) => ({ value, label: LABELS[value] })) },
    required: false,
    hidden: false,
    searchable: false,
  },
];

/** The default pipeline (created as the deals feature does on first use) for synthetic stages. */
async function defaultPipeline(ctx: Ctx): Promise<DealPipeline | null> {
  const [first] = await listPipelines(ctx);
  if (!first) return null;
  const byKind = (kind: string) => first.stages.filter((s) => s.kind === kind);
  const open = byKind('open');
  const at = (i: number) => (open[Math.min(i, open.length - 1)] as { id: string }).id;
  const won = byKind('won')[0]?.id ?? at(open.length - 1);
  const lost = byKind('lost')[0]?.id ?? at(0);
  const reasons = await listLostReasons(ctx);
  const reason = (i: number) => reasons[Math.min(i, reasons.length - 1)]?.id;
  const lostReasons: Record<string, string> = {};
  ['price', 'competitor', 'timing', 'no_decision'].forEach((key, i) => {
    const id = reason(i);
    if (id) lostReasons[key] = id;
  });
  return {
    id: first.pipeline.id,
    firstStage: at(0),
    stages: {
      qualification: at(0),
      needs_analysis: at(0),
      proposal: at(1),
      negotiation: at(2),
      closing: at(2),
      won,
      lost,
    },
    lostReasons,
  };
}

/** Columns of every table of the database (to skip entries of features not merged yet). */
async function schemaColumns(database: Database): Promise<Map<string, Set<string>>> {
  const rows = await queryRows<{ table_name: string; column_name: string }>(
    database.db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = map.get(r.table_name) ?? new Set<string>();
    set.add(r.column_name);
    map.set(r.table_name, set);
  }
  return map;
}

function missing(loader: Loader, columns: Map<string, Set<string>>): string | null {
  for (const [table, cols] of Object.entries(loader.tables)) {
    const have = columns.get(table);
    if (!have) return `table ${table} does not exist`;
    const absent = cols.filter((c) => !have.has(c));
    if (absent.length) return `${table} has no column ${absent.join(', ')}`;
  }
  return null;
}

interface Ddl {
  drop: string;
  create: string;
  kind: 'key' | 'index' | 'foreign';
}

/** Keys, foreign keys and indexes of `tables`, to drop before a bulk load and rebuild after. */
async function constraintsOf(database: Database, tables: string[]): Promise<Ddl[]> {
  const list = sql.join(
    tables.map((t) => sql`${t}`),
    sql`, `,
  );
  const constraints = await queryRows<{
    table_name: string;
    name: string;
    type: string;
    def: string;
  }>(
    database.db,
    sql`select c.conrelid::regclass::text as table_name, c.conname as name, c.contype as type,
               pg_get_constraintdef(c.oid) as def
          from pg_constraint c
         where c.contype in ('p', 'u', 'f')
           and (c.conrelid::regclass::text in (${list}) or c.confrelid::regclass::text in (${list}))`,
  );
  const indexes = await queryRows<{ name: string; def: string }>(
    database.db,
    sql`select i.indexname as name, i.indexdef as def from pg_indexes i
         where i.schemaname = 'public' and i.tablename in (${list})
           and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  return [
    ...constraints.map((c) => ({
      kind: c.type === 'f' ? ('foreign' as const) : ('key' as const),
      drop: `ALTER TABLE ${c.table_name} DROP CONSTRAINT ${c.name}`,
      create: `ALTER TABLE ${c.table_name} ADD CONSTRAINT ${c.name} ${c.def}`,
    })),
    ...indexes.map((i) => ({
      kind: 'index' as const,
      drop: `DROP INDEX ${i.name}`,
      create: i.def,
    })),
  ];
}

async function run(database: Database, statement: string): Promise<void> {
  await database.db.execute(sql.raw(statement));
}

/** Runs statements on up to `parallel` connections (PostgreSQL) or one after another (PGlite). */
async function runAll(database: Database, statements: string[], parallel: number): Promise<void> {
  if (!database.pool) {
    for (const s of statements) await run(database, s);
    return;
  }
  const queue = [...statements];
  const pool = database.pool;
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      const client = await pool.connect();
      try {
        await client.query(`SET maintenance_work_mem = '512MB'`);
        for (let s = queue.shift(); s !== undefined; s = queue.shift()) await client.query(s);
      } finally {
        client.release();
      }
    }),
  );
}

/** The synthetic colleagues join the workspace; synthetic user 0 is its administrator. */
async function addUsers(options: LoadOptions): Promise<Map<string, string>> {
  const { gen, ctx } = options;
  const map = new Map<string, string>();
  const passwordHash = await hashPassword(options.userPassword);
  for (const u of gen.users) {
    if (u.index === 0) {
      map.set(u.id, ctx.actor.userId as string);
      continue;
    }
    const email = u.email.replace('@', `.${ctx.workspace.id.slice(-8)}@`);
    const row = await insertUser(ctx, {
      id: u.id,
      name: u.name,
      email,
      passwordHash,
      role: u.role,
      locale: u.locale,
    });
    map.set(u.id, row.id);
  }
  return map;
}

export async function loadSynthetic(database: Database, options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const { ctx, gen } = options;
  const users = await addUsers(options);
  for (const field of FIELDS) await createField(ctx, field);
  const env: LoadEnv = {
    gen,
    seed: options.seed,
    workspaceId: ctx.workspace.id,
    definitions: {
      contacts: await fieldsOf(ctx, 'contacts'),
      companies: await fieldsOf(ctx, 'companies'),
      leads: await fieldsOf(ctx, 'leads'),
      deals: await fieldsOf(ctx, 'deals'),
    },
    user: (id) => users.get(id) ?? (ctx.actor.userId as string),
    shift: options.shift ?? 0,
    companyNames: [],
    contactNames: null,
    pipeline: null,
    locale: ctx.workspace.locale,
    currency: ctx.workspace.currency,
    vatRates: new Map(),
    customers: [],
    invoiceNumbers: null,
    invoiceNumberBase: new Map(),
  };

  const columns = await schemaColumns(database);
  if (columns.has('deals')) {
    env.pipeline = await defaultPipeline(ctx);
    env.contactNames = new Map();
  }
  if (columns.has('billing_sequences')) {
    const rows = await queryRows<{ year: number; last_number: number }>(
      database.db,
      sql`select year, last_number from billing_sequences
           where workspace_id = ${ctx.workspace.id} and type = 'invoice' and series = ''`,
    );
    for (const r of rows) env.invoiceNumberBase.set(r.year, r.last_number);
  }
  if (columns.has('vat_rates')) {
    // Products take the workspace's VAT rate of their rate, as picked in the catalog.
    await ensureVatDefaults(ctx);
    for (const rate of await listVatRates(ctx)) {
      const key = normalizeRate(rate.rate);
      if (rate.active && !env.vatRates.has(key)) env.vatRates.set(key, rate.id);
    }
  }
  const skipped: LoadResult['skipped'] = [];
  const loaders = LOADERS.filter((loader) => {
    const reason = missing(loader, columns);
    if (reason) {
      skipped.push({ name: loader.name, reason });
      log(`skip ${loader.name}: ${reason}`);
    }
    return !reason;
  });
  const tables = [...new Set(loaders.flatMap((l) => Object.keys(l.tables)))];

  // Triggers (the funnel and activity roll-ups, the search words) are off during the load and
  // recounted once after it.
  for (const table of tables) await run(database, `ALTER TABLE ${table} DISABLE TRIGGER USER`);
  let ddl: Ddl[] = [];
  if (options.bulk) {
    ddl = await constraintsOf(database, tables);
    const order = (k: Ddl['kind']) => ddl.filter((d) => d.kind === k).map((d) => d.drop);
    for (const statement of [...order('foreign'), ...order('index'), ...order('key')])
      await run(database, statement);
  }

  const loaded = new Map<string, TableStat>();
  for (const loader of loaders) {
    const count = loader.count(env);
    const t0 = performance.now();
    const writers: Writers = {};
    for (const [table, cols] of Object.entries(loader.tables))
      writers[table] = await openWriter(database, table, cols);
    const all: TableWriter[] = Object.values(writers);
    for (let i = 0; i < count; i++) {
      loader.emit(env, i, writers);
      if ((i & 1023) === 1023) for (const w of all) await w.ready();
    }
    for (const w of all) await w.end();
    const seconds = (performance.now() - t0) / 1000;
    const parts = all.map((w) => `${w.table} ${w.rows.toLocaleString('en')}`);
    log(
      `${loader.name.padEnd(12)} ${count.toLocaleString('en').padStart(11)} records in ${seconds.toFixed(1)} s ` +
        `(${Math.round(count / seconds).toLocaleString('en')} records/s; rows: ${parts.join(', ')})`,
    );
    for (const w of all) {
      const stat = loaded.get(w.table) ?? { table: w.table, rows: 0, seconds: 0 };
      stat.rows += w.rows;
      stat.seconds += seconds;
      loaded.set(w.table, stat);
    }
  }

  const t1 = performance.now();
  if (options.bulk) {
    const create = (k: Ddl['kind']) => ddl.filter((d) => d.kind === k).map((d) => d.create);
    log(`building keys and indexes (${ddl.length})…`);
    await runAll(database, create('key'), 2);
    await runAll(database, create('index'), 2);
    await runAll(database, create('foreign'), 2);
  }
  for (const table of tables) await run(database, `ALTER TABLE ${table} ENABLE TRIGGER USER`);
  if (tables.includes('deals')) await rebuildFunnelRollups(database.db, ctx.workspace.id);
  if (tables.includes('activities')) await rebuildActivityRollups(database.db, ctx.workspace.id);
  // The next invoice issued in the application continues after the loaded numbers.
  for (const [year, last] of env.invoiceNumbers?.lastByYear ?? [])
    await database.db.execute(
      sql`insert into billing_sequences (workspace_id, type, series, year, last_number)
          values (${ctx.workspace.id}, 'invoice', '', ${year}, ${last})
          on conflict (workspace_id, type, series, year) do update set last_number = excluded.last_number`,
    );
  // The search words index (search_words, kept by triggers) is rebuilt once per loaded type;
  // in bulk loads without its btree, which is then built once (word by word into an existing
  // btree, ten million words took most of the rebuild and left the index twice its size).
  const searchable = tables.filter((t) => ['contacts', 'companies', 'leads', 'deals'].includes(t));
  const [wordsIndex] =
    options.bulk && searchable.length > 0
      ? await queryRows<{ def: string }>(
          database.db,
          sql`select pg_get_indexdef('search_words_word_idx'::regclass) as def`,
        )
      : [];
  if (wordsIndex) await run(database, 'DROP INDEX search_words_word_idx');
  for (const table of searchable)
    await run(database, `SELECT search_words_rebuild('${table}', '${table}')`);
  if (wordsIndex) await run(database, wordsIndex.def);
  for (const table of [
    ...tables,
    ...(searchable.length > 0 ? ['search_words', 'search_dictionary'] : []),
  ])
    await run(database, `${options.bulk ? 'VACUUM ' : ''}ANALYZE ${table}`);
  const indexSeconds = (performance.now() - t1) / 1000;
  log(`keys, indexes, vacuum/analyze: ${indexSeconds.toFixed(1)} s`);
  return {
    loaded: [...loaded.values()],
    skipped,
    indexSeconds,
    totalSeconds: (performance.now() - started) / 1000,
  };
}
