/**
 * Search benchmark (issue 4): N contacts (+ organizations and leads) with South-East European
 * names in Latin, Serbian/Macedonian Cyrillic and Greek, in a fresh database that is dropped at
 * the end; then p50/p95 of 200 mixed searches (names, partial names, other-script spellings,
 * typos, phones in three formats, emails) and of phone lookups, through the service layer.
 *
 *   npm run bench:search -- --engine pglite --contacts 100000
 *   npm run bench:search -- --engine postgres --contacts 1000000 --companies 100000 --leads 200000
 *
 * Prints the figures, the query plans of a few searches and the index sizes.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { eq, sql, type SQL } from 'drizzle-orm';
import { normalizeText, searchDocument } from '../common/search/normalize.js';
import { openDatabase, queryRows, type Database, type Engine } from '../server/db/connection.js';
import { users, workspaces } from '../server/db/schema.js';
import { systemContext, type Ctx } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import {
  matchCondition,
  prepareSearch,
  rankExpression,
  singleWord,
} from '../server/search/engine.js';
import { searchableOf } from '../server/search/registry.js';
import { wordTierQuery } from '../server/search/repository.js';
import { phoneLookup, search } from '../server/search/service.js';
import { createTestDatabase } from '../server/test-support/database.js';
import { createWorkspace, workspaceInfo } from '../server/workspaces/service.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    contacts: { type: 'string', default: '100000' },
    companies: { type: 'string' },
    leads: { type: 'string' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '42' },
    /** Development: keep the loaded PostgreSQL database (prints its URL) … */
    keep: { type: 'boolean', default: false },
    /** … and measure again on it (same --contacts and --seed) without loading. */
    reuse: { type: 'string' },
  },
});
const engine = args.engine as Engine;
const N = Number(args.contacts);
const COMPANIES = Number(args.companies ?? Math.round(N / 10));
const LEADS = Number(args.leads ?? Math.round(N / 5));
const QUERIES = Number(args.queries);

