/**
 * Documents as real PDFs (pdfkit). DejaVu Sans is embedded (subset) because it covers Latin with
 * diacritics, Cyrillic and Greek: the customer's name comes out right in every script we serve,
 * and text extraction (pdftotext, copy & paste) gives the same characters back.
 */
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { intlTag, type Locale } from '../../common/locales.js';
import { projectRoot } from '../platform/paths.js';
import { translator } from '../platform/i18n.js';
import type { DocumentRow, LineRow } from './repository.js';
import { amountInWords } from './words.js';

const FONT_DIR = path.join(projectRoot, 'node_modules', 'dejavu-fonts-ttf', 'ttf');
const REGULAR = path.join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

export interface RenderedTemplate {
  companyBlock: string;
  intro: string;
  footer: string;
  bankAccounts: string;
  logo: string | null;
  amountInWords: boolean;
}

export function money(minor: number, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(intlTag(locale), { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

export function day(value: string | null, locale: Locale): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${value}T00:00:00Z`),
  );
}

function decimal(value: string, locale: Locale): string {
  return new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: 3 }).format(Number(value));
}

export async function renderPdf(
  document: DocumentRow,
  lines: LineRow[],
  template: RenderedTemplate,
): Promise<Buffer> {
  const locale = document.language as Locale;
  const t = translator(locale);
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `${t(`billing:types.${document.type}`)} ${document.number ?? ''}`.trim(),
      Author: template.companyBlock.split('\n')[0] ?? '',
    },
  });
  pdf.registerFont('body', REGULAR);
  pdf.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = 50;
  const width = pdf.page.width - 100;
  const bottom = pdf.page.height - 60;
  const fmt = (minor: number) => money(minor, document.currency, locale);

  // Header: logo left, company block right.
  let y = 50;
  if (template.logo) {
    const base64 = template.logo.split(',')[1] ?? '';
    try {
      pdf.image(Buffer.from(base64, 'base64'), left, y, { fit: [150, 60] });
    } catch {
      // An unreadable logo must not stop the document; the template editor validates uploads.
    }
  }
  pdf.font('body').fontSize(9).fillColor('#333333');
  pdf.text(template.companyBlock, left + width / 2, y, { width: width / 2, align: 'right' });
  y = Math.max(pdf.y, y + 70) + 10;

  // Title and number.
  pdf.font('bold').fontSize(18).fillColor('#000000');
  const title = t(`billing:types.${document.type}`);
  pdf.text(
    document.number ? `${title} ${document.number}` : `${title} (${t('billing:draft')})`,
    left,
    y,
  );
  y = pdf.y + 12;

  // Customer (left) and dates (right).
  const blockTop = y;
  pdf.font('bold').fontSize(10).text(t('billing:pdf.customer'), left, y);
  pdf
    .font('body')
    .fontSize(10)
    .text(document.customerName, left, pdf.y + 2, { width: width / 2 });
  const details = document.customerDetails;
  if (details.address) pdf.text(details.address, { width: width / 2 });
  if (details.vatId) pdf.text(`${t('billing:pdf.vatId')}: ${details.vatId}`, { width: width / 2 });
  if (details.registrationNumber)
    pdf.text(`${t('billing:pdf.registrationNumber')}: ${details.registrationNumber}`, {
      width: width / 2,
    });
  const leftEnd = pdf.y;

  const facts: [string, string][] = [];
  if (document.issueDate)
    facts.push([t('billing:fields.issueDate'), day(document.issueDate, locale)]);
  if (document.deliveryDate)
    facts.push([t('billing:fields.deliveryDate'), day(document.deliveryDate, locale)]);
  if (document.dueDate && (document.type === 'invoice' || document.type === 'proforma'))
    facts.push([t('billing:fields.dueDate'), day(document.dueDate, locale)]);
  if (document.validUntil && document.type === 'quote')
    facts.push([t('billing:fields.validUntil'), day(document.validUntil, locale)]);
  if (document.placeOfIssue) facts.push([t('billing:fields.placeOfIssue'), document.placeOfIssue]);
  let factY = blockTop;
  for (const [label, value] of facts) {
    pdf.font('body').fontSize(9).fillColor('#555555');
    pdf.text(label, left + width / 2, factY, { width: width / 4, align: 'left' });
    pdf.font('bold').fillColor('#000000');
    pdf.text(value, left + (width * 3) / 4, factY, { width: width / 4, align: 'right' });
    factY = pdf.y + 2;
  }
  y = Math.max(leftEnd, factY) + 14;

  if (template.intro.trim()) {
    pdf.font('body').fontSize(10).fillColor('#000000').text(template.intro, left, y, { width });
    y = pdf.y + 10;
  }

  // Lines.
  const cols = [
    { key: 'n', label: '#', w: 22, align: 'left' as const },
    { key: 'description', label: t('billing:fields.description'), w: 175, align: 'left' as const },
    { key: 'quantity', label: t('billing:fields.quantity'), w: 45, align: 'right' as const },
    { key: 'unit', label: t('billing:fields.unit'), w: 35, align: 'left' as const },
    { key: 'unitPrice', label: t('billing:fields.unitPrice'), w: 65, align: 'right' as const },
    { key: 'discount', label: t('billing:fields.discountShort'), w: 35, align: 'right' as const },
    { key: 'vatRate', label: t('billing:fields.vatRateShort'), w: 35, align: 'right' as const },
    { key: 'net', label: t('billing:fields.net'), w: width - 412, align: 'right' as const },
  ];
  const header = () => {
    pdf.font('bold').fontSize(8).fillColor('#000000');
    let x = left;
    for (const col of cols) {
      pdf.text(col.label, x + 2, y, { width: col.w - 4, align: col.align });
      x += col.w;
    }
    y = pdf.y + 3;
    pdf
      .moveTo(left, y)
      .lineTo(left + width, y)
      .strokeColor('#999999')
      .stroke();
    y += 4;
  };
  header();
  lines.forEach((line, index) => {
    const cells: Record<string, string> = {
      n: String(index + 1),
      description: line.description,
      quantity: decimal(line.quantity, locale),
      unit: line.unit,
      unitPrice: fmt(line.unitPrice),
      discount: Number(line.discountPercent) ? `${decimal(line.discountPercent, locale)}%` : '',
      vatRate: `${decimal(line.vatRate, locale)}%`,
      net: fmt(line.net),
    };
    pdf.font('body').fontSize(8);
    const height = pdf.heightOfString(line.description, { width: 171 });
    if (y + height > bottom) {
      pdf.addPage();
      y = 50;
      header();
    }
    let x = left;
    for (const col of cols) {
      pdf.text(cells[col.key] ?? '', x + 2, y, { width: col.w - 4, align: col.align });
      x += col.w;
    }
    y += height + 5;
  });
  pdf
    .moveTo(left, y)
    .lineTo(left + width, y)
    .strokeColor('#999999')
    .stroke();
  y += 8;

  // VAT per rate and totals.
  if (y > bottom - 140) {
    pdf.addPage();
    y = 50;
  }
  const sumLeft = left + width / 2 - 20;
  const sumWidth = width / 2 + 20;
  const fourth = sumWidth / 4;
  pdf.font('bold').fontSize(8);
  [
    t('billing:fields.vatRate'),
    t('billing:fields.base'),
    t('billing:fields.vat'),
    t('billing:fields.gross'),
  ].forEach((label, i) =>
    pdf.text(label, sumLeft + i * fourth, y, { width: fourth - 4, align: 'right' }),
  );
  y = pdf.y + 2;
  pdf.font('body');
  for (const group of document.vatBreakdown) {
    [`${decimal(group.rate, locale)}%`, fmt(group.net), fmt(group.vat), fmt(group.gross)].forEach(
      (value, i) => pdf.text(value, sumLeft + i * fourth, y, { width: fourth - 4, align: 'right' }),
    );
    y = pdf.y + 2;
  }
  y += 6;
  const totalLine = (label: string, value: string, bold = false) => {
    pdf.font(bold ? 'bold' : 'body').fontSize(bold ? 11 : 9);
    pdf.text(label, sumLeft, y, { width: sumWidth / 2, align: 'left' });
    pdf.text(value, sumLeft + sumWidth / 2, y, { width: sumWidth / 2 - 4, align: 'right' });
    y = pdf.y + 3;
  };
  totalLine(t('billing:totals.net'), fmt(document.netTotal));
  totalLine(t('billing:totals.vat'), fmt(document.vatTotal));
  totalLine(t('billing:totals.gross'), fmt(document.grossTotal), true);
  if (document.type === 'invoice' && document.paidTotal > 0) {
    totalLine(t('billing:totals.paid'), fmt(document.paidTotal));
    totalLine(t('billing:totals.open'), fmt(document.grossTotal - document.paidTotal), true);
  }
  if (template.amountInWords) {
    pdf.font('body').fontSize(8).fillColor('#333333');
    pdf.text(
      `${t('billing:pdf.inWords')}: ${amountInWords(document.grossTotal, document.currency, locale)}`,
      left,
      y + 2,
      { width },
    );
    y = pdf.y;
  }
  y += 10;

  pdf.font('body').fontSize(9).fillColor('#000000');
  if (document.notes) {
    pdf.text(document.notes, left, y, { width });
    y = pdf.y + 8;
  }
  if (template.bankAccounts.trim() && document.type !== 'quote' && document.type !== 'order') {
    pdf.font('bold').text(t('billing:pdf.bankAccounts'), left, y);
    pdf.font('body').text(template.bankAccounts, left, pdf.y + 2, { width });
    y = pdf.y + 8;
  }
  if (template.footer.trim()) {
    pdf
      .fontSize(8)
      .fillColor('#555555')
      .text(template.footer, left, Math.max(y, bottom - 40), {
        width,
        align: 'center',
      });
  }
  pdf.end();
  return done;
}
