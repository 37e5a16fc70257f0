import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../common/phone.js';
import { COUNTRY_CODES, COUNTRY_DATA, femaleSurname, toLatin } from './countries.js';
import {
  countsFor,
  EPOCH_END,
  EPOCH_START,
  landlinePhone,
  mobilePhone,
  SyntheticCompany,
} from './generator.js';
import { Random, streamFor } from './random.js';

const CYRILLIC = /[\u0400-\u04FF]/;
const GREEK = /[\u0370-\u03FF\u1F00-\u1FFF]/;
const LATIN_DIACRITICS = /[čćžšđ]/i;
const RESERVED_EMAIL =
  /@([a-z0-9-]+\.)*(example\.(com|net|org)|[a-z0-9-]+\.example|[a-z0-9.-]*\.?test)$/;

describe('synthetic company', () => {
  it('scales the counts of issue 5 (scale 1 = 1M contacts, 10M activities, 50 users)', () => {
    expect(countsFor(1)).toMatchObject({
      contacts: 1_000_000,
      companies: 100_000,
      leads: 200_000,
      deals: 300_000,
      invoiceLines: 2_000_000,
      activities: 10_000_000,
      users: 50,
      teams: 8,
    });
    expect(countsFor(0.1)).toMatchObject({ contacts: 100_000, activities: 1_000_000, users: 50 });
    expect(countsFor(0.001).contacts).toBe(1000);
    expect(() => countsFor(0)).toThrow();
  });

  it('is deterministic: same seed → same records, in any order; another seed → others', () => {
    const a = new SyntheticCompany(42, 0.001);
    const b = new SyntheticCompany(42, 0.001);
    const c = new SyntheticCompany(43, 0.001);
    const backwards = [...Array(50).keys()].reverse().map((i) => b.contact(i));
    expect(backwards.reverse()).toEqual([...Array(50).keys()].map((i) => a.contact(i)));
    expect(b.company(7)).toEqual(a.company(7));
    expect(b.activity(99)).toEqual(a.activity(99));
    expect(b.invoiceLine(13)).toEqual(a.invoiceLine(13));
    expect(b.users).toEqual(a.users);
    expect(c.contact(0).id).not.toBe(a.contact(0).id);
    // A record does not depend on the scale it was generated at (beyond references).
    expect(new SyntheticCompany(42, 0.002).lead(3).name).toBe(a.lead(3).name);
  });

  it('writes each country in its own script', () => {
    const gen = new SyntheticCompany(1, 0.01);
    const byCountry = new Map<string, string[]>();
    for (let i = 0; i < 3000; i++) {
      const c = gen.contact(i);
      const list = byCountry.get(c.country) ?? [];
      list.push(`${c.firstName} ${c.lastName}`);
      byCountry.set(c.country, list);
    }
    expect([...byCountry.keys()].sort()).toEqual([...COUNTRY_CODES].sort());
    const share = (country: string, re: RegExp) => {
      const names = byCountry.get(country) ?? [];
      return names.filter((n) => re.test(n)).length / names.length;
    };
    expect(share('GR', GREEK)).toBeGreaterThan(0.8);
    expect(share('MK', CYRILLIC)).toBeGreaterThan(0.8);
    expect(share('RS', CYRILLIC)).toBeGreaterThan(0.35);
    expect(share('RS', CYRILLIC)).toBeLessThan(0.75); // Serbia writes both scripts
    for (const latin of ['SI', 'HR', 'BA', 'ME']) {
      expect(share(latin, CYRILLIC)).toBe(0);
      expect(share(latin, GREEK)).toBe(0);
    }
    expect(share('HR', LATIN_DIACRITICS)).toBeGreaterThan(0.3);
  });

  it('makes valid E.164 phones with national formats for every country', () => {
    for (const code of COUNTRY_CODES) {
      const data = COUNTRY_DATA[code];
      const rng = new Random(7);
      for (let i = 0; i < 300; i++) {
        const city = rng.pick(data.cities);
        for (const phone of [mobilePhone(rng, data), landlinePhone(rng, data, city)]) {
          const parsed = normalizePhone(phone.e164, code);
          expect(parsed, `${code} ${phone.e164}`).not.toBeNull();
          expect(parsed?.national).toBe(phone.national);
          // What a person types at home normalizes to the same number.
          expect(normalizePhone(phone.typed, code)?.e164, phone.typed).toBe(phone.e164);
        }
      }
    }
  });

  it('uses only reserved domains for emails and websites', () => {
    const gen = new SyntheticCompany(5, 0.001);
    for (let i = 0; i < 500; i++) {
      for (const e of gen.contact(i).emails) expect(e.value).toMatch(RESERVED_EMAIL);
      const email = gen.lead(i % gen.counts.leads).email;
      if (email) expect(email).toMatch(RESERVED_EMAIL);
      expect(e164ish(gen.contact(i).phones.map((p) => p.value))).toBe(true);
    }
    for (const u of gen.users) expect(u.email).toMatch(/@odnos-demo\.test$/);
    for (let i = 0; i < gen.counts.companies; i++) {
      const c = gen.company(i);
      expect(c.website ?? 'https://www.x.example').toMatch(/^https:\/\/www\.[a-z0-9-]+\.example$/);
      for (const e of c.emails) expect(e.value).toMatch(/^[\x20-\x7e]+$/); // ASCII
    }
  });

  it('skews customers: a few big companies hold many contacts, most hold few', () => {
    const gen = new SyntheticCompany(3, 0.01); // 10,000 contacts, 1,000 companies
    const perCompany = new Map<number, number>();
    for (let i = 0; i < gen.counts.contacts; i++) {
      const index = gen.contact(i).companyIndex;
      if (index !== null) perCompany.set(index, (perCompany.get(index) ?? 0) + 1);
    }
    const sizes = [...perCompany.values()].sort((a, b) => b - a);
    const total = sizes.reduce((a, b) => a + b, 0);
    const top = sizes.slice(0, Math.ceil(gen.counts.companies * 0.05)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.25); // top 5% of companies: over a quarter of contacts
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    expect(median).toBeLessThan(total / sizes.length); // median below mean: long tail
  });

  it('makes purchases seasonal and work happen on weekdays', () => {
    const gen = new SyntheticCompany(9, 0.002);
    const months = new Array<number>(12).fill(0);
    let weekend = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const line = gen.invoiceLine(i);
      const d = new Date(line.createdAt);
      months[d.getUTCMonth()]! += 1;
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) weekend++;
      expect(line.createdAt).toBeGreaterThanOrEqual(EPOCH_START);
      expect(line.createdAt).toBeLessThanOrEqual(EPOCH_END);
    }
    expect(months[11]!).toBeGreaterThan(months[7]! * 2); // December rush vs quiet August
    expect(weekend / n).toBeLessThan(0.08);
  });

  it('groups lines into invoices that most customers pay, a few late or never', () => {
    const gen = new SyntheticCompany(13, 0.01);
    expect(gen.invoiceCount).toBe(gen.counts.invoiceLines / 4);
    let paid = 0;
    let late = 0;
    let cancelled = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const invoice = gen.invoice(i);
      const line = gen.invoiceLine(i * 4 + 3);
      expect(line.companyId).toBe(invoice.companyId);
      expect(line.createdAt).toBe(invoice.issuedAt);
      expect(line.unitCost).toBeLessThan(line.unitPrice);
      if (invoice.cancelled) cancelled++;
      if (invoice.cancelled) expect(invoice.paidAt).toBeNull();
      if (invoice.paidAt === null) continue;
      expect(invoice.paidAt).toBeGreaterThan(invoice.issuedAt);
      expect(invoice.paidAt).toBeLessThanOrEqual(EPOCH_END);
      paid++;
      if (invoice.paidAt - invoice.issuedAt > 15 * 86_400_000) late++;
    }
    expect(paid / n).toBeGreaterThan(0.9);
    expect(late / paid).toBeGreaterThan(0.1);
    expect(late / paid).toBeLessThan(0.35);
    expect(cancelled).toBeGreaterThan(0);
  });

  it('keeps references and time consistent', () => {
    const gen = new SyntheticCompany(11, 0.001);
    const userIds = new Set(gen.users.map((u) => u.id));
    for (let i = 0; i < 200; i++) {
      const contact = gen.contact(i);
      expect(userIds.has(contact.ownerId)).toBe(true);
      if (contact.companyIndex !== null)
        expect(contact.companyId).toBe(gen.company(contact.companyIndex).id);
      const activity = gen.activity(i);
      expect(userIds.has(activity.actorId)).toBe(true);
      expect(activity.occurredAt).toBeLessThanOrEqual(EPOCH_END);
      const lead = gen.lead(i % gen.counts.leads);
      if (lead.status === 'disqualified') expect(lead.disqualifyReason).toBeTruthy();
    }
    // Ids are UUIDv7 carrying the creation time, so they sort like the records were created.
    const ids = [...Array(100).keys()].map((i) => gen.contact(i).id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spells names like the languages do', () => {
    expect(toLatin('Ђорђевић')).toBe('Đorđević');
    expect(toLatin('Љиљана Његош')).toBe('Ljiljana Njegoš');
    expect(femaleSurname('MK', 'Николовски')).toBe('Николовска');
    expect(femaleSurname('GR', 'Παπαδόπουλος')).toBe('Παπαδοπούλου');
    expect(femaleSurname('GR', 'Καραγιάννης')).toBe('Καραγιάννη');
    expect(femaleSurname('GR', 'Γεωργίου')).toBe('Γεωργίου');
    expect(streamFor(1, 'x', 5).next()).toBe(streamFor(1, 'x', 5).next());
  });
});

function e164ish(values: string[]): boolean {
  return values.every((v) => /^\+[1-9]\d{7,14}$/.test(v));
}
