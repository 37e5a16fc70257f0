/**
 * VAT rates a new workspace starts with, by the workspace's country (rates in force in 2026).
 * Administrators edit them afterwards; they are created once per workspace (`feature_seeds`).
 */
type Kind = 'standard' | 'reduced' | 'super_reduced' | 'zero' | 'exempt';

interface DefaultRate {
  name: string;
  rate: number;
  kind: Kind;
}

const rates = (label: string, list: [number, Kind][]): DefaultRate[] => [
  ...list.map(([rate, kind]) => ({
    name: `${label} ${String(rate).replace('.', ',')} %`,
    rate,
    kind,
  })),
  { name: `${label} 0 %`, rate: 0, kind: 'exempt' as const },
];

export const DEFAULT_VAT_RATES: Record<string, DefaultRate[]> = {
  // Slovenia: 22 % standard, 9.5 % reduced, 5 % (books, some food)
  SI: rates('DDV', [
    [22, 'standard'],
    [9.5, 'reduced'],
    [5, 'super_reduced'],
  ]),
  // Croatia: 25 %, 13 %, 5 %
  HR: rates('PDV', [
    [25, 'standard'],
    [13, 'reduced'],
    [5, 'super_reduced'],
  ]),
  // Bosnia and Herzegovina: a single 17 % rate
  BA: rates('PDV', [[17, 'standard']]),
  // Serbia: 20 %, 10 %
  RS: rates('PDV', [
    [20, 'standard'],
    [10, 'reduced'],
  ]),
  // Montenegro: 21 %, 15 % (hospitality), 7 %
  ME: rates('PDV', [
    [21, 'standard'],
    [15, 'reduced'],
    [7, 'super_reduced'],
  ]),
  // North Macedonia: 18 %, 10 % (catering), 5 %
  MK: rates('ДДВ', [
    [18, 'standard'],
    [10, 'reduced'],
    [5, 'super_reduced'],
  ]),
  // Greece: 24 %, 13 %, 6 %
  GR: rates('ΦΠΑ', [
    [24, 'standard'],
    [13, 'reduced'],
    [6, 'super_reduced'],
  ]),
};

/** Countries without a table get a standard 20 % and an exempt 0 % to edit. */
export function defaultVatRates(country: string): DefaultRate[] {
  return DEFAULT_VAT_RATES[country] ?? rates('VAT', [[20, 'standard']]);
}
