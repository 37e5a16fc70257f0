import { describe, expect, it } from 'vitest';
import { highlightParts, highlightRanges } from './highlight.js';

/** The matched pieces of `text`, in order. */
const marked = (text: string, query: string): string[] =>
  highlightRanges(text, query).map(([s, e]) => text.slice(s, e));

describe('highlighting what a query matched, in the text’s own script', () => {
  it.each([
    ['Петровић', 'petro', ['Петро']],
    ['Петровић', 'petrovic', ['Петровић']],
    ['Марко Петровић', 'Petrović', ['Петровић']],
    ['Đorđević', 'djordj', ['Đorđ']],
    ['Ђорђевић', 'Đorđević', ['Ђорђевић']],
    ['Љубљана', 'ljub', ['Љуб']],
    ['Ѓорѓиевски', 'gjorgj', ['Ѓорѓ']],
    ['Gjorgjievski', 'Ѓорѓиевски', ['Gjorgjievski']],
    ['Παπαδόπουλος', 'papadop', ['Παπαδόπ']],
    ['Παπαδόπουλος', 'Papadopoulos', ['Παπαδόπουλος']],
    ['Papadopoulos', 'Παπαδόπουλος', ['Papadopoulos']],
    ['Šuštar Janez', 'sustar', ['Šuštar']],
    ['Janez Šuštar', 'ŠUŠ', ['Šuš']],
    ['Stopetrovic', 'petrov', ['petrov']],
    ['Ана Анић', 'an', ['Ан', 'Ан']],
  ])('%j with %j marks %j', (text, query, expected) => {
    expect(marked(text, query)).toEqual(expected);
  });

  it('marks every word of a multi-word query wherever it occurs', () => {
    expect(marked('Марко Петровић, Београд', 'beograd marko')).toEqual(['Марко', 'Београд']);
  });

  it('marks the whole word when only an alternative spelling matched', () => {
    expect(marked('Χρήστος Παπαδόπουλος', 'hristos')).toEqual(['Χρήστος']);
    expect(marked('Ђорђевић', 'dordevic')).toEqual(['Ђорђевић']);
  });

  it('marks the digits of a phone typed in another format', () => {
    expect(marked('+381 64 123 4567', '064/123 45 67')).toEqual(['64 123 4567']);
    expect(marked('+381 64 123 4567', '+381641234567')).toEqual(['381 64 123 4567']);
    expect(marked('+381 64 123 4567', '0699999999')).toEqual([]);
  });

  it('marks emails by their parts', () => {
    expect(marked('marko.petrovic@example.rs', 'petrovic@exa')).toEqual(['petrovic', 'exa']);
  });

  it('marks nothing for empty, one-letter, emoji or unmatched queries', () => {
    for (const q of ['', ' ', 'a', '😀😀', 'zzzz', "'; drop table contacts; --"])
      expect(marked('Марко Петровић', q)).toEqual([]);
    expect(highlightRanges('', 'petrovic')).toEqual([]);
  });

  it('marks every occurrence in a 10,000-character text', () => {
    const text = 'Петровић '.repeat(1200);
    const ranges = highlightRanges(text, 'petrovic');
    expect(ranges).toHaveLength(1200);
    expect(ranges[1199]).toEqual([text.length - 9, text.length - 1]);
  });

  it('splits a text into plain and matched parts that join back to the text', () => {
    const parts = highlightParts('Марко Петровић', 'petr');
    expect(parts).toEqual([
      { text: 'Марко ', matched: false },
      { text: 'Петр', matched: true },
      { text: 'овић', matched: false },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('Марко Петровић');
  });
});
