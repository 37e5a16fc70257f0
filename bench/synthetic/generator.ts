/**
 * A deterministic synthetic South-East-European company: its employees, customers (companies and
 * their people), leads, deals, products, invoice lines and the timeline of everything they did.
 *
 * Every record is a pure function of (seed, table, index): record N is the same at any scale and
 * whatever else was generated, so a loader can stream tables in any order, in parallel, and two
 * runs with the same seed produce byte-identical databases.
 *
 * Distributions are skewed like real customer bases: low company indexes are the big customers
 * (most contacts, deals, invoices and activities), most companies are small; purchases are
 * seasonal (spring and autumn peaks, a December rush, a quiet August), work happens on weekdays.
 */
import type { Address, ContactPoint } from '../../common/records.js';
import { normalizeText } from '../../common/search/normalize.js';
import {
  COUNTRY_CODES,
  COUNTRY_DATA,
  femaleSurname,
  toLatin,
  type City,
  type CountryCode,
  type CountryData,
} from './countries.js';
import { cumulative, Random, streamFor, uuidV7 } from './random.js';

// ---------------------------------------------------------------------------------------------
// Scale
// ---------------------------------------------------------------------------------------------

/** Rows at scale 1 (issue 5): a company with a million customers. */
export const SCALE_1 = {
  contacts: 1_000_000,
  companies: 100_000,
  leads: 200_000,
  deals: 300_000,
  invoiceLines: 2_000_000,
  activities: 10_000_000,
  users: 50,
  teams: 8,
  products: 2_000,
} as const;

export type Counts = { -readonly [K in keyof typeof SCALE_1]: number };

export function countsFor(scale: number): Counts {
  if (!(scale > 0)) throw new Error(`scale must be a positive number, got ${scale}`);
  const n = (base: number, min: number) => Math.max(min, Math.round(base * scale));
  const users = Math.min(SCALE_1.users, Math.max(3, Math.round(SCALE_1.users * scale * 10)));
  return {
    contacts: n(SCALE_1.contacts, 10),
    companies: n(SCALE_1.companies, 3),
    leads: n(SCALE_1.leads, 2),
    deals: n(SCALE_1.deals, 3),
    invoiceLines: n(SCALE_1.invoiceLines, 10),
    activities: n(SCALE_1.activities, 20),
    users,
    teams: Math.min(SCALE_1.teams, Math.max(1, Math.ceil(users / 6))),
    products: Math.min(SCALE_1.products, Math.max(20, Math.round(SCALE_1.products * scale * 5))),
  };
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
/** The synthetic company's "today": fixed, so output never depends on the clock. */
export const EPOCH_END = Date.UTC(2026, 10, 30, 16, 0, 0);
/** Four years of history. */
export const EPOCH_START = EPOCH_END - 4 * 365 * DAY;

/** Purchases and activity by month (Jan…Dec): spring and autumn peaks, quiet August, December rush. */
export const MONTH_WEIGHTS = [
  0.8, 0.9, 1.15, 1.2, 1.15, 1.0, 0.75, 0.45, 1.1, 1.25, 1.3, 1.5,
] as const;
const MAX_MONTH_WEIGHT = Math.max(...MONTH_WEIGHTS);

/** Creation time of record `index` of `count`: the customer base grows, more records lately. */
function createdAt(index: number, count: number, rng: Random): number {
  const position = (index + rng.next()) / count;
  return Math.floor(EPOCH_START + (EPOCH_END - EPOCH_START) * Math.sqrt(position));
}

/** A working moment between `from` and `to`: seasonal, mostly weekdays, office hours. */
function workingMoment(rng: Random, from: number, to: number): number {
  const span = Math.max(to - from, DAY);
  for (let attempt = 0; attempt < 8; attempt++) {
    const day = from + Math.floor(rng.next() * span);
    const date = new Date(day);
    const weekday = date.getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.9)) continue;
    const weight = MONTH_WEIGHTS[date.getUTCMonth()] ?? 1;
    if (rng.next() * MAX_MONTH_WEIGHT > weight) continue;
    const midnight = day - (day % DAY);
    return Math.min(to, midnight + (6 + rng.int(0, 9)) * 3_600_000 + rng.int(0, 3_599_999));
  }
  return from + Math.floor(rng.next() * span);
}

// ---------------------------------------------------------------------------------------------
// Shapes (camelCase like the application's rows)
// ---------------------------------------------------------------------------------------------

export interface SynthUser {
  index: number;
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'manager' | 'member';
  locale: string;
  team: string;
  country: CountryCode;
  createdAt: number;
}

export interface SynthCompany {
  index: number;
  id: string;
  country: CountryCode;
  name: string;
  legalName: string;
  vatId: string | null;
  registrationNumber: string | null;
  kinds: string[];
  emails: ContactPoint[];
  phones: ContactPoint[];
  addresses: Address[];
  website: string | null;
  industry: string;
  ownerId: string;
  parentId: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** The owner before a hand-over (an `update` audit event), when there was one. */
  previousOwnerId: string | null;
  domain: string;
}