// ---------------------------------------------------------------------------------------------
// Deterministic random
// ---------------------------------------------------------------------------------------------
let state = Number(args.seed) >>> 0 || 1;
function random(): number {
  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (max: number): number => Math.floor(random() * max);

// ---------------------------------------------------------------------------------------------
// Names in four scripts
// ---------------------------------------------------------------------------------------------
interface Script {
  country: 'RS' | 'MK' | 'GR' | 'SI' | 'HR' | 'BA';
  cc: string;
  first: string[];
  last: string[];
}
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const combine = (roots: string, suffixes: string) =>
  words(roots).flatMap((r) => words(suffixes).map((s) => r + s));

const SCRIPTS: Script[] = [
  {
    country: 'RS',
    cc: '381',
    first: words(
      'Марко Милош Никола Стефан Ђорђе Јован Лазар Вук Душан Немања Милица Јелена Ана Марија Тијана Драгана Ивана Љиљана Снежана Жељко Бранко Зоран Горан Небојша Александар Војислав Братислав Слободан Даница Ђурђа Кристина Милена Софија Теодора КатаринаЂурђица Љубомир Његослав Џевад Ђуро',
    ),
    last: combine(
      'Петр Јован Никол Марк Ђорђ Стојан Милош Живк Стефан Павл Лазар Радос Јаћим Ђок Ковач Ђук Илић Симон Томаш Митр Благој Стојк Раденк Мил Бож Вас Живан Гавр Недељк Стан Лук Сав Вукаш Обрад Пантел Крст Тодор Ћир Шар Чол',
      'ић овић евић',
    ),
  },
  {
    country: 'MK',
    cc: '389',
    first: words(
      'Ѓорѓи Ѓорѓе Трајче Благој Методија Кирил Зоран Игор Љупчо Тоше Ѓурѓа Марија Ивана Билјана Елена Катерина Симона Весна Ќиро Ѕвонко Горан Дејан Бојан Александра Јасмина Наташа Кочо Ристо Стојан Филип',
    ),
    last: combine(
      'Ѓорѓиев Стојанов Трајков Николов Петров Јованов Димитров Ристов Ангелов Спасов Најдов Митрев Ќосев Ѓуров Ѕвездан Тодоров Илиев Андонов Стефанов Велков',
      'ски ска',
    ),
  },
  {
    country: 'GR',
    cc: '30',
    first: words(
      'Γιώργος Γιάννης Κωνσταντίνος Δημήτρης Νίκος Παναγιώτης Βασίλης Χρήστος Ευάγγελος Θανάσης Σταύρος Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Ειρήνη Δέσποινα Χριστίνα Ευαγγελία Κυριάκος Μιχάλης Λάμπρος Αναστασία',
    ),
    last: [
      ...combine(
        'Παπαδ Γεωργ Νικολ Κωνσταντιν Δημητρ Χριστ Αθανασ Ιωανν Βασιλ Μιχαλ Σταυρ Ευαγγελ Αναστασ Λαμπρ Παναγ',
        'όπουλος ίδης άκης',
      ),
      ...words(
        'Οικονόμου Γεωργίου Νικολάου Ιωάννου Βασιλείου Χριστοδούλου Αθανασίου Κωνσταντίνου Παπαδάκης Μπακογιάννης Καραμανλής Τσίπρας Βενιζέλος Μητσοτάκης Ντόρας',
      ),
    ],
  },
  {
    country: 'SI',
    cc: '386',
    first: words(
      'Janez Marko Luka Matej Jure Žiga Rok Nejc Anže Tadej Maja Nina Eva Špela Urška Tjaša Mojca Petra Katja Ana Bojan Primož Gašper Blaž Žan',
    ),
    last: [
      ...words(
        'Novak Horvat Krajnc Zupan Potočnik Kovač Mlakar Kos Vidmar Golob Turk Božič Korošec Hribar Kavčič Šuštar Oblak Rozman Jereb Pirc Zajc Kolar Žagar Medved Bizjak',
      ),
      ...combine('Kovač Zupanč Vrhov Jerš Petrov Pavl Marolt Kranj', 'ič ec nik'),
    ],
  },
  {
    country: 'HR',
    cc: '385',
    first: words(
      'Ivan Josip Luka Ante Tomislav Mario Hrvoje Krešimir Dario Zvonimir Ana Petra Ivana Marija Katarina Lucija Mateja Sanja Željka Dubravka Đurđa Nikolina Vesna Antonija Matija',
    ),
    last: combine(
      'Babić Marić Jurić Knežev Perić Pavl Blaž Šar Grg Kovačev Matij Horvat Tomaš Vuk Lovr Bož Brk Ćur Đur Čač',
      'ić ović ević',
    ),
  },
  {
    country: 'BA',
    cc: '387',
    first: words(
      'Amar Emir Adnan Haris Edin Kenan Mirza Tarik Selma Amra Lejla Emina Ajla Merima Aida Dženana Džemal Hasan Almir Nermin',
    ),
    last: combine(
      'Hodž Begov Mehmedov Hadžić Kovač Delić Alagić Sarajl Zukić Omerov Čaušev Muj Halilov Hasanov Ibrahimov',
      'ić ović',
    ),
  },
];

const LATIN_TO_CYRILLIC: [string, string][] = [
  ['dž', 'џ'],
  ['lj', 'љ'],
  ['nj', 'њ'],
  ...'a а b б v в g г d д đ ђ e е ž ж z з i и j ј k к l л m м n н o о p п r р s с t т ć ћ u у f ф h х c ц č ч š ш'
    .split(' ')
    .reduce<[string, string][]>((pairs, v, i, all) => {
      if (i % 2 === 0) pairs.push([v, all[i + 1] ?? '']);
      return pairs;
    }, []),
];
/** Latin (Serbo-Croatian) → Serbian Cyrillic, as a Belgrade user would type a Zagreb name. */
function toCyrillic(latin: string): string {
  let s = latin.toLowerCase();
  for (const [from, to] of LATIN_TO_CYRILLIC) s = s.replaceAll(from, to);
  return s;
}
/** Greek → the phonetic Latin spelling people type (Papadopulos, Hristos, Kiriakos). */
function greekByEar(greek: string): string {
  return normalizeText(greek).replaceAll('ou', 'u').replaceAll('ch', 'h').replaceAll('y', 'i');
}
/** Native-script name → how a user of another script types it. */
function otherScript(name: string, script: Script): string {
  if (script.country === 'GR') return greekByEar(name);
  if (script.country === 'RS' || script.country === 'MK') return normalizeText(name);
  return toCyrillic(name);
}
function typo(text: string): string {
  const t = normalizeText(text);
  if (t.length < 6) return t;
  const at = 2 + int(t.length - 3);
  return t.slice(0, at) + t.slice(at + 1);
}

function mobile(script: Script): { e164: string; national: string } {
  const national =
    script.country === 'GR'
      ? `69${String(int(1e8)).padStart(8, '0')}`
      : `${pick(['6', '7'])}${int(10)}${String(int(1e7)).padStart(7, '0')}`;
  return { e164: `+${script.cc}${national}`, national };
}

const DOMAINS = words(
  'gmail.com yahoo.com t-com.hr siol.net eunet.rs otenet.gr t-home.mk bih.net.ba',
);

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------
interface Person {
  script: Script;
  first: string;
  last: string;
  email: string;
  phone: { e164: string; national: string };
}

const BATCH = 5000;

/** A PostgreSQL array literal: one parameter on both engines, whatever the batch size. */
function arr(values: readonly (string | null)[]): string {
  const items = values.map((v) =>
    v === null ? 'NULL' : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `{${items.join(',')}}`;
}

async function load(
  database: Database,
  ctx: Ctx,
  people: Person[],
  companyNames: string[],
): Promise<void> {
  const ws = ctx.workspace.id;
  const owner = ctx.actor.userId;
  const db = database.db;
  const started = performance.now();
  for (const index of ['contacts_search_idx', 'companies_search_idx', 'leads_search_idx'])
    await db.execute(sql.raw(`drop index if exists ${index}`));
  // The words index is filled in one statement after the rows (search_words_rebuild, from the
  // migration), not row by row by its triggers; the same as the triggers would write.
  for (const table of ['contacts', 'companies', 'leads'])
    await db.execute(sql.raw(`alter table ${table} disable trigger ${table}_search_words`));
  await db.execute(sql.raw('drop index if exists search_words_word_idx'));

  const companyIds: string[] = [];
  for (let i = 0; i < companyNames.length; i += BATCH) {
    const ids: string[] = [];
    const names: string[] = [];
    const texts: string[] = [];
    for (const name of companyNames.slice(i, i + BATCH)) {
      const id = newId();
      ids.push(id);
      companyIds.push(id);
      names.push(name);
      texts.push(searchDocument([name]));
    }
    await db.execute(sql`insert into companies (workspace_id, id, owner_id, name, search_text)
      select ${ws}::uuid, u.id, ${owner}::uuid, u.name, u.st
      from unnest(${arr(ids)}::uuid[], ${arr(names)}::text[], ${arr(texts)}::text[]) as u(id, name, st)`);
  }

  const base = Date.now() - 3 * 365 * 86400_000;
  for (let i = 0; i < people.length; i += BATCH) {
    const chunk = people.slice(i, i + BATCH);
    const ids: string[] = [];
    const firsts: string[] = [];
    const lasts: string[] = [];
    const emails: string[] = [];
    const phones: string[] = [];
    const companies: (string | null)[] = [];
    const texts: string[] = [];
    const times: string[] = [];
    const e164s: string[] = [];
    const nationals: string[] = [];
    for (const p of chunk) {
      const id = newId();
      const c = random() < 0.3 ? int(companyIds.length) : -1;
      ids.push(id);
      firsts.push(p.first);
      lasts.push(p.last);
      emails.push(JSON.stringify([{ value: p.email, label: null }]));
      phones.push(JSON.stringify([{ value: p.phone.e164, label: 'mobile' }]));
      companies.push(c >= 0 ? (companyIds[c] ?? null) : null);
      texts.push(
        searchDocument([p.first, p.last, p.email, p.phone.e164, c >= 0 ? companyNames[c] : null]),
      );
      times.push(new Date(base + int(3 * 365 * 86400_000)).toISOString());
      e164s.push(p.phone.e164);
      nationals.push(p.phone.national);
    }
    await db.execute(sql`insert into contacts (workspace_id, id, owner_id, first_name, last_name,
        emails, phones, company_id, search_text, created_at, updated_at)
      select ${ws}::uuid, u.id, ${owner}::uuid, u.f, u.l, u.e, u.p, u.c, u.st, u.t, u.t
      from unnest(${arr(ids)}::uuid[], ${arr(firsts)}::text[], ${arr(lasts)}::text[], ${arr(emails)}::jsonb[],
        ${arr(phones)}::jsonb[], ${arr(companies)}::uuid[], ${arr(texts)}::text[], ${arr(times)}::timestamptz[])
        as u(id, f, l, e, p, c, st, t)`);
    await db.execute(sql`insert into contact_points (workspace_id, record_type, record_id, kind, value, national)
      select ${ws}::uuid, 'contacts', u.id, 'phone', u.v, u.n
      from unnest(${arr(ids)}::uuid[], ${arr(e164s)}::text[], ${arr(nationals)}::text[]) as u(id, v, n)`);
    if ((i / BATCH) % 40 === 0)
      console.log(
        `  contacts ${i + chunk.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }

  for (let i = 0; i < LEADS; i += BATCH) {
    const ids: string[] = [];
    const names: string[] = [];
    const emails: string[] = [];
    const phones: string[] = [];
    const texts: string[] = [];
    const nationals: string[] = [];
    for (let k = i; k < Math.min(LEADS, i + BATCH); k++) {
      const p = makePerson();
      const name = `${p.first} ${p.last}`;
      ids.push(newId());
      names.push(name);
      emails.push(p.email);
      phones.push(p.phone.e164);
      nationals.push(p.phone.national);
      texts.push(searchDocument([name, p.email, p.phone.e164]));
    }
    await db.execute(sql`insert into leads (workspace_id, id, owner_id, name, email, phone, source, search_text)
      select ${ws}::uuid, u.id, ${owner}::uuid, u.n, u.e, u.p, 'web_form', u.st
      from unnest(${arr(ids)}::uuid[], ${arr(names)}::text[], ${arr(emails)}::text[], ${arr(phones)}::text[], ${arr(texts)}::text[])
        as u(id, n, e, p, st)`);
    await db.execute(sql`insert into contact_points (workspace_id, record_type, record_id, kind, value, national)
      select ${ws}::uuid, 'leads', u.id, 'phone', u.v, u.n
      from unnest(${arr(ids)}::uuid[], ${arr(phones)}::text[], ${arr(nationals)}::text[]) as u(id, v, n)`);
  }
  console.log(`  rows loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; indexing…`);
  const indexed = performance.now();
  if (engine === 'postgres') await db.execute(sql.raw(`set maintenance_work_mem = '1GB'`));
  for (const table of ['contacts', 'companies', 'leads'])
    await db.execute(
      sql.raw(
        `CREATE INDEX ${table}_search_idx ON ${table} USING gin (workspace_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL`,
      ),
    );
  for (const table of ['contacts', 'companies', 'leads']) {
    await db.execute(sql.raw(`select search_words_rebuild('${table}', '${table}')`));
    await db.execute(sql.raw(`alter table ${table} enable trigger ${table}_search_words`));
  }
  await db.execute(
    sql.raw(
      'CREATE UNIQUE INDEX search_words_word_idx ON search_words (workspace_id, record_type, word text_pattern_ops, updated_at, record_id)',
    ),
  );
  // VACUUM (not just ANALYZE) so that the words index is read index-only, as it is once
  // autovacuum has been through a live database.
  await db.execute(sql.raw('vacuum analyze'));
  console.log(`  indexed in ${((performance.now() - indexed) / 1000).toFixed(0)} s`);
}

function makePerson(): Person {
  const script = pick(SCRIPTS);
  const first = pick(script.first);
  const last = pick(script.last);
  const local = `${normalizeText(first)}.${normalizeText(last)}`.replaceAll(' ', '');
  return {
    script,
    first,
    last,
    email: `${local}${random() < 0.5 ? int(100) : ''}@${pick(DOMAINS)}`,
    phone: mobile(script),
  };
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------
function makeQueries(people: Person[]): { kind: string; q: string }[] {
  const out: { kind: string; q: string }[] = [];
  const kinds = [
    'surname',
    'full name',
    'partial',
    'other script',
    'other script full',
    'typo',
    'phone e164',
    'phone national',
    'phone spaced',
    'email',
  ];
  for (let i = 0; i < QUERIES; i++) {
    const p = pick(people);
    const kind = kinds[i % kinds.length] ?? 'surname';
    const national =
      p.script.country === 'GR' ? p.phone.national : `0${p.phone.national.replace(/^0/, '')}`;
    const q =
      kind === 'surname'
        ? p.last
        : kind === 'full name'
          ? `${p.first} ${p.last}`
          : kind === 'partial'
            ? p.last.slice(0, 4 + int(2))
            : kind === 'other script'
              ? otherScript(p.last, p.script)
              : kind === 'other script full'
                ? `${otherScript(p.first, p.script)} ${otherScript(p.last, p.script)}`
                : kind === 'typo'
                  ? typo(p.last)
                  : kind === 'phone e164'
                    ? p.phone.e164
                    : kind === 'phone national'
                      ? national
                      : kind === 'phone spaced'
                        ? `${national.slice(0, 3)}/${national.slice(3, 6)} ${national.slice(6)}`
                        : (p.email.split('@')[0] ?? p.email);
    out.push({ kind, q });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function loadAll(database: Database, people: Person[]): Promise<Ctx> {
  const { ctx } = await createWorkspace(
    database,
    {
      workspaceName: 'Bench d.o.o.',
      locale: 'sr-Latn',
      currency: 'RSD',
      country: 'RS',
      name: 'Bench Admin',
      email: `bench-${Date.now()}@example.com`,
      password: 'correct horse battery',
    },
    { firstOnly: false },
  );
  const companyNames = Array.from({ length: COMPANIES }, (_, i) => {
    const s = pick(SCRIPTS);
    return `${pick(s.last)} ${pick(['d.o.o.', 'a.d.', 'ДООЕЛ', 'Α.Ε.', 's.p.', 'ДОО'])} ${i}`;
  });
  await load(database, ctx, people, companyNames);
  return ctx;
}

async function benchContext(database: Database): Promise<Ctx> {
  const [row] = await database.db
    .select()
    .from(workspaces)
    .where(eq(workspaces.name, 'Bench d.o.o.'));
  if (!row) throw new Error('no bench workspace in that database');
  const [user] = await database.db.select().from(users).where(eq(users.workspaceId, row.id));
  return systemContext(database, workspaceInfo(row), user?.id ?? null);
}

async function main(): Promise<void> {
  console.log(
    `search bench on ${engine}: ${N} contacts, ${COMPANIES} organizations, ${LEADS} leads`,
  );
  const database = args.reuse
    ? await openDatabase({ databaseUrl: args.reuse, dataDir: '' })
    : await createTestDatabase(engine);
  const keep = args.keep || Boolean(args.reuse);
  try {
    const people = Array.from({ length: N }, makePerson);
    const ctx = args.reuse ? await benchContext(database) : await loadAll(database, people);

    const queries = makeQueries(people);
    // Warm-up: the first queries load the index pages.
    for (const { q } of queries.slice(0, 20)) await search(ctx, { q, limit: 20 });

    const times: number[] = [];
    const byKind = new Map<string, number[]>();
    let empty = 0;
    for (const { kind, q } of queries) {
      const t0 = performance.now();
      const result = await search(ctx, { q, limit: 20 });
      const dt = performance.now() - t0;
      if (result.data.length === 0) {
        empty++;
        if (process.env.BENCH_SHOW_EMPTY) console.log(`  no results: ${kind} "${q}"`);
      }
      times.push(dt);
      const list = byKind.get(kind) ?? [];
      list.push(dt);
      byKind.set(kind, list);
    }
    times.sort((a, b) => a - b);
    console.log(
      `\nsearch (${queries.length} mixed queries, limit 20): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(times.at(-1) ?? 0)}; queries without results: ${empty}`,
    );
    for (const [kind, list] of byKind) {
      list.sort((a, b) => a - b);
      console.log(
        `  ${kind.padEnd(18)} p50 ${ms(percentile(list, 50)).padStart(9)}  p95 ${ms(percentile(list, 95)).padStart(9)}`,
      );
    }

    const phoneTimes: number[] = [];
    let phoneMisses = 0;
    for (let i = 0; i < QUERIES; i++) {
      const p = pick(people);
      const formats = [
        p.phone.e164,
        `0${p.phone.national}`,
        `+${p.script.cc} ${p.phone.national.slice(0, 2)} ${p.phone.national.slice(2)}`,
      ];
      const number = formats[i % 3] ?? p.phone.e164;
      const t0 = performance.now();
      const hits = await phoneLookup(ctx, { number, limit: 10 });
      phoneTimes.push(performance.now() - t0);
      if (hits.length === 0) phoneMisses++;
    }
    phoneTimes.sort((a, b) => a - b);
    console.log(
      `phone lookup (${QUERIES} numbers, 3 formats): p50 ${ms(percentile(phoneTimes, 50))}, p95 ${ms(percentile(phoneTimes, 95))}; not found: ${phoneMisses}`,
    );

    // Query plans and index sizes for the closing note: one-word queries per tier of the words
    // index (contacts), the others through search_text.
    const explain = async (title: string, query: SQL): Promise<void> => {
      const plan = await queryRows<Record<string, string>>(
        database.db,
        sql`explain (analyze, costs off, timing off, summary on) ${query}`,
      );
      console.log(`\nplan for ${title}:`);
      for (const row of plan) console.log(`  ${Object.values(row)[0]}`);
    };
    const contactsType = searchableOf('contacts');
    for (const [q, tier] of [
      ['petrovic', 0],
      ['Παπαδόπουλος', 0],
      ['petr', 1],
      ['etrovi', 2],
      ['petrovc', 3],
    ] as const) {
      const p = prepareSearch(q);
      const word = singleWord(p);
      if (!contactsType || !word) continue;
      await explain(
        `"${q}" (tier ${tier})`,
        wordTierQuery(ctx, { s: contactsType, limit: 20, exclude: [] }, p, word, tier),
      );
    }
    for (const q of ['0641234567', 'marko petrovic']) {
      const p = prepareSearch(q);
      await explain(
        `"${q}"`,
        sql`select id, ${rankExpression(sql`search_text`, p)} as rank, updated_at from contacts
          where workspace_id = ${ctx.workspace.id}::uuid and deleted_at is null
            and ${matchCondition(sql`search_text`, p, sql`id` as never)}
          order by 2, 3 desc limit 20`,
      );
    }
    const sizes = await queryRows<{ name: string; size: string }>(
      database.db,
      sql`select relname as name, pg_size_pretty(pg_relation_size(oid)) as size from pg_class
          where relname in ('contacts', 'companies', 'leads', 'contact_points', 'contacts_search_idx',
            'companies_search_idx', 'leads_search_idx', 'contact_points_value_idx',
            'contact_points_national_idx', 'search_words', 'search_words_word_idx',
            'search_dictionary', 'search_dictionary_word_idx', 'search_dictionary_trgm_idx')
          order by relname`,
    );
    console.log('\nsizes:');
    for (const s of sizes) console.log(`  ${s.name.padEnd(28)} ${s.size}`);
  } finally {
    if (keep && database.url) {
      console.log(`\nkept: --reuse ${database.url}`);
      await database.pool?.end();
    } else {
      await database.close();
      console.log('\ndatabase dropped');
    }
  }
}

await main();
