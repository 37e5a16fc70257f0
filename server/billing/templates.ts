/**
 * Document templates: text blocks with Handlebars placeholders (`{{customer.name}}`), compiled
 * in strict mode so a misspelt placeholder is an error that names the line, never an empty gap
 * in a PDF that was already sent.
 */
import Handlebars from 'handlebars';
import type { DocumentType } from '../../common/billing/totals.js';
import type { Locale } from '../../common/locales.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import type { RenderedTemplate } from './pdf.js';
import { amountInWords } from './words.js';

export const TEMPLATE_FIELDS = ['companyBlock', 'intro', 'footer', 'bankAccounts'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** The placeholders every template may use (documented in the template editor). */
export interface TemplateData {
  company: { name: string };
  customer: { name: string; address: string; vatId: string; email: string };
  document: {
    type: string;
    number: string;
    issueDate: string;
    dueDate: string;
    deliveryDate: string;
    validUntil: string;
    placeOfIssue: string;
    total: string;
    totalInWords: string;
    currency: string;
    paymentTermsDays: string;
  };
}

export const PLACEHOLDERS = [
  'company.name',
  'customer.name',
  'customer.address',
  'customer.vatId',
  'customer.email',
  'document.type',
  'document.number',
  'document.issueDate',
  'document.dueDate',
  'document.deliveryDate',
  'document.validUntil',
  'document.placeOfIssue',
  'document.total',
  'document.totalInWords',
  'document.currency',
  'document.paymentTermsDays',
];

export function defaultTemplate(type: DocumentType, language: Locale) {
  const t = translator(language);
  return {
    companyBlock: '{{company.name}}',
    intro: t(`billing:templateDefaults.intro_${type}`),
    footer: t('billing:templateDefaults.footer'),
    bankAccounts: '',
    logo: null,
    amountInWords: false,
  };
}

function problemOf(error: Error, source: string): { line: number | null; problem: string } {
  const message = error.message;
  const parse = /line (\d+)/.exec(message);
  const strict = / - (\d+):(\d+)$/.exec(message);
  const notDefined = /^"([^"]+)" not defined/.exec(message);
  const line = parse ? Number(parse[1]) : strict ? Number(strict[1]) : null;
  const lineText = line ? (source.split('\n')[line - 1] ?? '') : source;
  const mustache = notDefined
    ? [...lineText.matchAll(/\{\{[^}]*\}\}/g)].find((m) => m[0].includes(notDefined[1] ?? ''))
    : undefined;
  const problem = notDefined
    ? (mustache?.[0] ?? `{{${notDefined[1]}}}`)
    : (message.split('\n').find((l) => l.startsWith('Expecting') || l.startsWith('Parse')) ??
      message.split('\n')[0] ??
      message);
  return { line, problem };
}

/** Renders one text block; a broken placeholder → 400 naming the field and the line. */
export function renderBlock(field: string, source: string, data: TemplateData): string {
  try {
    const compiled = Handlebars.compile(source, {
      strict: true,
      noEscape: true,
      knownHelpersOnly: true,
      knownHelpers: { if: true, unless: true, each: true, with: true },
    });
    return compiled(data);
  } catch (error) {
    const { line, problem } = problemOf(error as Error, source);
    throw AppError.invalid(field, 'billing:errors.template_broken', {
      line: line ?? 1,
      problem,
    });
  }
}

export function renderTemplate(template: RenderedTemplate, data: TemplateData): RenderedTemplate {
  const out = {} as Record<TemplateField, string>;
  for (const field of TEMPLATE_FIELDS) out[field] = renderBlock(field, template[field], data);
  return { ...out, logo: template.logo, amountInWords: template.amountInWords };
}

export function sampleData(
  type: DocumentType,
  language: Locale,
  companyName: string,
): TemplateData {
  const t = translator(language);
  return {
    company: { name: companyName },
    customer: {
      name: 'Јована Јовановић',
      address: 'Булевар 1, 11000 Београд',
      vatId: 'RS100000001',
      email: 'jovana@example.com',
    },
    document: {
      type: t(`billing:types.${type}`),
      number: 'INV-2026-00001',
      issueDate: '2026-01-15',
      dueDate: '2026-01-30',
      deliveryDate: '2026-01-15',
      validUntil: '2026-02-15',
      placeOfIssue: 'Ljubljana',
      total: '1.220,00 €',
      totalInWords: amountInWords(122000, 'EUR', language),
      currency: 'EUR',
      paymentTermsDays: '15',
    },
  };
}