export interface SynthContact {
  index: number;
  id: string;
  country: CountryCode;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
  emails: ContactPoint[];
  phones: ContactPoint[];
  addresses: Address[];
  birthday: string | null;
  locale: string;
  tags: string[];
  ownerId: string;
  companyIndex: number | null;
  companyId: string | null;
  custom: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  previousOwnerId: string | null;
}

export interface SynthLead {
  index: number;
  id: string;
  country: CountryCode;
  name: string;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  message: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  status: string;
  disqualifyReason: string | null;
  ownerId: string;
  tags: string[];
  custom: Record<string, unknown>;
  createdAt: number;
}

export interface SynthProduct {
  index: number;
  id: string;
  sku: string;
  name: string;
  unitPrice: number;
  currency: string;
  taxRate: number;
  unit: string;
  /** Unit cost in minor units (55–80 % of the price), for margins. */
  unitCost: number;
  /** A few old products are no longer sold. */
  active: boolean;
  createdAt: number;
}

export interface SynthDeal {
  index: number;
  id: string;
  title: string;
  companyIndex: number;
  companyId: string;
  contactId: string | null;
  ownerId: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  amount: number;
  currency: string;
  probability: number;
  expectedCloseDate: string;
  closedAt: number | null;
  lostReason: string | null;
  createdAt: number;
}

/** An invoice: lines 4·index … 4·index+3 of invoiceLine(), its customer, date and payment. */
export interface SynthInvoice {
  index: number;
  companyIndex: number;
  companyId: string;
  issuedAt: number;
  /** Cancelled after issuing (never paid). */
  cancelled: boolean;
  /** When the customer pays, or null: never (a bad debt) or after the synthetic "today". */
  paidAt: number | null;
  /** Share of the gross total paid (1 = in full; below 1 = partially paid). */
  paidShare: number;
  method: 'bank_transfer' | 'card' | 'cash';
}

export interface SynthInvoiceLine {
  index: number;
  id: string;
  invoiceNumber: string;
  companyId: string;
  productId: string;
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** The product's unit cost when the line was written (margins). */
  unitCost: number;
  discountPercent: number;
  taxRate: number;
  amount: number;
  currency: string;
  issuedOn: string;
  createdAt: number;
}

export interface SynthActivity {
  index: number;
  id: string;
  recordType: 'contacts' | 'companies' | 'leads';
  recordId: string;
  kind: 'note' | 'call' | 'email' | 'meeting';
  body: string | null;
  data: Record<string, unknown>;
  actorId: string;
  occurredAt: number;
}

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

const COUNTRY_WEIGHTS = cumulative(COUNTRY_CODES.map((c) => COUNTRY_DATA[c].share));
const CITY_WEIGHTS = new Map<CountryCode, number[]>(
  COUNTRY_CODES.map((c) => [c, cumulative(COUNTRY_DATA[c].cities.map((city) => city.weight))]),
);

export const INDUSTRIES = [
  'manufacturing',
  'retail',
  'wholesale',
  'construction',
  'it',
  'transport',
  'hospitality',
  'agriculture',
  'healthcare',
  'public_sector',
] as const;
const INDUSTRY_WEIGHTS = cumulative([18, 20, 14, 12, 9, 8, 8, 5, 4, 2]);

export const SEGMENTS = ['retail', 'wholesale', 'public'] as const;
const TAGS = ['newsletter', 'b2b', 'event-2025', 'webinar', 'trade-fair', 'price-sensitive'];
const PERSONAL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.test'];
const LEAD_SOURCE_WEIGHTS = cumulative([35, 15, 20, 8, 10, 7, 5]);
const LEAD_SOURCES = ['web_form', 'call', 'email', 'chat', 'referral', 'import', 'other'];
const DEAL_STAGES = ['qualification', 'needs_analysis', 'proposal', 'negotiation', 'closing'];
const UNITS = ['pcs', 'pcs', 'pcs', 'h', 'kg', 'm', 'box', 'license'];
const TEAMS = [
  'Ljubljana Sales',
  'Zagreb Sales',
  'Beograd Sales',
  'Skopje Sales',
  'Athens Sales',
  'Key Accounts',
  'Inside Sales',
  'Customer Success',
];

/** Greek → Latin (ELOT 743, simplified) for Greek customers written in Latin letters. */
const GREEK_LATIN: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

