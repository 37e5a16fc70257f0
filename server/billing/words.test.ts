import { describe, expect, it } from 'vitest';
import { amountInWords, macedonianWords, slovenianWords } from './words.js';

describe('amount in words', () => {
  it('writes Slovenian numbers with the units before the tens', () => {
    expect(slovenianWords(21)).toBe('enaindvajset');
    expect(slovenianWords(22)).toBe('dvaindvajset');
    expect(slovenianWords(1234)).toBe('tisoč dvesto štiriintrideset');
    expect(slovenianWords(2_500_000)).toBe('dva milijona petsto tisoč');
    expect(slovenianWords(7_000_013)).toBe('sedem milijonov trinajst');
    expect(slovenianWords(200)).toBe('dvesto');
  });

  it('writes Macedonian numbers with "и" before the last word', () => {
    expect(macedonianWords(21)).toBe('дваесет и еден');
    expect(macedonianWords(120)).toBe('сто и дваесет');
    expect(macedonianWords(2345)).toBe('две илјади триста четириесет и пет');
    expect(macedonianWords(1000)).toBe('илјада');
  });

  it('spells the whole units and shows the cents as a fraction, in every language', () => {
    expect(amountInWords(122050, 'EUR', 'en')).toBe('one thousand two hundred twenty EUR 50/100');
    expect(amountInWords(122000, 'EUR', 'sr-Cyrl')).toBe('једна хиљада двеста двадесет EUR 00/100');
    expect(amountInWords(500, 'EUR', 'el')).toBe('πέντε EUR 00/100');
    expect(amountInWords(1500, 'MKD', 'mk')).toBe('петнаесет MKD 00/100');
    expect(amountInWords(100, 'JPY', 'hr')).toBe('sto JPY');
  });
});
