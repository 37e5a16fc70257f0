/**
 * One file row → the values of one record, or the reason it cannot be imported. Pure functions
 * (no database): phones to E.164, emails lower-case, dates in the file's format, comma decimals,
 * custom fields by type. The writer does the rest in bulk.
 */
import type { DateFormat, DuplicateKey, ImportObject } from '../../common/imports.js';
import { normalizePhone } from '../../common/phone.js';
import {
  LEAD_SOURCES,
  type Address,
  type ContactPoint,
  type CustomValues,
  type FieldType,
} from '../../common/records.js';
import { CURRENCIES } from '../../common/locales.js';
import { minorDigits } from '../../common/money.js';
import { zonedInstant } from '../../common/time.js';
import { isIsoDate } from '../db/list-query.js';
import { EMAIL, isHttpUrl } from '../fields/service.js';

export interface CustomDefinition {
  key: string;
  type: string;
  choices: { value: string; labels: string[] }[];
}

export interface TransformOptions {
  object: ImportObject;
  country: string;
  dateFormat: DateFormat;
  decimalComma: boolean;
  custom: Map<string, CustomDefinition>;
  /** ownerEmail (lower-case) → user id */
  users: Map<string, string>;
  /** Products: what their values are read against (null for other objects). */
  products: ProductContext | null;
  /** Deals: the pipelines, stages and lost reasons names are read against (null for others). */
  deals: DealContext | null;
  /** `default`: a row whose owner e-mail is not a user keeps the default owner instead of failing. */
  unknownOwner: 'refuse' | 'default';
  defaults: { ownerId: string | null; tags: string[]; source: string | null };
}

/** The workspace's catalog settings a products file is read against. */
export interface ProductContext {
  /** The language the names are stored in (the importing user's). */
  locale: string;
  /** The workspace currency: prices without a currency column are in it. */
  currency: string;
  /** VAT rates by percent ("22", "9.5") and by lower-case name → id. */
  vatRates: Map<string, string>;
  defaultVatRateId: string | null;
  /** Kind labels in every language, lower-case → kind. */
  kinds: Map<string, string>;
  /** "Active" / "Inactive" in every language, lower-case. */
  activeLabels: Map<string, boolean>;
}

export interface DealStage {
  id: string;
  pipelineId: string;
  kind: 'open' | 'won' | 'lost';
  /** Lower-case names in every language. */
  names: string[];
}

/** The workspace's pipelines and stages a deals file is read against. */
export interface DealContext {
  currency: string;
  /** The workspace's time zone: closing times in the file are on its clock. */
  timeZone: string;
  /** Lower-case name (any language) → pipeline id; the first pipeline. */
  pipelines: Map<string, string>;
  defaultPipelineId: string;
  /** Live stages in board order. */
  stages: DealStage[];
  /** Lower-case name (any language) → lost reason id. */
  lostReasons: Map<string, string>;
  /** "Won", "Izgubljen", … (any language, lower-case) → status. */
  statuses: Map<string, 'open' | 'won' | 'lost'>;
}

/** What one row becomes: the record's columns plus what the writer needs around it. */
export interface Candidate {
  index: number;
  line: number;
  raw: string[];
  fields: Record<string, unknown>;
  /** Which mapped fields the row actually had (an update only changes those). */
  present: Set<string>;
  emails: ContactPoint[];
  phones: { value: string; national: string; label: string | null }[];
  companyName: string | null;
  externalId: string | null;
  note: string | null;
}

