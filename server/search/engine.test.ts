import { describe, expect, it } from 'vitest';
import { oneLetterOff } from './engine.js';

/** Does a SQL LIKE pattern (only `_` and escaped characters in it) match the word? */
function likeMatches(pattern: string, word: string): boolean {
  const source = pattern.replace(/\\(.)|_|[.*+?^${}()|[\]]/g, (m: string, escaped?: string) =>
    escaped !== undefined
      ? escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      : m === '_'
        ? '.'
        : `\\${m}`,
  );
  return new RegExp(`^${source}$`, 'u').test(word);
}

function candidates(typed: string, dictionary: string[]): string[] {
  const off = oneLetterOff(typed);
  const prefix = off.prefix.slice(0, -1);
  return dictionary.filter(
    (word) =>
      off.exact.includes(word) ||
      (word.startsWith(prefix) &&
        Array.from(word).length >= off.lengths[0] &&
        Array.from(word).length <= off.lengths[1] &&
        off.patterns.some((p) => likeMatches(p, word))),
  );
}

describe('oneLetterOff', () => {
  const dictionary = ['jovanovic', 'jovanovska', 'petrovic', 'petrovski', 'kostovski', 'novak'];

  it('finds the word a letter was left out of, mistyped in, added to or swapped in', () => {
    expect(candidates('jovnovic', dictionary)).toEqual(['jovanovic']); // left out
    expect(candidates('petrivic', dictionary)).toEqual(['petrovic']); // mistyped
    expect(candidates('petrrovic', dictionary)).toEqual(['petrovic']); // one too many
    expect(candidates('petorvski', dictionary)).toEqual(['petrovski']); // swapped
    expect(candidates('novka', dictionary)).toEqual(['novak']); // swapped at the end
  });

  it('does not reach two letters off, nor a letter left out or mistyped among the first two', () => {
    expect(candidates('jovnvic', dictionary)).toEqual([]);
    expect(candidates('ovak', dictionary)).toEqual([]);
    expect(candidates('npvak', dictionary)).toEqual([]);
    expect(candidates('etrovic', dictionary)).toEqual([]);
  });

  it('keeps LIKE wildcards typed by the user literal', () => {
    const off = oneLetterOff('ab%c_d');
    expect(off.prefix).toBe('ab%');
    expect(off.patterns).toContain('ab\\%_c\\_d');
    expect(off.patterns.every((p) => !/(^|[^\\])%/.test(p))).toBe(true);
  });
});
