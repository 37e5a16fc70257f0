import { intlTag, type Locale } from '../../common/locales.js';
import { currentLocale } from './i18n.js';

const tag = (locale?: Locale) => intlTag(locale ?? currentLocale());

export function formatDate(value: string | Date | null | undefined, locale?: Locale): string {
  if (!value) return '';
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00`)
      : new Date(value);
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium' }).format(date);
}

export function formatDateTime(value: string | Date | null | undefined, locale?: Locale): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

export function formatRelative(value: string | Date, locale?: Locale): string {
  const seconds = (new Date(value).getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(tag(locale), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(Math.round(seconds), 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(seconds / 86400), 'day');
  return formatDate(value, locale);
}

export function formatNumber(value: number, locale?: Locale): string {
  return new Intl.NumberFormat(tag(locale)).format(value);
}

/** Money in minor units (cents) in the currency's own precision. */
export function formatMoney(minor: number, currency: string, locale?: Locale): string {
  const format = new Intl.NumberFormat(tag(locale), { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}