function greekToLatin(text: string): string {
  const plain = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  let out = '';
  for (let i = 0; i < plain.length; i++) {
    const ch = plain.charAt(i);
    const lower = ch.toLowerCase();
    const next = plain.charAt(i + 1).toLowerCase();
    let latin: string | undefined;
    if (lower === 'ο' && next === 'υ') {
      latin = 'ou';
      i++;
    } else latin = GREEK_LATIN[lower];
    if (latin === undefined) out += ch;
    else out += lower === ch ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out;
}

/** A text as it is written in Latin letters by a customer of `country`. */
function latinOf(country: CountryCode, text: string): string {
  return country === 'GR' ? greekToLatin(text) : toLatin(text);
}

/** ASCII slug for emails and domains: "Ђорђевић" → "djordjevic". */
export function slug(text: string): string {
  return normalizeText(text).replace(/ /g, '');
}

// ---------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------

export interface SynthPhone {
  e164: string;
  /** National significant number (what `contact_points.national` holds). */
  national: string;
  /** As a person types it at home: "041 123 456", "011 2345678", "210 1234567". */
  typed: string;
}

function groupDigits(digits: string): string {
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  if (groups.length > 1 && (groups[groups.length - 1]?.length ?? 0) === 1) {
    const last = groups.pop() ?? '';
    const before = groups.pop() ?? '';
    groups.push(before.slice(0, 2), before.slice(2) + last);
  }
  return groups.join(' ');
}

function subscriber(
  rng: Random,
  count: number,
  first: readonly string[] = ['2', '3', '4', '5', '6'],
): string {
  return rng.pick(first) + rng.digits(count - 1);
}

export function mobilePhone(rng: Random, data: CountryData): SynthPhone {
  const prefix = rng.pick(data.mobile.prefixes);
  const rest = subscriber(rng, data.mobile.digits);
  return phoneOf(data, prefix, rest);
}

export function landlinePhone(rng: Random, data: CountryData, city: City): SynthPhone {
  return phoneOf(
    data,
    city.area,
    subscriber(rng, data.landlineDigits(city.area), data.landlineFirst(city.area)),
  );
}

function phoneOf(data: CountryData, prefix: string, rest: string): SynthPhone {
  const national = prefix + rest;
  return {
    e164: `+${data.callingCode}${national}`,
    national,
    typed: `${data.trunkZero ? '0' : ''}${prefix} ${groupDigits(rest)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

export interface Person {
  country: CountryCode;
  firstName: string;
  lastName: string;
  female: boolean;
  latin: boolean;
}

export class SyntheticCompany {
  readonly counts: Counts;
  private readonly userCache: SynthUser[];
  private readonly productCache: SynthProduct[] = [];
  private readonly companyIds: string[];
  private readonly contactIds: string[];

  constructor(
    readonly seed: number,
    readonly scale: number,
  ) {
    this.counts = countsFor(scale);
    this.userCache = Array.from({ length: this.counts.users }, (_, i) => this.buildUser(i));
    // Ids are needed for references (contact → company, activity → record): computed once.
    this.companyIds = Array.from({ length: this.counts.companies }, (_, i) =>
      this.idOf('companies', i, this.counts.companies),
    );
    this.contactIds = [];
  }

  private rng(table: string, index: number): Random {
    return streamFor(this.seed, table, index);
  }

  /** The id of record `index` (its own stream, so references need not build the record). */
  private idOf(table: string, index: number, count: number): string {
    const rng = this.rng(`${table}#id`, index);
    return uniqueId(uuidV7(createdAt(index, count, rng), rng), index);
  }

  private createdAtOf(table: string, index: number, count: number): number {
    return createdAt(index, count, this.rng(`${table}#id`, index));
  }

  companyId(index: number): string {
    return this.companyIds[index] as string;
  }

  contactId(index: number): string {
    if (this.contactIds.length === 0 && this.counts.contacts <= 5_000_000) {
      for (let i = 0; i < this.counts.contacts; i++)
        this.contactIds.push(this.idOf('contacts', i, this.counts.contacts));
    }
    return this.contactIds[index] ?? this.idOf('contacts', index, this.counts.contacts);
  }

  leadId(index: number): string {
    return this.idOf('leads', index, this.counts.leads);
  }

  get users(): readonly SynthUser[] {
    return this.userCache;
  }

  /** An employee responsible for a record: some sales people own far more than others. */
  private owner(rng: Random): string {
    return (this.userCache[rng.skewedIndex(this.userCache.length, 1.6)] as SynthUser).id;
  }

  private country(rng: Random): CountryCode {
    return rng.weighted(COUNTRY_CODES, COUNTRY_WEIGHTS);
  }

  private city(rng: Random, country: CountryCode): City {
    return rng.weighted(COUNTRY_DATA[country].cities, CITY_WEIGHTS.get(country) ?? []);
  }

  person(rng: Random, country: CountryCode, latin?: boolean): Person {
    const data = COUNTRY_DATA[country];
    const female = rng.chance(0.5);
    const first = rng.pick(female ? data.femaleFirst : data.maleFirst);
    const surname = rng.pick(data.surnames);
    const last = female ? femaleSurname(country, surname) : surname;
    const useLatin = latin ?? (data.script === 'latin' || rng.chance(data.latinShare));
    return {
      country,
      female,
      latin: useLatin,
      firstName: useLatin && data.script !== 'latin' ? latinOf(country, first) : first,
      lastName: useLatin && data.script !== 'latin' ? latinOf(country, last) : last,
    };
  }

  private address(rng: Random, country: CountryCode, latin: boolean, label: string): Address {
    const data = COUNTRY_DATA[country];
    const city = this.city(rng, country);
    const number = String(rng.skewedIndex(180, 1.8) + 1) + (rng.chance(0.1) ? 'a' : '');
    const street = rng.pick(data.streets);
    const write = (text: string) =>
      latin && data.script !== 'latin' ? latinOf(country, text) : text;
    return {
      label,
      street: country === 'GR' ? `${write(street)} ${number}` : `${write(street)} ${number}`,
      city: write(city.name),
      postalCode: city.postalCode,
      region: null,
      country,
    };
  }

  // -- users ------------------------------------------------------------------------------------

  private buildUser(index: number): SynthUser {
    const rng = this.rng('users', index);
    const country: CountryCode = index === 0 ? 'SI' : this.country(rng);
    const person = this.person(rng, country, true);
    const role = index === 0 ? 'admin' : index < 4 ? 'manager' : index === 4 ? 'admin' : 'member';
    const ascii = `${slug(person.firstName)}.${slug(person.lastName)}`;
    const created = EPOCH_START - DAY * 30 + index * DAY * 7;
    return {
      index,
      id: uuidV7(created, rng),
      name: `${person.firstName} ${person.lastName}`,
      email: `${ascii}${index}@odnos-demo.test`,
      role,
      locale: COUNTRY_DATA[country].locale,
      team: TEAMS[index % this.counts.teams] as string,
      country,
      createdAt: created,
    };
  }

  // -- companies --------------------------------------------------------------------------------

  company(index: number): SynthCompany {
    const rng = this.rng('companies', index);
    const count = this.counts.companies;
    const country = this.country(rng);
    const data = COUNTRY_DATA[country];
    const latin = data.script === 'latin' || rng.chance(data.latinShare);
    const write = (text: string) =>
      latin && data.script !== 'latin' ? latinOf(country, text) : text;
    const surname = write(rng.pick(data.surnames));
    const word = write(rng.pick(data.companyWords));
    const form = write(rng.pick(data.legalForms));
    const city = this.city(rng, country);
    const cityName = write(city.name);
    const style = rng.int(0, 3);
    const base =
      style === 0
        ? `${surname} ${word}`
        : style === 1
          ? `${word} ${surname}`
          : style === 2
            ? `${word} ${cityName}`
            : `${surname} & ${write(rng.pick(data.surnames))}`;
    const name = `${base} ${form}`;
    const domain = `${slug(base).slice(0, 24)}${index}.example`;
    const phones: ContactPoint[] = [{ value: landlinePhone(rng, data, city).e164, label: 'work' }];
    if (rng.chance(0.25)) phones.push({ value: mobilePhone(rng, data).e164, label: 'mobile' });
    const kinds = rng.chance(0.86)
      ? ['customer']
      : rng.chance(0.6)
        ? ['supplier']
        : rng.chance(0.5)
          ? ['partner']
          : ['competitor'];
    if (kinds[0] === 'customer' && rng.chance(0.04)) kinds.push('partner');
    // A few percent are subsidiaries of one of the big customers (low indexes).
    const parentIndex =
      index > 50 && rng.chance(0.03) ? rng.skewedIndex(Math.min(index, 500), 2) : -1;
    const rank = index / count;
    const tier = rank < 0.02 ? 'A' : rank < 0.2 ? 'B' : 'C';
    const created = this.createdAtOf('companies', index, count);
    const handedOver = rng.chance(0.12);
    const ownerId = this.owner(rng);
    const previousOwnerId = handedOver ? this.owner(rng) : null;
    return {
      index,
      id: this.companyId(index),
      country,
      name,
      legalName: `${base}, ${form}`,
      vatId: rng.chance(0.9) ? data.vatId((n) => rng.digits(n)) : null,
      registrationNumber: rng.chance(0.8) ? data.registrationNumber((n) => rng.digits(n)) : null,
      kinds,
      emails: [{ value: `info@${domain}`, label: 'work' }],
      phones: dedupe(phones),
      addresses: [this.address(rng, country, latin, 'billing')],
      website: rng.chance(0.7) ? `https://www.${domain}` : null,
      industry: rng.weighted(INDUSTRIES, INDUSTRY_WEIGHTS),
      ownerId,
      parentId: parentIndex >= 0 && parentIndex !== index ? this.companyId(parentIndex) : null,
      tags: rank < 0.01 ? ['key-account'] : rng.chance(0.15) ? [rng.pick(TAGS)] : [],
      custom: { tier, segment: rng.pick(SEGMENTS) },
      createdAt: created,
      updatedAt:
        previousOwnerId && previousOwnerId !== ownerId
          ? workingMoment(rng, created, EPOCH_END)
          : created,
      previousOwnerId: previousOwnerId && previousOwnerId !== ownerId ? previousOwnerId : null,
      domain,
    };
  }

  /** A big-customer-heavy pick of a company: index 0 is the biggest customer. */
  private companyIndexFor(rng: Random): number {
    return rng.skewedIndex(this.counts.companies, 2.2);
  }

  // -- contacts ---------------------------------------------------------------------------------

  contact(index: number): SynthContact {
    const rng = this.rng('contacts', index);
    const count = this.counts.contacts;
    const companyIndex = rng.chance(0.82) ? this.companyIndexFor(rng) : null;
    const companyCountry = companyIndex === null ? null : this.countryOfCompany(companyIndex);
    const country = companyCountry && rng.chance(0.88) ? companyCountry : this.country(rng);
    const data = COUNTRY_DATA[country];
    const person = this.person(rng, country);
    const ascii = `${slug(person.firstName)}.${slug(person.lastName)}`;
    const emails: ContactPoint[] = [];
    if (companyIndex !== null && rng.chance(0.85)) {
      const domain = `${slug(this.companyBase(companyIndex)).slice(0, 24)}${companyIndex}.example`;
      emails.push({ value: `${ascii}@${domain}`, label: 'work' });
    }
    if (emails.length === 0 ? rng.chance(0.7) : rng.chance(0.15)) {
      const suffix = rng.chance(0.5) ? String(rng.int(1, 99)) : '';
      emails.push({ value: `${ascii}${suffix}@${rng.pick(PERSONAL_DOMAINS)}`, label: 'personal' });
    }
    const phones: ContactPoint[] = [];
    if (rng.chance(0.9)) phones.push({ value: mobilePhone(rng, data).e164, label: 'mobile' });
    if (rng.chance(0.25)) {
      phones.push({ value: landlinePhone(rng, data, this.city(rng, country)).e164, label: 'work' });
    }
    const created = this.createdAtOf('contacts', index, count);
    const handedOver = rng.chance(0.1);
    const ownerId = this.owner(rng);
    const previous = handedOver ? this.owner(rng) : null;
    const birthday = rng.chance(0.4)
      ? `${rng.int(1950, 2004)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`
      : null;
    return {
      index,
      id: this.contactId(index),
      country,
      firstName: person.firstName,
      lastName: person.lastName,
      jobTitle:
        companyIndex !== null && rng.chance(0.6)
          ? person.latin && data.script !== 'latin'
            ? latinOf(country, rng.pick(data.jobTitles))
            : rng.pick(data.jobTitles)
          : null,
      emails,
      phones: dedupe(phones),
      addresses: rng.chance(0.45) ? [this.address(rng, country, person.latin, 'home')] : [],
      birthday,
      locale: data.locale,
      tags: rng.chance(0.3) ? [rng.pick(TAGS)] : [],
      ownerId,
      companyIndex,
      companyId: companyIndex === null ? null : this.companyId(companyIndex),
      custom: {
        segment: rng.weighted(SEGMENTS, SEGMENT_WEIGHTS),
        loyalty: Math.round(5000 * Math.pow(rng.next(), 3)),
        ...(rng.chance(0.6) ? { consent: rng.chance(0.7) } : {}),
      },
      createdAt: created,
      updatedAt:
        previous && previous !== ownerId ? workingMoment(rng, created, EPOCH_END) : created,
      previousOwnerId: previous && previous !== ownerId ? previous : null,
    };
  }

  private readonly companyCountries = new Map<number, CountryCode>();
  private readonly companyBases = new Map<number, string>();

  private countryOfCompany(index: number): CountryCode {
    let country = this.companyCountries.get(index);
    if (!country) {
      country = this.company(index).country;
      if (this.companyCountries.size < 200_000) this.companyCountries.set(index, country);
    }
    return country;
  }

  private companyBase(index: number): string {
    let base = this.companyBases.get(index);
    if (base === undefined) {
      const company = this.company(index);
      base = company.domain.replace(/\d+\.example$/, '');
      if (this.companyBases.size < 200_000) this.companyBases.set(index, base);
    }
    return base;
  }

  /** Name of company `index` (for contacts' search text). */
  companyName(index: number): string {
    return this.company(index).name;
  }

  // -- leads ------------------------------------------------------------------------------------

  lead(index: number): SynthLead {
    const rng = this.rng('leads', index);
    const count = this.counts.leads;
    const country = this.country(rng);
    const data = COUNTRY_DATA[country];
    const person = this.person(rng, country);
    const created = this.createdAtOf('leads', index, count);
    const source = rng.weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS);
    const ageDays = (EPOCH_END - created) / DAY;
    // Old leads were worked on; recent ones are mostly new.
    const settled = Math.min(0.95, ageDays / 60);
    const status = !rng.chance(settled)
      ? rng.chance(0.7)
        ? 'new'
        : 'in_progress'
      : rng.weighted(['in_progress', 'qualified', 'disqualified'], [15, 50, 100]);
    const year = new Date(created).getUTCFullYear();
    const month = new Date(created).getUTCMonth();
    const campaign =
      month >= 9 ? `black-friday-${year}` : month <= 4 ? `spring-${year}` : `summer-${year}`;
    const web = source === 'web_form' || source === 'chat';
    const ascii = `${slug(person.firstName)}.${slug(person.lastName)}`;
    const companyName = rng.chance(0.6)
      ? `${person.latin && data.script !== 'latin' ? latinOf(country, rng.pick(data.companyWords)) : rng.pick(data.companyWords)} ${person.lastName} ${person.latin && data.script !== 'latin' ? latinOf(country, rng.pick(data.legalForms)) : rng.pick(data.legalForms)}`
      : null;
    return {
      index,
      id: this.leadId(index),
      country,
      name: `${person.firstName} ${person.lastName}`,
      companyName,
      email: rng.chance(0.85) ? `${ascii}@${rng.pick(PERSONAL_DOMAINS)}` : null,
      phone: rng.chance(0.7) ? mobilePhone(rng, data).e164 : null,
      source,
      message:
        web && rng.chance(0.7)
          ? rng.pick(LEAD_MESSAGES[data.locale] ?? LEAD_MESSAGES.en ?? [])
          : null,
      utmSource: web ? rng.pick(['google', 'facebook', 'linkedin', 'newsletter']) : null,
      utmMedium: web ? rng.pick(['cpc', 'social', 'email', 'organic']) : null,
      utmCampaign: web ? campaign : null,
      utmTerm: null,
      utmContent: null,
      status,
      disqualifyReason:
        status === 'disqualified'
          ? rng.pick(['budget', 'no_need', 'competitor', 'unreachable', 'duplicate'])
          : null,
      ownerId: this.owner(rng),
      tags: [],
      custom: {},
      createdAt: created,
    };
  }

  // -- products, deals, invoice lines -----------------------------------------------------------

  product(index: number): SynthProduct {
    // Every invoice line looks its product up: a few thousand products, built once each.
    const cached = this.productCache[index];
    if (cached) return cached;
    const rng = this.rng('products', index);
    const family = PRODUCT_FAMILIES[
      index % PRODUCT_FAMILIES.length
    ] as (typeof PRODUCT_FAMILIES)[number];
    const created = EPOCH_START + Math.floor((index / this.counts.products) * 365 * DAY);
    const product = {
      index,
      id: uuidV7(created, rng),
      sku: `${family.sku}-${String(index + 1).padStart(5, '0')}`,
      name: `${family.name} ${rng.pick(family.variants)}`,
      unitPrice: Math.round(family.price * (0.5 + rng.next() * 1.5)) * 100,
      currency: 'EUR',
      taxRate: family.taxRate,
      unit: rng.pick(UNITS),
      unitCost: 0,
      active: true,
      createdAt: created,
    };
    // Drawn after the fields above so that adding them left every earlier value unchanged.
    product.unitCost = Math.round(product.unitPrice * (0.55 + rng.next() * 0.25));
    product.active = !rng.chance(0.03);
    this.productCache[index] = product;
    return product;
  }

  /** Invoices: a quarter of the invoice lines, rounded up (the last one may be shorter). */
  get invoiceCount(): number {
    return Math.ceil(this.counts.invoiceLines / 4);
  }

  invoice(index: number): SynthInvoice {
    const rng = this.rng('invoices', index);
    const companyIndex = this.companyIndexFor(rng);
    const issuedAt = workingMoment(rng, EPOCH_START, EPOCH_END);
    // Payment discipline: most pay within the 15-day terms, a fifth late (long tail), a few
    // never; a few invoices are cancelled and some are paid in part.
    const cancelled = rng.chance(0.01);
    const roll = rng.next();
    const days = roll < 0.75 ? rng.int(1, 15) : roll < 0.97 ? 16 + rng.skewedIndex(120, 2) : null;
    const paidAt =
      cancelled || days === null || issuedAt + days * DAY > EPOCH_END
        ? null
        : // A working moment of the day may fall before the invoice's own hour: not before it.
          Math.max(
            issuedAt + 3_600_000,
            workingMoment(rng, issuedAt + (days - 1) * DAY, issuedAt + days * DAY),
          );
    const paidShare = rng.chance(0.04) ? 0.3 + rng.int(0, 40) / 100 : 1;
    return {
      index,
      companyIndex,
      companyId: this.companyId(companyIndex),
      issuedAt,
      cancelled,
      paidAt,
      paidShare,
      method: rng.weighted(['bank_transfer', 'card', 'cash'] as const, [85, 95, 100]),
    };
  }

  deal(index: number): SynthDeal {
    const rng = this.rng('deals', index);
    const count = this.counts.deals;
    const companyIndex = this.companyIndexFor(rng);
    const created = this.createdAtOf('deals', index, count);
    const ageDays = (EPOCH_END - created) / DAY;
    const closed = rng.chance(Math.min(0.92, ageDays / 120));
    const won = closed && rng.chance(0.38);
    const stage = closed
      ? won
        ? 'won'
        : 'lost'
      : rng.weighted(DEAL_STAGES, [30, 55, 75, 90, 100]);
    // Log-normal amounts: many small deals, a long tail of big ones (bigger for big customers).
    const size = companyIndex < this.counts.companies * 0.02 ? 4 : 1;
    const amount = Math.round(Math.exp(7 + rng.next() * 2.2 + gaussian(rng) * 0.8) * size) * 100;
    const closeAt = closed
      ? workingMoment(rng, created, Math.min(EPOCH_END, created + 120 * DAY))
      : created + rng.int(14, 150) * DAY;
    return {
      index,
      id: this.idOf('deals', index, count),
      title: `${rng.pick(DEAL_TITLES)} – ${this.companyName(companyIndex)}`,
      companyIndex,
      companyId: this.companyId(companyIndex),
      contactId: rng.chance(0.8) ? this.contactId(rng.int(0, this.counts.contacts - 1)) : null,
      ownerId: this.owner(rng),
      stage,
      status: closed ? (won ? 'won' : 'lost') : 'open',
      amount,
      currency: 'EUR',
      probability: closed
        ? won
          ? 100
          : 0
        : ([10, 25, 50, 70, 90][DEAL_STAGES.indexOf(stage)] ?? 10),
      expectedCloseDate: new Date(closeAt).toISOString().slice(0, 10),
      closedAt: closed ? closeAt : null,
      lostReason:
        closed && !won ? rng.pick(['price', 'competitor', 'timing', 'no_decision']) : null,
      createdAt: created,
    };
  }

  invoiceLine(index: number): SynthInvoiceLine {
    const rng = this.rng('invoice_lines', index);
    // Lines come in invoices of ~4; the invoice decides customer and date.
    const invoice = Math.floor(index / 4);
    const { companyIndex, issuedAt: issued } = this.invoice(invoice);
    const product = this.product(rng.skewedIndex(this.counts.products, 1.8));
    const quantity = 1 + rng.skewedIndex(200, 3);
    const discount = rng.chance(0.2) ? rng.pick([5, 10, 15, 20]) : 0;
    const net = Math.round((product.unitPrice * quantity * (100 - discount)) / 100);
    const issuedDate = new Date(issued);
    return {
      index,
      id: uuidV7(issued, rng),
      invoiceNumber: `${issuedDate.getUTCFullYear()}-${String(invoice + 1).padStart(7, '0')}`,
      companyId: this.companyId(companyIndex),
      productId: product.id,
      description: product.name,
      quantity,
      unit: product.unit,
      unitPrice: product.unitPrice,
      unitCost: product.unitCost,
      discountPercent: discount,
      taxRate: product.taxRate,
      amount: net,
      currency: 'EUR',
      issuedOn: issuedDate.toISOString().slice(0, 10),
      createdAt: issued,
    };
  }

  // -- activities -------------------------------------------------------------------------------

  activity(index: number): SynthActivity {
    const rng = this.rng('activities', index);
    const roll = rng.next();
    let recordType: SynthActivity['recordType'];
    let recordIndex: number;
    let from: number;
    if (roll < 0.72) {
      recordType = 'contacts';
      recordIndex = rng.skewedIndex(this.counts.contacts, 1.7);
      from = this.createdAtOf('contacts', recordIndex, this.counts.contacts);
    } else if (roll < 0.9) {
      recordType = 'companies';
      recordIndex = this.companyIndexFor(rng);
      from = this.createdAtOf('companies', recordIndex, this.counts.companies);
    } else {
      recordType = 'leads';
      recordIndex = rng.int(0, this.counts.leads - 1);
      from = this.createdAtOf('leads', recordIndex, this.counts.leads);
    }
    const recordId =
      recordType === 'contacts'
        ? this.contactId(recordIndex)
        : recordType === 'companies'
          ? this.companyId(recordIndex)
          : this.leadId(recordIndex);
    const at = workingMoment(rng, from, EPOCH_END);
    const kind = rng.weighted(['note', 'call', 'email', 'meeting'] as const, ACTIVITY_WEIGHTS);
    const locale = (this.userCache[rng.int(0, this.userCache.length - 1)] as SynthUser).locale;
    const phrases = NOTES[locale] ?? NOTES.en ?? [];
    let body: string | null = null;
    let data: Record<string, unknown> = {};
    if (kind === 'note') body = `<p>${rng.pick(phrases)}</p>`;
    else if (kind === 'call')
      data = {
        direction: rng.chance(0.6) ? 'outbound' : 'inbound',
        durationSeconds: 20 + rng.skewedIndex(1800, 2.5),
        outcome: rng.pick(['connected', 'connected', 'voicemail', 'no_answer']),
      };
    else if (kind === 'email')
      data = {
        direction: rng.chance(0.55) ? 'outbound' : 'inbound',
        subject: rng.pick(phrases).slice(0, 60),
      };
    else
      data = {
        durationMinutes: rng.pick([15, 30, 30, 45, 60, 90]),
        location: rng.pick(['office', 'video', 'customer']),
      };
    return {
      index,
      id: uniqueId(uuidV7(at, rng), index),
      recordType,
      recordId,
      kind,
      body,
      data,
      actorId: this.owner(rng),
      occurredAt: at,
    };
  }
}