export class RowProblem extends Error {
  constructor(
    readonly reason: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

/** A neutralized formula cell from an Odnos export ("'+386…") comes back as it was. */
function unquote(value: string): string {
  const trimmed = value.trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

/** A date typed as 31.12.2025, 2025-12-31, 12/31/2025 (per file) or an Excel date → ISO. */
export function parseDate(value: string, format: DateFormat): string | null {
  const v = value.trim();
  if (!v) return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  let y: number, m: number, d: number;
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const parts = /^(\d{1,4})[./\-\s]+(\d{1,2})[./\-\s]+(\d{1,4})\.?$/.exec(v);
    if (parts) {
      const [a, b, c] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      if (format === 'YMD' || parts[1]?.length === 4) [y, m, d] = [a, b, c];
      else if (format === 'MDY') [y, m, d] = [c, a, b];
      else [y, m, d] = [c, b, a];
      if (y < 100) y += y < 50 ? 2000 : 1900;
    } else if (/^\d{8}$/.test(v)) {
      [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8))];
    } else return null;
  }
  const out = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(out) ? out : null;
}

/**
 * 1.234,56 / 1 234,56 (comma decimals) or 1,234.56 → number. With both marks the last one is the
 * decimal mark; with one, it is a thousands mark only in groups of three ("1.234" with comma
 * decimals), so numbers from XLSX cells ("12.5") read right whatever the file's setting.
 */
export function parseNumber(value: string, decimalComma: boolean): number | null {
  let v = value.trim().replace(/[\s\u00a0']/g, '');
  if (!v) return null;
  const comma = v.lastIndexOf(',');
  const dot = v.lastIndexOf('.');
  let decimal: ',' | '.' | null;
  if (comma >= 0 && dot >= 0) decimal = comma > dot ? ',' : '.';
  else if (comma >= 0) decimal = !decimalComma && /^[-+]?\d{1,3}(,\d{3})+$/.test(v) ? null : ',';
  else if (dot >= 0) decimal = decimalComma && /^[-+]?\d{1,3}(\.\d{3})+$/.test(v) ? null : '.';
  else decimal = null;
  const thousands = decimal === ',' ? '.' : decimal === '.' ? ',' : comma >= 0 ? ',' : '.';
  v = v.split(thousands).join('');
  if (decimal === ',') v = v.replace(',', '.');
  if (!/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 'da', 'ja', 'да', 'ναι', 'x', '✓']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'ne', 'nein', 'не', 'όχι', 'οχι', '']);

function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return null;
}

function customValue(def: CustomDefinition, value: string, options: TransformOptions): unknown {
  const v = value.trim();
  const choice = (s: string) => {
    const lower = s.trim().toLowerCase();
    return def.choices.find(
      (c) => c.value.toLowerCase() === lower || c.labels.some((l) => l.toLowerCase() === lower),
    )?.value;
  };
  switch (def.type as FieldType) {
    case 'text':
      if (v.length > 1000) throw new RowProblem('field.too_long', { maximum: 1000 });
      return v;
    case 'long_text':
      return v.slice(0, 20_000);
    case 'number': {
      const n = parseNumber(v, options.decimalComma);
      if (n === null) throw new RowProblem('field.invalid_number');
      return n;
    }
    case 'money': {
      const n = parseNumber(v, options.decimalComma);
      if (n === null) throw new RowProblem('field.invalid_money');
      return Math.round(n * 100);
    }
    case 'date': {
      const d = parseDate(v, options.dateFormat);
      if (!d) throw new RowProblem('field.invalid_date');
      return d;
    }
    case 'boolean': {
      const b = parseBoolean(v);
      if (b === null) throw new RowProblem('field.invalid_boolean');
      return b;
    }
    case 'select': {
      const c = choice(v);
      if (!c)
        throw new RowProblem('field.invalid_choice', {
          options: def.choices.map((x) => x.value).join(', '),
        });
      return c;
    }
    case 'multi_select': {
      const values = v
        .split(/[,;|]/)
        .map((s) => s.trim())
        .filter(Boolean);
      const out = values.map(choice);
      if (out.some((c) => !c))
        throw new RowProblem('field.invalid_choice', {
          options: def.choices.map((x) => x.value).join(', '),
        });
      return [...new Set(out as string[])];
    }
    case 'phone': {
      const p = normalizePhone(v, options.country);
      if (!p) throw new RowProblem('field.invalid_phone');
      return p.e164;
    }
    case 'email':
      if (!EMAIL.test(v) || v.length > 254) throw new RowProblem('field.invalid_email');
      return v.toLowerCase();
    case 'url':
      if (!isHttpUrl(v)) throw new RowProblem('field.invalid_url');
      return v;
    default:
      // user and record references are not imported from text
      throw new RowProblem('imports:errors.unsupported_field');
  }
}

