/** Shapes shared by the server, the web app and the API contract. */
import type { Locale } from './locales.js';

export interface ContactPoint {
  value: string;
  label: string | null;
}

export interface Address {
  label: string | null;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
}

export type CustomValues = Record<string, unknown>;
export type LocalizedLabel = Partial<Record<Locale, string>>;

export interface FieldChoice {
  value: string;
  label: LocalizedLabel;
  color?: string | null;
}

export interface FieldOptions {
  choices?: FieldChoice[];
  /** money fields */
  currency?: string;
  /** record reference fields: the object referenced */
  target?: string;
}

/** The record types that carry custom fields, owners, tags and a timeline. */
export const RECORD_OBJECTS = ['contacts', 'companies', 'leads', 'deals'] as const;
export type RecordObject = (typeof RECORD_OBJECTS)[number];

export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'boolean',
  'select',
  'multi_select',
  'phone',
  'email',
  'url',
  'user',
  'record',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const COMPANY_KINDS = ['customer', 'supplier', 'partner', 'competitor'] as const;
export type CompanyKind = (typeof COMPANY_KINDS)[number];

export const LEAD_SOURCES = [
  'web_form',
  'call',
  'email',
  'chat',
  'referral',
  'import',
  'other',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const LEAD_STATUSES = [
  'new',
  'in_progress',
  'qualified',
  'disqualified',
  'converted',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const USER_ROLES = ['admin', 'manager', 'member'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Label in the wanted locale, falling back to English and then to any label present. */
export function localized(label: LocalizedLabel, locale: Locale): string {
  return label[locale] ?? label.en ?? Object.values(label).find((v) => v) ?? '';
}