const SEGMENT_WEIGHTS = cumulative([70, 24, 6]);
const ACTIVITY_WEIGHTS = cumulative([25, 35, 30, 10]);

/**
 * The record's index as the id's last 48 bits: unique per table by construction. Random streams
 * of different indexes can overlap (a 32-bit generator state), and at millions of rows two of
 * them did produce the same id.
 */
function uniqueId(id: string, index: number): string {
  return `${id.slice(0, 24)}${index.toString(16).padStart(12, '0')}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function dedupe(points: ContactPoint[]): ContactPoint[] {
  return points.filter((p, i) => points.findIndex((q) => q.value === p.value) === i);
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: Random): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const PRODUCT_FAMILIES = [
  {
    sku: 'PMP',
    name: 'Pumpa',
    variants: ['PX-100', 'PX-200', 'Inox 3 kW', 'Eko'],
    price: 480,
    taxRate: 22,
  },
  {
    sku: 'VLV',
    name: 'Ventil',
    variants: ['DN15', 'DN25', 'DN50', 'kroglični'],
    price: 35,
    taxRate: 22,
  },
  {
    sku: 'CBL',
    name: 'Kabel',
    variants: ['NYM 3x1,5', 'NYM 5x2,5', 'UTP Cat6', 'FTP Cat7'],
    price: 12,
    taxRate: 22,
  },
  {
    sku: 'SRV',
    name: 'Servis',
    variants: ['letni', 'urni', 'intervencija', 'montaža'],
    price: 65,
    taxRate: 22,
  },
  {
    sku: 'LIC',
    name: 'Licenca',
    variants: ['Basic', 'Pro', 'Enterprise'],
    price: 240,
    taxRate: 22,
  },
  {
    sku: 'TRN',
    name: 'Usposabljanje',
    variants: ['1 dan', '2 dni', 'spletno'],
    price: 390,
    taxRate: 22,
  },
] as const;

const DEAL_TITLES = [
  'Letna pogodba',
  'Obnova opreme',
  'Nova linija',
  'Servisni paket',
  'Licence',
  'Pilotni projekt',
  'Širitev',
];

const NOTES: Record<string, string[]> = {
  sl: [
    'Stranka želi ponudbo do petka.',
    'Dogovorjen sestanek za predstavitev novih izdelkov.',
    'Poslali smo predračun, čakamo na potrditev.',
    'Reklamacija rešena, stranka zadovoljna.',
    'Zanima jih letna pogodba z vzdrževanjem.',
  ],
  hr: [
    'Kupac traži ponudu do petka.',
    'Dogovoren sastanak za predstavljanje novih proizvoda.',
    'Poslan predračun, čekamo potvrdu.',
    'Reklamacija riješena, kupac zadovoljan.',
  ],
  bs: [
    'Klijent traži ponudu do petka.',
    'Dogovoren sastanak u Sarajevu.',
    'Poslan predračun, čekamo potvrdu.',
    'Isporuka kasni sedmicu dana, klijent obaviješten.',
  ],
  'sr-Cyrl': [
    'Купац тражи понуду до петка.',
    'Договорен састанак за представљање нових производа.',
    'Послат предрачун, чекамо потврду.',
    'Рекламација решена, купац задовољан.',
  ],
  'sr-Latn': [
    'Kupac traži ponudu do petka.',
    'Dogovoren sastanak u Podgorici.',
    'Poslat predračun, čekamo potvrdu.',
    'Reklamacija rešena, kupac zadovoljan.',
  ],
  mk: [
    'Клиентот бара понуда до петок.',
    'Договорена средба во Скопје.',
    'Испратена профактура, чекаме потврда.',
    'Рекламацијата е решена.',
  ],
  el: [
    'Ο πελάτης ζητά προσφορά έως την Παρασκευή.',
    'Κανονίστηκε συνάντηση για παρουσίαση νέων προϊόντων.',
    'Στάλθηκε προτιμολόγιο, αναμένουμε επιβεβαίωση.',
    'Η παράδοση καθυστερεί μία εβδομάδα.',
  ],
  en: ['Customer asked for a quote by Friday.', 'Meeting arranged to present the new range.'],
};

const LEAD_MESSAGES: Record<string, string[]> = {
  sl: ['Prosim za ponudbo za 20 kosov.', 'Zanima me servis in cena montaže.'],
  hr: ['Molim ponudu za 20 komada.', 'Zanima me cijena montaže.'],
  bs: ['Molim ponudu za 20 komada.', 'Da li vršite isporuku u Mostar?'],
  'sr-Cyrl': ['Молим понуду за 20 комада.', 'Да ли вршите испоруку у Ниш?'],
  'sr-Latn': ['Molim ponudu za 20 komada.', 'Da li vršite isporuku u Bar?'],
  mk: ['Ве молам понуда за 20 парчиња.', 'Дали доставувате во Битола?'],
  el: ['Παρακαλώ στείλτε προσφορά για 20 τεμάχια.', 'Κάνετε παράδοση στη Λάρισα;'],
  en: ['Please send a quote for 20 pieces.'],
};
