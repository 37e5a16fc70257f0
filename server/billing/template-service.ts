import { DOCUMENT_TYPES, type DocumentType } from '../../common/billing/totals.js';
import { LOCALES, type Locale } from '../../common/locales.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { renderPdf } from './pdf.js';
import * as repo from './repository.js';
import type { TemplateInput, TemplateOut } from './schema.js';
import { templateFor } from './service.js';
import { PLACEHOLDERS, renderTemplate, sampleData } from './templates.js';

function present(
  type: DocumentType,
  language: Locale,
  t: Awaited<ReturnType<typeof templateFor>>,
): TemplateOut {
  return {
    type,
    language,
    companyBlock: t.companyBlock,
    intro: t.intro,
    footer: t.footer,
    bankAccounts: t.bankAccounts,
    logo: t.logo,
    amountInWords: t.amountInWords,
    custom: t.custom,
    updatedAt: t.updatedAt?.toISOString() ?? null,
  };
}

/** Every type × language, the saved template or the default one. */
export async function listTemplates(ctx: Ctx) {
  const saved = await repo.listTemplates(ctx);
  const data: TemplateOut[] = [];
  for (const type of DOCUMENT_TYPES)
    for (const language of LOCALES) {
      const row = saved.find((r) => r.type === type && r.language === language);
      data.push(
        row
          ? present(type, language, { ...row, custom: true })
          : present(type, language, await templateFor(ctx, type, language)),
      );
    }
  return { data, placeholders: PLACEHOLDERS };
}

/** Saves a template after rendering it once with sample data: a broken one is never stored. */
export async function saveTemplate(
  ctx: Ctx,
  type: DocumentType,
  language: Locale,
  input: TemplateInput,
): Promise<TemplateOut> {
  renderTemplate(input, sampleData(type, language, ctx.workspace.name));
  await inTransaction(ctx, async (tx) => {
    await repo.upsertTemplate(tx, {
      id: newId(),
      type,
      language,
      companyBlock: input.companyBlock,
      intro: input.intro,
      footer: input.footer,
      bankAccounts: input.bankAccounts,
      logo: input.logo,
      amountInWords: input.amountInWords,
      updatedBy: tx.actor.userId,
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'billing_templates',
      recordId: null,
      changes: { template: [null, `${type}/${language}`] },
    });
  });
  return present(type, language, await templateFor(ctx, type, language));
}

/** A sample document rendered with the template, for the editor's preview. */
export async function previewTemplate(
  ctx: Ctx,
  type: DocumentType,
  language: Locale,
): Promise<Buffer> {
  const template = await templateFor(ctx, type, language);
  const data = sampleData(type, language, ctx.workspace.name);
  const rendered = renderTemplate(template, data);
  const now = new Date();
  return renderPdf(
    {
      workspaceId: ctx.workspace.id,
      id: newId(),
      type,
      status: 'issued',
      series: '',
      number: data.document.number,
      numberYear: 2026,
      numberSeq: 1,
      customerType: 'contacts',
      customerId: newId(),
      customerName: data.customer.name,
      customerDetails: { address: data.customer.address, vatId: data.customer.vatId },
      language,
      currency: ctx.workspace.currency,
      issueDate: data.document.issueDate,
      dueDate: data.document.dueDate,
      deliveryDate: data.document.deliveryDate,
      validUntil: data.document.validUntil,
      placeOfIssue: data.document.placeOfIssue,
      notes: null,
      paymentTermsDays: 15,
      netTotal: 100000,
      vatTotal: 22000,
      grossTotal: 122000,
      paidTotal: 0,
      costTotal: 0,
      costKnownNet: 0,
      lastPaidOn: null,
      vatBreakdown: [{ rate: '22', net: 100000, vat: 22000, gross: 122000 }],
      statusDates: {},
      sourceId: null,
      dealId: null,
      ownerId: null,
      searchText: '',
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: null,
      updatedBy: null,
      deletedAt: null,
    },
    [
      {
        workspaceId: ctx.workspace.id,
        id: newId(),
        documentId: newId(),
        position: 0,
        productId: null,
        description: 'Консалтинг / Consulting / Συμβουλευτική',
        quantity: '10.000',
        unit: 'h',
        unitPrice: 10000,
        unitCost: null,
        discountPercent: '0',
        vatRate: '22',
        net: 100000,
        vat: 22000,
        gross: 122000,
      },
    ],
    rendered,
  );
}
