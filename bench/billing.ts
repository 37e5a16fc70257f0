/**
 * Billing benchmark (issue 7): the customer finance call (`GET /customers/:type/:id/finance`,
 * which the call-center screen pop reuses) for a customer with many invoices among many other
 * customers' invoices, and PDF generation time.
 *
 *   npm run bench:billing -- --engine pglite --invoices 1000 --others 50
 *   npm run bench:billing -- --engine postgres --invoices 1000 --others 200
 *
 * Loads the documents with set-based SQL (issued invoices, three lines each, four in five paid,
 * some late), then prints p50/p95 of the finance call through the service layer and of PDF
 * rendering of a 20-line invoice.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Engine } from '../server/db/connection.js';
import { createContact } from '../server/contacts/service.js';
import { customerFinance } from '../server/billing/payments.js';
import { createDocument, documentPdf, issueDocument } from '../server/billing/service.js';
import { createTestDatabase } from '../server/test-support/database.js';
import { createWorkspace } from '../server/workspaces/service.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    invoices: { type: 'string', default: '1000' },
    others: { type: 'string', default: '50' },
    runs: { type: 'string', default: '200' },
  },
});
const engine = args.engine as Engine;
const INVOICES = Number(args.invoices);
const OTHERS = Number(args.others);
const RUNS = Number(args.runs);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const ms = (v: number) => `${v.toFixed(2)} ms`;

async function main(): Promise<void> {
  const database = await createTestDatabase(engine);
  try {
    const { ctx } = await createWorkspace(
      database,
      {
        workspaceName: 'Bench d.o.o.',
        locale: 'sl',
        currency: 'EUR',
        country: 'SI',
        name: 'Bench Admin',
        email: `bench-${Date.now()}@example.com`,
        password: 'correct horse battery',
      },
      { firstOnly: false },
    );
    const customers = [];
    for (let i = 0; i <= OTHERS; i += 1)
      customers.push(await createContact(ctx, { firstName: 'Јована', lastName: `Јовановић ${i}` }));
    const target = customers[0];
    if (!target) throw new Error('no customer');

    const started = performance.now();
    for (const [index, customer] of customers.entries()) {
      // Set-based load: invoices, their lines, payments and allocations of one customer.
      await ctx.db.execute(sql`
        insert into billing_documents (workspace_id, id, type, status, series, number, number_year,
          number_seq, customer_type, customer_id, customer_name, language, currency, issue_date,
          due_date, payment_terms_days, net_total, vat_total, gross_total, paid_total,
          cost_total, cost_known_net, last_paid_on, vat_breakdown, status_dates)
        select ${ctx.workspace.id}, gen_random_uuid(), 'invoice',
          case when g % 5 = 0 then 'issued' else 'paid' end, ${`S${index}`}, 'INV-' || g, 2026, g,
          'contacts', ${customer.id}, 'Jovana', 'sl', 'EUR',
          date '2024-01-01' + (g % 700), date '2024-01-01' + (g % 700) + 15, 15,
          10000, 2200, 12200, case when g % 5 = 0 then 0 else 12200 end, 6000, 9999,
          case when g % 5 = 0 then null else date '2024-01-01' + (g % 700) + (g % 30) end,
          '[{"rate":"22","net":10000,"vat":2200,"gross":12200}]'::jsonb, '{}'::jsonb
        from generate_series(1, ${INVOICES}) g`);
      await ctx.db.execute(sql`
        insert into billing_document_lines (workspace_id, id, document_id, position, description,
          quantity, unit, unit_price, unit_cost, net, vat, gross)
        select d.workspace_id, gen_random_uuid(), d.id, p, 'Line ' || p, 1, 'pcs', 3334, 2000,
          3333, 733, 4066
        from billing_documents d cross join generate_series(0, 2) p
        where d.workspace_id = ${ctx.workspace.id} and d.customer_id = ${customer.id}`);
      await ctx.db.execute(sql`
        insert into billing_payments (workspace_id, id, customer_type, customer_id, paid_on,
          amount, currency, method, unallocated)
        select d.workspace_id, md5(d.id::text || 'p')::uuid, 'contacts', d.customer_id,
          d.last_paid_on, 12200, 'EUR', 'bank_transfer', 0
        from billing_documents d
        where d.workspace_id = ${ctx.workspace.id} and d.customer_id = ${customer.id}
          and d.status = 'paid'`);
      await ctx.db.execute(sql`
        insert into billing_payment_allocations (workspace_id, id, payment_id, document_id, amount)
        select d.workspace_id, md5(d.id::text || 'a')::uuid, md5(d.id::text || 'p')::uuid, d.id,
          12200
        from billing_documents d
        where d.workspace_id = ${ctx.workspace.id} and d.customer_id = ${customer.id}
          and d.status = 'paid'`);
    }
    await ctx.db.execute(sql`analyze`);
    const [count] = await queryRows<{ n: number }>(
      ctx.db,
      sql`select count(*)::int as n from billing_documents`,
    );
    console.log(
      `billing bench on ${engine}: ${count?.n ?? 0} invoices (${INVOICES} for the measured ` +
        `customer, ${OTHERS} other customers), loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    for (let i = 0; i < 20; i += 1) await customerFinance(ctx, 'contacts', target.id);
    const times: number[] = [];
    const cpu: number[] = [];
    let figures = await customerFinance(ctx, 'contacts', target.id);
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      figures = await customerFinance(ctx, 'contacts', target.id);
      const c1 = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
    console.log(
      `finance (${RUNS} calls): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, ` +
        `max ${ms(Math.max(...times))} — balance ${figures.balance}, overdue ${figures.overdueAmount}, ` +
        `late ${figures.latePayments}, avg days ${figures.averageDaysToPay}`,
    );
    // On PGlite the database runs in this process, so its CPU time is the call's cost without
    // the waiting that other processes on a busy machine add to the wall-clock figures.
    if (engine === 'pglite')
      console.log(
        `finance CPU time of this process: p50 ${ms(percentile(cpu, 50))}, p95 ${ms(percentile(cpu, 95))}`,
      );

    if (process.env.BENCH_PROFILE) {
      const plan = await queryRows<Record<string, string>>(
        ctx.db,
        sql`explain analyze select count(*), sum(gross_total), max(last_paid_on) from billing_documents
          where workspace_id = ${ctx.workspace.id} and customer_type = 'contacts'
          and customer_id = ${target.id} and currency = 'EUR' and deleted_at is null
          and number_seq is not null and type in ('invoice', 'credit_note') and status <> 'cancelled'`,
      );
      console.log(plan.map((r) => Object.values(r).join(' ')).join('\n'));
      const repo = await import('../server/billing/repository.js');
      const parts: Record<string, () => Promise<unknown>> = {
        customer: () => repo.findCustomer(ctx, 'contacts', target.id),
        terms: () => repo.findTerms(ctx, 'contacts', target.id),
        figures: () => repo.financeFigures(ctx, 'contacts', target.id, 'EUR', '2026-12-03'),
        recent: () => repo.recentDocuments(ctx, 'contacts', target.id, 10),
      };
      for (const [name, run] of Object.entries(parts)) {
        const t: number[] = [];
        for (let i = 0; i < 100; i += 1) {
          const t0 = performance.now();
          await run();
          t.push(performance.now() - t0);
        }
        console.log(`  ${name}: p50 ${ms(percentile(t, 50))} p95 ${ms(percentile(t, 95))}`);
      }
    }
    // The figures query before the kept columns (lines and allocations joined on every read),
    // against the current one, by CPU time of this process (PGlite) or wall time (PostgreSQL).
    const ws = ctx.workspace.id;
    const legacy = sql`
      with docs as (
        select id, type, status, gross_total, net_total, paid_total, due_date, issue_date
        from billing_documents
        where workspace_id = ${ws} and customer_type = 'contacts' and customer_id = ${target.id}
          and deleted_at is null and number_seq is not null and currency = 'EUR'
          and type in ('invoice', 'credit_note') and status <> 'cancelled'),
      paid_dates as (
        select a.document_id, max(p.paid_on) as paid_on from billing_payment_allocations a
        join billing_payments p on p.workspace_id = a.workspace_id and p.id = a.payment_id
        where a.workspace_id = ${ws} and a.document_id in (select id from docs where type = 'invoice')
        group by a.document_id),
      costs as (
        select coalesce(sum(l.net) filter (where l.unit_cost is not null), 0)::bigint as known_net,
               coalesce(sum(round(l.unit_cost * l.quantity)) filter (where l.unit_cost is not null), 0)::bigint as cost
        from billing_document_lines l
        where l.workspace_id = ${ws} and l.document_id in (select id from docs where type = 'invoice'))
      select sum(gross_total), (select known_net from costs), (select cost from costs),
        (select avg(pd.paid_on - docs.issue_date)::float8 from docs join paid_dates pd on pd.document_id = docs.id where docs.status = 'paid'),
        (select count(*)::int from docs join paid_dates pd on pd.document_id = docs.id where docs.status = 'paid' and pd.paid_on > docs.due_date)
      from docs`;
    const repo = await import('../server/billing/repository.js');
    const compare: Record<string, () => Promise<unknown>> = {
      'figures query before (joins lines and allocations)': () => queryRows(ctx.db, legacy),
      'figures query now (kept columns, covering index)': () =>
        repo.financeFigures(ctx, 'contacts', target.id, 'EUR', '2026-12-03'),
    };
    for (const [name, run] of Object.entries(compare)) {
      const wall: number[] = [];
      const own: number[] = [];
      for (let i = 0; i < 100; i += 1) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await run();
        const c1 = process.cpuUsage(c0);
        wall.push(performance.now() - t0);
        own.push((c1.user + c1.system) / 1000);
      }
      console.log(
        `${name}: wall p50 ${ms(percentile(wall, 50))} p95 ${ms(percentile(wall, 95))}` +
          (engine === 'pglite'
            ? `, CPU p50 ${ms(percentile(own, 50))} p95 ${ms(percentile(own, 95))}`
            : ''),
      );
    }

    const lines = Array.from({ length: 20 }, (_, i) => ({
      description: `Услуга ${i + 1} — Υπηρεσία — storitev`,
      quantity: String(1 + (i % 4)),
      unit: 'h',
      unitPrice: 4500 + i * 10,
      discountPercent: '0',
      vatRate: i % 2 ? '22' : '9.5',
    }));
    const draft = await createDocument(ctx, 'invoices', {
      customerType: 'contacts',
      customerId: target.id,
      lines,
    });
    await issueDocument(ctx, 'invoices', draft.document.id);
    const pdfTimes: number[] = [];
    let size = 0;
    for (let i = 0; i < 20; i += 1) {
      const t0 = performance.now();
      size = (await documentPdf(ctx, 'invoices', draft.document.id)).pdf.length;
      pdfTimes.push(performance.now() - t0);
    }
    console.log(
      `pdf (20-line invoice, 20 renders): p50 ${ms(percentile(pdfTimes, 50))}, ` +
        `p95 ${ms(percentile(pdfTimes, 95))}, ${Math.round(size / 1024)} kB`,
    );
  } finally {
    await database.close();
  }
}

await main();
