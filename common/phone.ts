import {
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';

export interface NormalizedPhone {
  /** +381641234567 */
  e164: string;
  /** 641234567 — the national significant number, for matches typed without a country code. */
  national: string;
}

function parse(input: string, defaultCountry: string): PhoneNumber | undefined {
  const cleaned = input.trim().replace(/^00/, '+');
  if (!/\d/.test(cleaned) || cleaned.length > 40) return undefined;
  return parsePhoneNumberFromString(cleaned, defaultCountry as CountryCode);
}

/** E.164 form of a phone typed in any usual format, or null when it is not a valid number. */
export function normalizePhone(input: string, defaultCountry: string): NormalizedPhone | null {
  const parsed = parse(input, defaultCountry);
  if (!parsed?.isValid()) return null;
  return { e164: parsed.number, national: parsed.nationalNumber };
}

/** Formatted phones by country and number: parsing is the costliest part of a list page. */
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 50_000;

/**
 * A phone for display: national format for numbers of the viewer's country
 * ("064 1234567"), international otherwise ("+386 41 123 456").
 */
export function formatPhone(e164: string, viewerCountry: string): string {
  const key = `${viewerCountry} ${e164}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const parsed = parse(e164, viewerCountry);
  const text = !parsed
    ? e164
    : parsed.country === viewerCountry
      ? parsed.formatNational()
      : parsed.formatInternational();
  if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
  formatted.set(key, text);
  return text;
}
