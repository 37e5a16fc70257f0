import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales.js';

const root = path.resolve(import.meta.dirname, '..', 'locales');

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  }
  return out;
}

function load(locale: string): Map<string, Map<string, string>> {
  const dir = path.join(root, locale);
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [
        f.replace(/\.json$/, ''),
        flatten(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))),
      ]),
  );
}

const english = load('en');
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('translations', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has every namespace and key of English, no more',
    (locale) => {
      const other = load(locale);
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [ns, keys] of english) {
        const theirs = other.get(ns) ?? new Map<string, string>();
        const mine = new Set([...keys.keys()].map(baseKey));
        const present = new Set([...theirs.keys()].map(baseKey));
        expect({ ns, missing: [...mine].filter((k) => !present.has(k)) }).toEqual({
          ns,
          missing: [],
        });
        expect({ ns, extra: [...present].filter((k) => !mine.has(k)) }).toEqual({ ns, extra: [] });
        for (const [key, value] of theirs)
          expect({ ns, key, empty: value.trim() === '' }).toEqual({ ns, key, empty: false });
      }
    },
  );

  it.each(LOCALES.filter((l) => l !== 'en'))('%s keeps the placeholders of English', (locale) => {
    const other = load(locale);
    const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    for (const [ns, keys] of english) {
      for (const [key, value] of keys) {
        const theirs = other.get(ns)?.get(key);
        if (theirs !== undefined)
          expect({ ns, key, p: placeholders(theirs) }).toEqual({ ns, key, p: placeholders(value) });
      }
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s is a real translation, not a copy of English',
    (locale) => {
      const other = load(locale);
      let total = 0;
      let same = 0;
      for (const [ns, keys] of english) {
        for (const [key, value] of keys) {
          if (value.length < 12) continue; // short words (OK, Email, PDF) may coincide
          total++;
          if (other.get(ns)?.get(key) === value) same++;
        }
      }
      expect(same / Math.max(total, 1)).toBeLessThan(0.05);
    },
  );
});