function splitList(value: string): string[] {
  return value
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function text(value: string, max: number): string {
  if (value.length > max) throw new RowProblem('field.too_long', { maximum: max });
  return value;
}

/**
 * Maps one row. `mapping[i]` is the target of column i. Throws RowProblem with a translated
 * key when the row cannot become a record.
 */
export function transformRow(
  row: { index: number; line: number; values: string[] },
  mapping: readonly (string | null)[],
  options: TransformOptions,
): Candidate {
  const fields: Record<string, unknown> = {};
  const present = new Set<string>();
  const emails: ContactPoint[] = [];
  const phones: Candidate['phones'] = [];
  const custom: CustomValues = {};
  const address: Partial<Address> = {};
  // Set in applyTarget below; the casts keep TypeScript from narrowing them to `null` here,
  // since it does not see assignments made inside a called function.
  let companyName = null as string | null;
  let externalId = null as string | null;
  let note = null as string | null;
  let fullName = null as string | null;
  let tags: string[] = [];
  const prices: { price?: number; costPrice?: number; amount?: number } = {};
  // Deals: names of the pipeline, stage and lost reason, and the status, resolved after the row.
  const names: { pipeline?: string; stage?: string; lostReason?: string; status?: string } = {};
  let contactName = null as string | null;
  let closedAt = null as Date | null;

  mapping.forEach((target, column) => {
    if (!target) return;
    const value = unquote(row.values[column] ?? '');
    if (!value) return;
    try {
      applyTarget(target, value);
    } catch (error) {
      if (error instanceof RowProblem)
        throw new RowProblem(error.reason, { ...error.params, column: target });
      throw error;
    }
  });

  function applyTarget(target: string, value: string): void {
    if (target.startsWith('custom.')) {
      const key = target.slice(7);
      const def = options.custom.get(key);
      if (!def) return;
      custom[key] = customValue(def, value, options);
      present.add('custom');
      return;
    }
    switch (target) {
      case 'email':
        for (const part of value.split(/[,;\s]+/).filter(Boolean)) {
          const email = part.toLowerCase();
          if (!EMAIL.test(email) || email.length > 254) throw new RowProblem('field.invalid_email');
          if (!emails.some((e) => e.value === email)) emails.push({ value: email, label: null });
        }
        present.add('emails');
        return;
      case 'phone':
        for (const part of value
          .split(/[,;]/)
          .map((s) => s.trim())
          .filter(Boolean)) {
          const phone = normalizePhone(part, options.country);
          if (!phone) throw new RowProblem('field.invalid_phone');
          if (!phones.some((p) => p.value === phone.e164))
            phones.push({ value: phone.e164, national: phone.national, label: null });
        }
        present.add('phones');
        return;
      case 'fullName':
        fullName = text(value, 200);
        return;
      case 'companyName':
        companyName = text(value, 200);
        present.add('companyName');
        return;
      case 'externalId':
        externalId = text(value, 200);
        return;
      case 'note':
        note = value.slice(0, 20_000);
        return;
      case 'tags':
        tags = splitList(value);
        present.add('tags');
        return;
      case 'ownerEmail': {
        const id = options.users.get(value.toLowerCase());
        if (!id && options.unknownOwner === 'default') return;
        if (!id) throw new RowProblem('field.invalid_user');
        fields.ownerId = id;
        present.add('ownerId');
        return;
      }
      case 'street':
        address.street = text(value, 300);
        return;
      case 'city':
        address.city = text(value, 200);
        return;
      case 'postalCode':
        address.postalCode = text(value, 30);
        return;
      case 'country':
        address.country = text(value, 100);
        return;
      case 'birthday': {
        const d = parseDate(value, options.dateFormat);
        if (!d || d > new Date().toISOString().slice(0, 10) || d < '1900-01-01')
          throw new RowProblem('field.invalid_date');
        fields.birthday = d;
        present.add('birthday');
        return;
      }
      case 'vatId':
        fields.vatId = text(value.replace(/[\s.-]/g, '').toUpperCase(), 30);
        present.add('vatId');
        return;
      case 'website': {
        const url = /^https?:\/\//i.test(value) ? value : `https://${value}`;
        try {
          if (!new URL(url).hostname.includes('.')) throw new Error('no host');
        } catch {
          throw new RowProblem('field.invalid_url');
        }
        fields.website = text(url, 500);
        present.add('website');
        return;
      }
      case 'title':
        fields.title = text(value, 200);
        present.add('title');
        return;
      case 'contactName':
        contactName = text(value, 200);
        return;
      case 'pipeline':
      case 'stage':
      case 'lostReason':
        names[target] = value.toLowerCase();
        return;
      case 'status': {
        const status = options.deals?.statuses.get(value.toLowerCase());
        if (!status) throw new RowProblem('field.invalid_choice', { options: 'open, won, lost' });
        names.status = status;
        return;
      }
      case 'amount': {
        const n = parseNumber(value.replace(/[^\d.,\s'-]/g, ''), options.decimalComma);
        if (n === null || n < 0) throw new RowProblem('field.invalid_money');
        prices.amount = n;
        present.add('amount');
        return;
      }
      case 'probability': {
        const n = parseNumber(value.replace('%', ''), options.decimalComma);
        if (n === null || n < 0 || n > 100 || !Number.isInteger(n))
          throw new RowProblem('field.invalid_number');
        fields.probability = n;
        present.add('probability');
        return;
      }
      case 'expectedCloseDate': {
        const d = parseDate(value, options.dateFormat);
        if (!d) throw new RowProblem('field.invalid_date');
        fields.expectedCloseDate = d;
        present.add('expectedCloseDate');
        return;
      }
      case 'closedAt': {
        // A date with an optional time ("31.12.2025 14:30"), on the workspace's clock.
        const time = /[T\s](\d{1,2}):(\d{2})(?::\d{2})?\S*$/.exec(value);
        const d = parseDate(time ? value.slice(0, time.index) : value, options.dateFormat);
        if (!d) throw new RowProblem('field.invalid_date');
        const [year, month, day] = d.split('-').map(Number) as [number, number, number];
        const [hour, minute] = time ? [Number(time[1]), Number(time[2])] : [12, 0];
        if (hour > 23 || minute > 59) throw new RowProblem('field.invalid_date');
        closedAt = zonedInstant(
          { year, month, day, hour, minute, second: 0 },
          options.deals?.timeZone ?? 'UTC',
        );
        return;
      }
      case 'campaign':
        fields.campaign = text(value, 100);
        present.add('campaign');
        return;
      case 'sku':
        fields.sku = text(value, 64);
        present.add('sku');
        return;
      case 'description':
        fields.description = text(value, 10_000);
        present.add('description');
        return;
      case 'kind': {
        const kind = options.products?.kinds.get(value.toLowerCase());
        if (!kind) throw new RowProblem('field.invalid_choice', { options: 'product, service' });
        fields.kind = kind;
        present.add('kind');
        return;
      }
      case 'unit':
        fields.unit = text(value, 20);
        present.add('unit');
        return;
      case 'category':
        fields.category = text(value, 100);
        present.add('category');
        return;
      case 'price':
      case 'costPrice': {
        const n = parseNumber(value.replace(/[^\d.,\s'-]/g, ''), options.decimalComma);
        if (n === null || n < 0) throw new RowProblem('field.invalid_money');
        prices[target] = n;
        present.add(target);
        return;
      }
      case 'currency': {
        const currency = value.toUpperCase();
        if (!(CURRENCIES as readonly string[]).includes(currency))
          throw new RowProblem('field.invalid_choice', { options: CURRENCIES.join(', ') });
        fields.currency = currency;
        present.add('currency');
        return;
      }
      case 'vatRate': {
        const rates = options.products?.vatRates;
        const percent = parseNumber(value.replace('%', ''), options.decimalComma);
        const id =
          (percent === null ? undefined : rates?.get(String(percent))) ??
          rates?.get(value.toLowerCase());
        if (!id) throw new RowProblem('products:errors.unknown_vat_rate');
        fields.vatRateId = id;
        present.add('vatRateId');
        return;
      }
      case 'active': {
        const active =
          parseBoolean(value) ?? options.products?.activeLabels.get(value.toLowerCase());
        if (active === undefined) throw new RowProblem('field.invalid_boolean');
        fields.active = active;
        present.add('active');
        return;
      }
      case 'source': {
        const source = value.toLowerCase().replace(/[\s-]+/g, '_');
        fields.source = (LEAD_SOURCES as readonly string[]).includes(source) ? source : 'other';
        present.add('source');
        return;
      }
      default: {
        const max: Record<string, number> = {
          firstName: 100,
          lastName: 100,
          jobTitle: 200,
          name: 200,
          legalName: 300,
          registrationNumber: 30,
          industry: 100,
          message: 5000,
          utmSource: 200,
          utmMedium: 200,
          utmCampaign: 200,
        };
        const limit = max[target];
        if (limit === undefined) return;
        fields[target] = text(value, limit);
        present.add(target);
      }
    }
  }

  if (Object.keys(custom).length) fields.custom = custom;
  if (Object.values(address).some(Boolean)) {
    fields.addresses = [
      {
        label: null,
        street: address.street ?? null,
        city: address.city ?? null,
        postalCode: address.postalCode ?? null,
        region: null,
        country: address.country ?? null,
      },
    ];
    present.add('addresses');
  }
  tags = [...new Set([...tags, ...options.defaults.tags])];
  if (tags.length) fields.tags = tags;

  const object = options.object;
  if (object === 'contacts') {
    if (fullName !== null && !present.has('firstName') && !present.has('lastName')) {
      Object.assign(fields, splitFullName(fullName));
      present.add('firstName').add('lastName');
    }
    if (!fields.firstName && !fields.lastName) throw new RowProblem('field.name_required');
  } else if (object === 'companies') {
    if (!fields.name) {
      if (companyName) fields.name = companyName;
      else throw new RowProblem('imports:errors.name_required');
      present.add('name');
    }
    companyName = null;
  } else if (object === 'deals') {
    // A new deal needs a title (the organization's name when the file has none); an update
    // may leave it out.
    if (!fields.title && companyName) {
      fields.title = companyName;
      present.add('title');
    }
    dealStage(fields, present, names, closedAt, options);
    if (contactName) fields.contactName = contactName;
    fields.currency ??= options.deals?.currency ?? 'EUR';
    if (prices.amount !== undefined)
      fields.amount = Math.round(prices.amount * 10 ** minorDigits(fields.currency as string));
  } else if (object === 'products') {
    const catalog = options.products;
    if (!fields.sku) throw new RowProblem('imports:errors.sku_required');
    // A row that updates a product by its code may leave the name out; a new one needs it.
    if (fields.name) fields.name = { [catalog?.locale ?? 'en']: fields.name as string };
    fields.currency ??= catalog?.currency ?? 'EUR';
    fields.vatRateId ??= catalog?.defaultVatRateId ?? null;
    // Prices in units of the currency → minor units.
    const scale = 10 ** minorDigits(fields.currency as string);
    for (const [key, n] of Object.entries(prices)) fields[key] = Math.round(n * scale);
  } else {
    // leads
    if (fullName) fields.name = fullName;
    if (companyName) fields.companyName = companyName;
    companyName = null;
    if (!fields.name && !fields.companyName && emails.length === 0 && phones.length === 0)
      throw new RowProblem('imports:errors.lead_empty');
    if (!fields.source) fields.source = options.defaults.source ?? 'import';
    present.add('name');
  }
  return {
    index: row.index,
    line: row.line,
    raw: row.values,
    fields,
    present,
    emails,
    phones,
    companyName,
    externalId,
    note,
  };
}

/**
 * A deal's pipeline and stage from their names (the stage's pipeline when only the stage is
 * named; the first pipeline otherwise), or from the status when no stage is named (its won or
 * lost stage; the first open one by default). The status, closing time and lost reason follow
 * the stage, as when a deal is moved in the app. Only what the row named changes an update.
 */
function dealStage(
  fields: Record<string, unknown>,
  present: Set<string>,
  names: { pipeline?: string; stage?: string; lostReason?: string; status?: string },
  closedAt: Date | null,
  options: TransformOptions,
): void {
  const deals = options.deals;
  if (!deals) return;
  let pipelineId: string | undefined;
  if (names.pipeline) {
    pipelineId = deals.pipelines.get(names.pipeline);
    if (!pipelineId) throw new RowProblem('deals:errors.unknown_pipeline', { column: 'pipeline' });
  }
  let stage: DealStage | undefined;
  if (names.stage) {
    const named = deals.stages.filter((s) => s.names.includes(names.stage as string));
    stage = named.find((s) => !pipelineId || s.pipelineId === pipelineId);
    if (!stage) throw new RowProblem('deals:errors.unknown_stage', { column: 'stage' });
  }
  pipelineId ??= stage?.pipelineId ?? deals.defaultPipelineId;
  const kind = stage?.kind ?? names.status ?? 'open';
  stage ??= deals.stages.find((s) => s.pipelineId === pipelineId && s.kind === kind);
  if (!stage) throw new RowProblem('deals:errors.unknown_stage', { column: 'stage' });
  fields.pipelineId = pipelineId;
  fields.stageId = stage.id;
  fields.status = stage.kind;
  fields.closedAt = stage.kind === 'open' ? null : (closedAt ?? new Date()).toISOString();
  fields.lostReasonId = null;
  if (stage.kind === 'lost' && names.lostReason) {
    const reason = deals.lostReasons.get(names.lostReason);
    if (!reason) throw new RowProblem('deals:errors.unknown_lost_reason', { column: 'lostReason' });
    fields.lostReasonId = reason;
  }
  if (names.pipeline || names.stage || names.status)
    for (const key of ['pipelineId', 'stageId', 'status', 'closedAt', 'lostReasonId'])
      present.add(key);
}

/** "Ana Marija Novak" → first name "Ana Marija", last name "Novak"; one word is a last name. */
export function splitFullName(fullName: string): { firstName: string; lastName: string } {
  const parts = fullName.split(/\s+/);
  const lastName = (parts.length > 1 ? parts.pop() : parts[0]) ?? '';
  const firstName = parts.length >= 1 && parts[0] !== lastName ? parts.join(' ') : '';
  return { firstName, lastName };
}

/** The duplicate-key values a candidate carries. */
export function keyValues(candidate: Candidate, key: DuplicateKey): string[] {
  switch (key) {
    case 'email':
      return candidate.emails.map((e) => e.value);
    case 'phone':
      return candidate.phones.map((p) => p.value);
    case 'vatId':
      return typeof candidate.fields.vatId === 'string' ? [candidate.fields.vatId] : [];
    case 'externalId':
      return candidate.externalId ? [candidate.externalId] : [];
    case 'sku':
      return typeof candidate.fields.sku === 'string' ? [candidate.fields.sku.toLowerCase()] : [];
    default:
      return [];
  }
}
