/**
 * A document total in words, in the document's language ("one thousand two hundred twenty EUR
 * 50/100"), the way invoices in the region print it. The currency stays a code so no language
 * needs its declension rules. n2words covers English, Croatian, Serbian (both scripts) and
 * Greek; Slovenian and Macedonian, which it lacks, are written out here.
 */
import { toCardinal as elWords } from 'n2words/el-GR';
import { toCardinal as enWords } from 'n2words/en-US';
import { toCardinal as hrWords } from 'n2words/hr-HR';
import { toCardinal as srCyrlWords } from 'n2words/sr-Cyrl-RS';
import { toCardinal as srLatnWords } from 'n2words/sr-Latn-RS';
import { currencyDigits } from '../../common/billing/totals.js';
import type { Locale } from '../../common/locales.js';

const SL_UNITS = [
  'nič',
  'ena',
  'dva',
  'tri',
  'štiri',
  'pet',
  'šest',
  'sedem',
  'osem',
  'devet',
  'deset',
  'enajst',
  'dvanajst',
  'trinajst',
  'štirinajst',
  'petnajst',
  'šestnajst',
  'sedemnajst',
  'osemnajst',
  'devetnajst',
];
const SL_TENS = [
  '',
  '',
  'dvajset',
  'trideset',
  'štirideset',
  'petdeset',
  'šestdeset',
  'sedemdeset',
  'osemdeset',
  'devetdeset',
];

/** 1–999 in Slovenian; units before tens joined by "in" (enaindvajset), but 200 is dvesto. */
function slBelowThousand(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 1) parts.push('sto');
  else if (hundreds === 2) parts.push('dvesto');
  else if (hundreds > 2) parts.push(`${SL_UNITS[hundreds]}sto`);
  if (rest > 0 && rest < 20) parts.push(SL_UNITS[rest] ?? '');
  else if (rest >= 20) {
    const unit = rest % 10;
    const tens = SL_TENS[Math.floor(rest / 10)] ?? '';
    parts.push(unit ? `${SL_UNITS[unit]}in${tens}` : tens);
  }
  return parts.join(' ');
}

export function slovenianWords(value: number): string {
  if (value === 0) return SL_UNITS[0] ?? '';
  const millions = Math.floor(value / 1_000_000);
  const thousands = Math.floor((value % 1_000_000) / 1000);
  const rest = value % 1000;
  const parts: string[] = [];
  if (millions) {
    const m100 = millions % 100;
    const noun =
      m100 === 1
        ? 'milijon'
        : m100 === 2
          ? 'milijona'
          : m100 === 3 || m100 === 4
            ? 'milijone'
            : 'milijonov';
    parts.push(millions === 1 ? 'milijon' : `${slBelowThousand(millions)} ${noun}`);
  }
  if (thousands) parts.push(thousands === 1 ? 'tisoč' : `${slBelowThousand(thousands)} tisoč`);
  if (rest) parts.push(slBelowThousand(rest));
  return parts.join(' ');
}

const MK_UNITS = [
  'нула',
  'еден',
  'два',
  'три',
  'четири',
  'пет',
  'шест',
  'седум',
  'осум',
  'девет',
  'десет',
  'единаесет',
  'дванаесет',
  'тринаесет',
  'четиринаесет',
  'петнаесет',
  'шеснаесет',
  'седумнаесет',
  'осумнаесет',
  'деветнаесет',
];
const MK_TENS = [
  '',
  '',
  'дваесет',
  'триесет',
  'четириесет',
  'педесет',
  'шеесет',
  'седумдесет',
  'осумдесет',
  'деведесет',
];
const MK_HUNDREDS = [
  '',
  'сто',
  'двесте',
  'триста',
  'четиристотини',
  'петстотини',
  'шестстотини',
  'седумстотини',
  'осумстотини',
  'деветстотини',
];

/** 1–999 in Macedonian: "и" before the last word (сто и дваесет, дваесет и еден). */
function mkBelowThousand(n: number, feminineTwo = false): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) parts.push(MK_HUNDREDS[hundreds] ?? '');
  const unitWord = (u: number) => (u === 2 && feminineTwo ? 'две' : (MK_UNITS[u] ?? ''));
  if (rest > 0 && rest < 20) parts.push(unitWord(rest));
  else if (rest >= 20) {
    parts.push(MK_TENS[Math.floor(rest / 10)] ?? '');
    if (rest % 10) parts.push(unitWord(rest % 10));
  }
  if (parts.length > 1) parts.splice(parts.length - 1, 0, 'и');
  return parts.join(' ');
}

export function macedonianWords(value: number): string {
  if (value === 0) return MK_UNITS[0] ?? '';
  const millions = Math.floor(value / 1_000_000);
  const thousands = Math.floor((value % 1_000_000) / 1000);
  const rest = value % 1000;
  const parts: string[] = [];
  if (millions) parts.push(millions === 1 ? 'еден милион' : `${mkBelowThousand(millions)} милиони`);
  if (thousands)
    parts.push(thousands === 1 ? 'илјада' : `${mkBelowThousand(thousands, true)} илјади`);
  if (rest) parts.push(mkBelowThousand(rest));
  return parts.join(' ');
}

const CARDINALS: Record<Locale, (value: number) => string> = {
  en: enWords,
  sl: slovenianWords,
  hr: hrWords,
  // Bosnian is ijekavian like Croatian (dvjesto); "tisuća" is standard Bosnian as well.
  bs: hrWords,
  'sr-Cyrl': srCyrlWords,
  'sr-Latn': srLatnWords,
  mk: macedonianWords,
  el: elWords,
};

/** "one thousand two hundred twenty EUR 50/100" for 122050 minor units of EUR. */
export function amountInWords(minor: number, currency: string, locale: Locale): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** digits);
  const fraction = abs % 10 ** digits;
  const words = CARDINALS[locale](whole);
  const tail = digits ? ` ${String(fraction).padStart(digits, '0')}/${10 ** digits}` : '';
  return `${negative ? '− ' : ''}${words} ${currency}${tail}`;
}
