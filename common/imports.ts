/**
 * Import/export vocabulary shared by the server and the web app: the objects that can be
 * imported, their built-in target fields, and the header names (in all eight languages) that
 * suggest each target.
 */
import { normalizeText } from './search/normalize.js';

export const IMPORT_OBJECTS = ['contacts', 'companies', 'leads', 'deals', 'products'] as const;
export type ImportObject = (typeof IMPORT_OBJECTS)[number];

/** Lists that can be exported as shown. */
export const EXPORT_OBJECTS = ['contacts', 'companies', 'leads', 'deals', 'products'] as const;
export type ExportObject = (typeof EXPORT_OBJECTS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const DUPLICATE_MODES = ['skip', 'update', 'create'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

export const DUPLICATE_KEYS = ['email', 'phone', 'vatId', 'externalId', 'sku', 'none'] as const;
export type DuplicateKey = (typeof DUPLICATE_KEYS)[number];

/** An owner e-mail that is not a user here: refuse the row, or give it the default owner. */
export const UNKNOWN_OWNER_MODES = ['refuse', 'default'] as const;
export type UnknownOwnerMode = (typeof UNKNOWN_OWNER_MODES)[number];

export const DATE_FORMATS = ['auto', 'DMY', 'YMD', 'MDY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Built-in targets per object (custom fields are `custom.<key>`). */
export const IMPORT_TARGETS: Record<ImportObject, readonly string[]> = {
  contacts: [
    'fullName',
    'firstName',
    'lastName',
    'jobTitle',
    'email',
    'phone',
    'companyName',
    'street',
    'city',
    'postalCode',
    'country',
    'birthday',
    'tags',
    'ownerEmail',
    'note',
    'externalId',
  ],
  companies: [
    'name',
    'legalName',
    'vatId',
    'registrationNumber',
    'email',
    'phone',
    'website',
    'industry',
    'street',
    'city',
    'postalCode',
    'country',
    'tags',
    'ownerEmail',
    'note',
    'externalId',
  ],
  leads: [
    'fullName',
    'companyName',
    'email',
    'phone',
    'source',
    'message',
    'utmSource',
    'utmMedium',
    'utmCampaign',
    'tags',
    'ownerEmail',
    'externalId',
  ],
  deals: [
    'title',
    'companyName',
    'contactName',
    'pipeline',
    'stage',
    'status',
    'amount',
    'currency',
    'probability',
    'expectedCloseDate',
    'closedAt',
    'lostReason',
    'source',
    'campaign',
    'tags',
    'ownerEmail',
    'note',
    'externalId',
  ],
  products: [
    'sku',
    'name',
    'description',
    'kind',
    'unit',
    'category',
    'price',
    'currency',
    'vatRate',
    'costPrice',
    'active',
    'externalId',
  ],
};

/** The keys that can identify an existing record of each object. */
export const DUPLICATE_KEYS_OF: Record<ImportObject, readonly DuplicateKey[]> = {
  contacts: ['email', 'phone', 'externalId', 'none'],
  companies: ['vatId', 'email', 'phone', 'externalId', 'none'],
  leads: ['email', 'phone', 'externalId', 'none'],
  // A deal has no natural key: matched by the id of the system it comes from, if any.
  deals: ['externalId', 'none'],
  products: ['sku', 'externalId', 'none'],
};

/** Header names that suggest a target, in en sl hr bs sr mk el (any script; compared normalized). */
const SYNONYMS: Record<string, string[]> = {
  fullName: [
    'name',
    'full name',
    'contact',
    'ime in priimek',
    'ime i prezime',
    'име и презиме',
    'име и презиме',
    'ονοματεπώνυμο',
    'πλήρες όνομα',
    'kontakt',
    'osoba',
    'FN',
  ],
  firstName: ['first name', 'firstname', 'given name', 'ime', 'име', 'όνομα', 'onoma', 'N.given'],
  lastName: [
    'last name',
    'lastname',
    'surname',
    'family name',
    'priimek',
    'prezime',
    'презиме',
    'επώνυμο',
    'N.family',
  ],
  jobTitle: [
    'job title',
    'title',
    'position',
    'delovno mesto',
    'funkcija',
    'radno mjesto',
    'radno mesto',
    'pozicija',
    'позиција',
    'функција',
    'работно место',
    'θέση',
    'TITLE',
  ],
  email: [
    'email',
    'e-mail',
    'mail',
    'e-pošta',
    'e-posta',
    'eposta',
    'е-пошта',
    'имејл',
    'ел. пошта',
    'е-маил',
    'ηλεκτρονικό ταχυδρομείο',
    'email address',
    'EMAIL',
  ],
  phone: [
    'phone',
    'telephone',
    'mobile',
    'tel',
    'telefon',
    'mobitel',
    'gsm',
    'mobilni',
    'телефон',
    'мобилни',
    'мобилен',
    'τηλέφωνο',
    'κινητό',
    'phone number',
    'TEL',
  ],
  companyName: [
    'company',
    'organization',
    'organisation',
    'account',
    'podjetje',
    'organizacija',
    'firma',
    'tvrtka',
    'preduzeće',
    'poduzeće',
    'kompanija',
    'предузеће',
    'фирма',
    'компанија',
    'организација',
    'εταιρεία',
    'οργανισμός',
    'company name',
    'ORG',
  ],
  name: [
    'name',
    'company',
    'company name',
    'organization',
    'naziv',
    'ime',
    'podjetje',
    'firma',
    'tvrtka',
    'naziv podjetja',
    'назив',
    'фирма',
    'компанија',
    'име',
    'επωνυμία',
    'εταιρεία',
    'όνομα',
  ],
  legalName: [
    'legal name',
    'polno ime',
    'pravni naziv',
    'pun naziv',
    'пун назив',
    'правен назив',
    'νομική επωνυμία',
  ],
  vatId: [
    'vat',
    'vat id',
    'vat number',
    'tax id',
    'davčna številka',
    'ddv',
    'id za ddv',
    'oib',
    'pdv',
    'pib',
    'id broj',
    'пиб',
    'пдв',
    'едб',
    'даночен број',
    'αφμ',
    'α.φ.μ.',
  ],
  registrationNumber: [
    'registration number',
    'company number',
    'matična številka',
    'matični broj',
    'mb',
    'матични број',
    'матичен број',
    'αριθμός μητρώου',
    'γεμη',
  ],
  website: [
    'website',
    'web',
    'url',
    'www',
    'spletna stran',
    'web stranica',
    'veb sajt',
    'веб сајт',
    'веб страница',
    'ιστοσελίδα',
    'URL',
  ],
  industry: [
    'industry',
    'sector',
    'dejavnost',
    'djelatnost',
    'delatnost',
    'делатност',
    'дејност',
    'κλάδος',
  ],
  street: [
    'street',
    'address',
    'ulica',
    'naslov',
    'adresa',
    'улица',
    'адреса',
    'διεύθυνση',
    'οδός',
    'ADR.street',
  ],
  city: ['city', 'town', 'mesto', 'kraj', 'grad', 'град', 'место', 'πόλη', 'ADR.city'],
  postalCode: [
    'postal code',
    'zip',
    'zip code',
    'postcode',
    'poštna številka',
    'poštanski broj',
    'поштански број',
    'поштенски број',
    'ταχυδρομικός κώδικας',
    'τκ',
    'ADR.postal',
  ],
  country: ['country', 'država', 'drzava', 'држава', 'χώρα', 'ADR.country'],
  birthday: [
    'birthday',
    'birth date',
    'date of birth',
    'datum rojstva',
    'rojstni dan',
    'datum rođenja',
    'rođendan',
    'датум рођења',
    'датум на раѓање',
    'ημερομηνία γέννησης',
    'γενέθλια',
    'BDAY',
  ],
  tags: [
    'tags',
    'labels',
    'categories',
    'oznake',
    'kategorije',
    'ознаке',
    'категорије',
    'ознаки',
    'ετικέτες',
    'κατηγορίες',
    'CATEGORIES',
  ],
  ownerEmail: [
    'owner',
    'owner email',
    'assigned to',
    'lastnik',
    'skrbnik',
    'vlasnik',
    'zaduženi',
    'власник',
    'сопственик',
    'υπεύθυνος',
    'ιδιοκτήτης',
  ],
  note: [
    'note',
    'notes',
    'comment',
    'opomba',
    'napomena',
    'bilješka',
    'beleška',
    'напомена',
    'белешка',
    'забелешка',
    'σημείωση',
    'σχόλιο',
    'NOTE',
  ],
  externalId: [
    'id',
    'external id',
    'uid',
    'zunanji id',
    'vanjski id',
    'eksterni id',
    'екстерни ид',
    'надворешен ид',
    'εξωτερικό id',
    'UID',
  ],
  source: ['source', 'lead source', 'vir', 'izvor', 'извор', 'πηγή'],
  message: [
    'message',
    'inquiry',
    'sporočilo',
    'poruka',
    'upit',
    'порука',
    'упит',
    'порака',
    'μήνυμα',
  ],
  utmSource: ['utm_source', 'utm source'],
  utmMedium: ['utm_medium', 'utm medium'],
  utmCampaign: [
    'utm_campaign',
    'utm campaign',
    'campaign',
    'kampanja',
    'кампања',
    'кампања',
    'καμπάνια',
  ],
  sku: ['sku', 'code', 'product code', 'šifra', 'koda', 'artikel', 'шифра', 'κωδικός'],
  description: ['description', 'opis', 'опис', 'περιγραφή'],
  kind: ['kind', 'type', 'vrsta', 'tip', 'врста', 'тип', 'είδος', 'τύπος'],
  unit: ['unit', 'enota', 'jedinica', 'jedinica mere', 'јединица', 'единица', 'μονάδα'],
  category: ['category', 'kategorija', 'категорија', 'κατηγορία'],
  price: ['price', 'net price', 'cena', 'cijena', 'цена', 'цена', 'τιμή'],
  currency: ['currency', 'valuta', 'валута', 'νόμισμα'],
  costPrice: ['cost', 'cost price', 'nabavna cena', 'nabavna cijena', 'набавна цена', 'κόστος'],
  active: ['active', 'aktiven', 'aktivan', 'активан', 'активен', 'ενεργό'],
  title: [
    'title',
    'deal',
    'deal name',
    'opportunity',
    'posel',
    'posao',
    'prilika',
    'посао',
    'зделка',
    'ευκαιρία',
  ],
  contactName: [
    'contact',
    'contact person',
    'kontakt',
    'kontaktna oseba',
    'kontakt osoba',
    'контакт',
    'επαφή',
  ],
  pipeline: ['pipeline', 'sales pipeline', 'lijak', 'lijevak', 'levak', 'левак', 'инка'],
  stage: ['stage', 'deal stage', 'faza', 'фаза', 'στάδιο'],
  status: ['status', 'state', 'stanje', 'статус', 'состојба', 'κατάσταση'],
  amount: [
    'amount',
    'value',
    'deal value',
    'znesek',
    'vrednost',
    'vrijednost',
    'iznos',
    'износ',
    'вредност',
    'ποσό',
    'αξία',
  ],
  probability: [
    'probability',
    'verjetnost',
    'vjerojatnost',
    'verovatnoća',
    'вероватноћа',
    'веројатност',
    'πιθανότητα',
  ],
  expectedCloseDate: ['expected close', 'expected close date', 'close date', 'closing date'],
  closedAt: ['closed', 'closed at', 'closed on', 'won date', 'zaprto', 'zatvoreno'],
  lostReason: [
    'lost reason',
    'reason lost',
    'razlog izgube',
    'razlog gubitka',
    'разлог губитка',
    'причина за губење',
    'λόγος απώλειας',
  ],
  campaign: ['campaign', 'kampanja', 'кампања', 'кампања', 'καμπάνια'],
  vatRate: ['vat', 'vat rate', 'ddv', 'pdv', 'stopnja ddv', 'stopa pdv', 'ддв', 'пдв', 'φπα'],
};

/** A header as compared: normalized (lower-case, no diacritics, Latin script), single spaces. */
export function headerKey(header: string): string {
  return normalizeText(header.replace(/[_\-./:]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

const SYNONYM_INDEX = new Map<string, Map<string, string>>();
function synonymsFor(object: ImportObject): Map<string, string> {
  let index = SYNONYM_INDEX.get(object);
  if (!index) {
    index = new Map();
    for (const target of IMPORT_TARGETS[object]) {
      for (const word of [target, ...(SYNONYMS[target] ?? [])]) {
        const key = headerKey(word);
        if (!index.has(key)) index.set(key, target);
      }
    }
    SYNONYM_INDEX.set(object, index);
  }
  return index;
}

/** More names for a target: custom fields (`custom.<key>`) and labels in every language. */
export interface ExtraNames {
  target: string;
  labels: string[];
}

/**
 * Suggested target per column: exact match of the normalized header against the built-in
 * synonyms, then the extra names (field labels in all locales, custom fields' keys and labels);
 * each target used once.
 */
export function suggestMapping(
  object: ImportObject,
  headers: readonly string[],
  extra: readonly ExtraNames[],
): (string | null)[] {
  const index = new Map(synonymsFor(object));
  for (const names of extra) {
    for (const word of names.labels) {
      const key = headerKey(word);
      if (key && !index.has(key)) index.set(key, names.target);
    }
  }
  const used = new Set<string>();
  return headers.map((header) => {
    const target = index.get(headerKey(header));
    if (!target || used.has(target)) {
      // A second email/phone column is still an email/phone.
      if (target === 'email' || target === 'phone') return target;
      return null;
    }
    used.add(target);
    return target;
  });
}

/** The same file shape (object + header names) gets the mapping remembered last time. */
export function shapeKey(object: ImportObject, headers: readonly string[]): string {
  return `${object}:${headers.map(headerKey).join('|')}`;
}

/** Neutralizes spreadsheet formulas: a cell starting with = + - @ (or tab/CR) gets a quote. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
