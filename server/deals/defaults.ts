/**
 * What a new workspace starts with: one pipeline with five stages (the seeds warn against too
 * many) and a short list of lost reasons, named in every language Odnos speaks.
 */
import type { Locale } from '../../common/locales.js';

type Names = Record<Locale, string>;

export const DEFAULT_PIPELINE_NAME: Names = {
  en: 'Sales',
  sl: 'Prodaja',
  hr: 'Prodaja',
  bs: 'Prodaja',
  'sr-Cyrl': 'Продаја',
  'sr-Latn': 'Prodaja',
  mk: 'Продажба',
  el: 'Πωλήσεις',
};

export interface DefaultStage {
  name: Names;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  color: string;
}

export const DEFAULT_STAGES: DefaultStage[] = [
  {
    name: {
      en: 'Qualification',
      sl: 'Kvalifikacija',
      hr: 'Kvalifikacija',
      bs: 'Kvalifikacija',
      'sr-Cyrl': 'Квалификација',
      'sr-Latn': 'Kvalifikacija',
      mk: 'Квалификација',
      el: 'Αξιολόγηση',
    },
    kind: 'open',
    probability: 20,
    color: 'blue',
  },
  {
    name: {
      en: 'Proposal',
      sl: 'Ponudba',
      hr: 'Ponuda',
      bs: 'Ponuda',
      'sr-Cyrl': 'Понуда',
      'sr-Latn': 'Ponuda',
      mk: 'Понуда',
      el: 'Προσφορά',
    },
    kind: 'open',
    probability: 50,
    color: 'cyan',
  },
  {
    name: {
      en: 'Negotiation',
      sl: 'Pogajanja',
      hr: 'Pregovori',
      bs: 'Pregovori',
      'sr-Cyrl': 'Преговори',
      'sr-Latn': 'Pregovori',
      mk: 'Преговори',
      el: 'Διαπραγμάτευση',
    },
    kind: 'open',
    probability: 80,
    color: 'orange',
  },
  {
    name: {
      en: 'Won',
      sl: 'Dobljeno',
      hr: 'Dobiveno',
      bs: 'Dobijeno',
      'sr-Cyrl': 'Добијено',
      'sr-Latn': 'Dobijeno',
      mk: 'Добиено',
      el: 'Κερδήθηκε',
    },
    kind: 'won',
    probability: 100,
    color: 'green',
  },
  {
    name: {
      en: 'Lost',
      sl: 'Izgubljeno',
      hr: 'Izgubljeno',
      bs: 'Izgubljeno',
      'sr-Cyrl': 'Изгубљено',
      'sr-Latn': 'Izgubljeno',
      mk: 'Изгубено',
      el: 'Χάθηκε',
    },
    kind: 'lost',
    probability: 0,
    color: 'red',
  },
];

export const DEFAULT_LOST_REASONS: Names[] = [
  {
    en: 'Price',
    sl: 'Cena',
    hr: 'Cijena',
    bs: 'Cijena',
    'sr-Cyrl': 'Цена',
    'sr-Latn': 'Cena',
    mk: 'Цена',
    el: 'Τιμή',
  },
  {
    en: 'Chose a competitor',
    sl: 'Izbral konkurenco',
    hr: 'Odabrali konkurenciju',
    bs: 'Odabrali konkurenciju',
    'sr-Cyrl': 'Изабрали конкуренцију',
    'sr-Latn': 'Izabrali konkurenciju',
    mk: 'Избраа конкуренција',
    el: 'Επέλεξε ανταγωνιστή',
  },
  {
    en: 'Bad timing',
    sl: 'Neustrezen čas',
    hr: 'Loš trenutak',
    bs: 'Loš trenutak',
    'sr-Cyrl': 'Лош тренутак',
    'sr-Latn': 'Loš trenutak',
    mk: 'Лош момент',
    el: 'Ακατάλληλη στιγμή',
  },
  {
    en: 'No decision',
    sl: 'Brez odločitve',
    hr: 'Nema odluke',
    bs: 'Nema odluke',
    'sr-Cyrl': 'Нема одлуке',
    'sr-Latn': 'Nema odluke',
    mk: 'Нема одлука',
    el: 'Καμία απόφαση',
  },
];
