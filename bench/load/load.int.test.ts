/**
 * The bulk loader writes invoices exactly as the billing service would: the service reads them
 * back with the same totals, customer finance adds up, and the next invoice issued through the
 * application continues the numbering.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineAmounts } from '../../common/billing/totals.js';
import { queryRows, type Database } from '../../server/db/connection.js';
import { customerFinance, createPayment } from '../../server/billing/payments.js';
import {
  createDocument,
  formatNumber,
  getDocument,
  issueDocument,
  totalsOf,
} from '../../server/billing/service.js';
import { listProducts } from '../../server/catalog/service.js';
import type { Ctx } from '../../server/platform/context.js';
import { createTestDatabase } from '../../server/test-support/database.js';
import { createWorkspace } from '../../server/workspaces/service.js';
import { SyntheticCompany } from '../synthetic/generator.js';
import { loadSynthetic, type LoadResult } from './load.js';

const SEED = 4242;
const gen = new SyntheticCompany(SEED, 0.0005);
let database: Database;
let ctx: Ctx;
let result: LoadResult;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ ctx } = await createWorkspace(
    database,
    {
      workspaceName: 'Load d.o.o.',
      locale: 'sl',
      currency: 'EUR',
      country: 'SI',
      name: 'Load Admin',
      email: `load-${Date.now()}@example.com`,
      password: 'load password 1',
    },
    { firstOnly: false },
  ));
  // Invoices the workspace numbered before (a demo refill): the loaded ones continue after them.
  await database.db.execute(
    sql`insert into billing_sequences (workspace_id, type, series, year, last_number)
        values (${ctx.workspace.id}, 'invoice', '', 2023, 100)`,
  );
  result = await loadSynthetic(database, {
    gen,
    seed: SEED,
    ctx,
    bulk: true,
    userPassword: 'load password 1',
  });
});
afterAll(async () => database.close());

const rowsOf = (table: string) => result.loaded.find((t) => t.table === table)?.rows ?? 0;

describe('synthetic load: products and invoices', () => {
  it('loads the catalog and every invoice with its lines, payments and timeline entries', async () => {
    expect(result.skipped).toEqual([]);
    expect(rowsOf('products')).toBe(gen.counts.products);
    expect(rowsOf('billing_documents')).toBe(gen.invoiceCount);
    expect(rowsOf('billing_document_lines')).toBe(gen.counts.invoiceLines);
    expect(rowsOf('billing_payments')).toBeGreaterThan(gen.invoiceCount / 2);
    expect(rowsOf('billing_payment_allocations')).toBe(rowsOf('billing_payments'));

    const products = await listProducts(ctx, { limit: '5' });
    expect(products.rows.length).toBe(5);
    expect(products.rows[0]?.vatRateId).toBeTruthy();

    const statuses = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`select status, count(*)::int as n from billing_documents group by status`,
    );
    expect(new Set(statuses.map((s) => s.status))).toEqual(
      new Set(['paid', 'issued', 'partially_paid', 'cancelled']),
    );
    const years = await queryRows<{ year: number; first: number; last: number; n: number }>(
      database.db,
      sql`select number_year as year, min(number_seq)::int as first, max(number_seq)::int as last,
                 count(distinct number_seq)::int as n
            from billing_documents group by number_year order by 1`,
    );
    expect(years.map((y) => y.year)).toContain(2023);
    for (const y of years) {
      const first = y.year === 2023 ? 101 : 1;
      expect(y.first).toBe(first);
      // Gap-free and unique within the year.
      expect(y.last - first + 1).toBe(y.n);
    }
    const [timeline] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from activities where kind = 'document_issued'`,
    );
    expect(timeline?.n).toBe(gen.invoiceCount);
  });

  it('stores the totals the billing service computes from the lines', async () => {
    const ids = await queryRows<{ id: string }>(
      database.db,
      sql`select id from billing_documents order by id limit 20`,
    );
    for (const { id } of ids) {
      const { document, lines } = await getDocument(ctx, id, 'invoices');
      const inputs = lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unitPrice,
        unitCost: l.unitCost,
        discountPercent: l.discountPercent,
        vatRate: l.vatRate,
      }));
      for (const [i, line] of lines.entries()) {
        const expected = lineAmounts(inputs[i] as (typeof inputs)[number]);
        expect({ net: line.net, vat: line.vat, gross: line.gross }).toEqual(expected);
      }
      const totals = totalsOf(inputs);
      expect({
        netTotal: document.netTotal,
        vatTotal: document.vatTotal,
        grossTotal: document.grossTotal,
        vatBreakdown: document.vatBreakdown,
        costTotal: document.costTotal,
        costKnownNet: document.costKnownNet,
      }).toEqual(totals);
      expect(document.number).toBe(
        formatNumber('invoice', '', document.numberYear ?? 0, document.numberSeq ?? 0),
      );
      expect(document.paidTotal).toBeLessThanOrEqual(document.grossTotal);
    }
  });

  it("adds up in the biggest customer's finance figures", async () => {
    const [big] = await queryRows<{ customer_id: string }>(
      database.db,
      sql`select customer_id from billing_documents group by customer_id
           order by count(*) desc limit 1`,
    );
    const customerId = big?.customer_id ?? '';
    const [sums] = await queryRows<{ invoiced: number; open: number; paid: number }>(
      database.db,
      sql`select coalesce(sum(gross_total), 0)::bigint as invoiced,
                 coalesce(sum(gross_total - paid_total), 0)::bigint as open,
                 coalesce(sum(paid_total), 0)::bigint as paid
            from billing_documents where customer_id = ${customerId} and status <> 'cancelled'`,
    );
    const finance = await customerFinance(ctx, 'companies', customerId);
    expect(finance.invoicedTotal).toBe(Number(sums?.invoiced));
    expect(finance.balance).toBe(Number(sums?.open));
    expect(finance.paidTotal).toBe(Number(sums?.paid));
    expect(finance.margin).not.toBeNull();
    expect(finance.lastPurchaseOn).not.toBeNull();
  });

  it('lets the application pay a loaded invoice and continue its numbering', async () => {
    const [open] = await queryRows<{ id: string; customer_id: string; open: number }>(
      database.db,
      sql`select id, customer_id, (gross_total - paid_total)::bigint as open
            from billing_documents where status = 'issued' order by id limit 1`,
    );
    expect(open).toBeDefined();
    const payment = await createPayment(ctx, {
      paidOn: '2026-12-01',
      amount: Number(open?.open),
      currency: 'EUR',
      method: 'bank_transfer',
      reference: null,
      notes: null,
      allocations: [{ documentId: open?.id ?? '', amount: Number(open?.open) }],
      advance: false,
    });
    expect(payment.allocations).toHaveLength(1);
    expect((await getDocument(ctx, open?.id ?? '')).document.status).toBe('paid');

    const [last] = await queryRows<{ seq: number }>(
      database.db,
      sql`select max(number_seq)::int as seq from billing_documents where number_year = 2026`,
    );
    const draft = await createDocument(ctx, 'invoices', {
      customerType: 'companies',
      customerId: open?.customer_id ?? '',
      issueDate: '2026-12-02',
      lines: [
        {
          description: 'Servis',
          quantity: '1',
          unit: 'h',
          unitPrice: 6500,
          discountPercent: '0',
          vatRate: '22',
        },
      ],
    });
    const issued = await issueDocument(ctx, 'invoices', draft.document.id);
    expect(issued.document.number).toBe(formatNumber('invoice', '', 2026, (last?.seq ?? 0) + 1));
  });
});

describe('synthetic load: search words', () => {
  it('fills the words index of the loaded records and builds its btree again', async () => {
    const [recount] = await queryRows<{ words: number; indexed: number }>(
      database.db,
      sql`select
            (select count(*)::int from contacts c cross join lateral (
               select distinct u from regexp_split_to_table(c.search_text, '[0-9 ]+') u
               where length(u) > 1) w
             where c.workspace_id = ${ctx.workspace.id} and c.deleted_at is null) as words,
            (select count(*)::int from search_words
             where workspace_id = ${ctx.workspace.id} and record_type = 'contacts') as indexed`,
    );
    expect(recount?.words).toBeGreaterThan(0);
    expect(recount?.indexed).toBe(recount?.words);
    const indexes = await queryRows<{ name: string }>(
      database.db,
      sql`select indexname as name from pg_indexes where tablename = 'search_words'`,
    );
    expect(indexes.map((i) => i.name)).toContain('search_words_word_idx');
  });
});
