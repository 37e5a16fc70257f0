/** SQL of the sales catalog. Every query is limited to the caller's workspace. */
import { and, asc, desc, eq, getTableColumns, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { buildListQuery, pageOf, type ListFields, type ListParams } from '../db/list-query.js';
import { companies, contacts } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import {
  customerDiscounts,
  exchangeRates,
  featureSeeds,
  priceListItems,
  priceLists,
  products,
  vatRates,
} from './tables.js';

export type VatRateRow = typeof vatRates.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type PriceListRow = typeof priceLists.$inferSelect;
export type DiscountRow = typeof customerDiscounts.$inferSelect;
/** A discount with its customer's name, as lists and forms show it. */
export type DiscountView = DiscountRow & { customerName: string | null };
export type ExchangeRateRow = typeof exchangeRates.$inferSelect;

/** Claims a one-time seed for the workspace; true when this call claimed it. */
export async function claimSeed(ctx: Ctx, name: string): Promise<boolean> {
  const rows = await ctx.db
    .insert(featureSeeds)
    .values({ workspaceId: ctx.workspace.id, name })
    .onConflictDoNothing()
    .returning({ name: featureSeeds.name });
  return rows.length > 0;
}

/**
 * Seeds found committed, by workspace and name: a seed is claimed once and never released, so a
 * seed seen stays true (the deal board asked the database on every request).
 */
const seedsSeen = new Set<string>();

export async function seedExists(ctx: Ctx, name: string): Promise<boolean> {
  const key = `${ctx.workspace.id} ${name}`;
  if (seedsSeen.has(key)) return true;
  const [row] = await ctx.db
    .select({ name: featureSeeds.name })
    .from(featureSeeds)
    .where(and(eq(featureSeeds.workspaceId, ctx.workspace.id), eq(featureSeeds.name, name)));
  // Outside a transaction only: what a transaction sees may still be rolled back.
  if (row && ctx.db === ctx.database.db) seedsSeen.add(key);
  return Boolean(row);
}

// VAT rates

export async function listVatRates(ctx: Ctx): Promise<VatRateRow[]> {
  return ctx.db
    .select()
    .from(vatRates)
    .where(eq(vatRates.workspaceId, ctx.workspace.id))
    .orderBy(asc(vatRates.position), desc(vatRates.rate));
}

export async function findVatRate(ctx: Ctx, id: string): Promise<VatRateRow | null> {
  const [row] = await ctx.db
    .select()
    .from(vatRates)
    .where(and(eq(vatRates.workspaceId, ctx.workspace.id), eq(vatRates.id, id)));
  return row ?? null;
}

export type VatRateInsert = Omit<typeof vatRates.$inferInsert, 'workspaceId'>;

export async function insertVatRates(ctx: Ctx, values: VatRateInsert[]): Promise<void> {
  if (values.length === 0) return;
  await ctx.db
    .insert(vatRates)
    .values(values.map((v) => ({ ...v, workspaceId: ctx.workspace.id })));
}

export async function updateVatRate(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<VatRateInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(vatRates)
    .set({ ...values, version: version + 1, updatedAt: sql`now()` })
    .where(
      and(
        eq(vatRates.workspaceId, ctx.workspace.id),
        eq(vatRates.id, id),
        eq(vatRates.version, version),
      ),
    )
    .returning({ id: vatRates.id });
  return rows.length > 0;
}

/** Only one default rate: clears the flag on every other rate. */
export async function clearDefaultVat(ctx: Ctx, exceptId: string): Promise<void> {
  await ctx.db
    .update(vatRates)
    .set({ isDefault: false, version: sql`${vatRates.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(vatRates.workspaceId, ctx.workspace.id),
        eq(vatRates.isDefault, true),
        sql`${vatRates.id} <> ${exceptId}::uuid`,
      ),
    );
}

// Products

export const productListFields: ListFields = {
  sku: { expr: products.sku, kind: 'text', sortable: true },
  name: { expr: sql`(${products.name}->>'en')`, kind: 'text', sortable: true, nullable: true },
  kind: { expr: products.kind, kind: 'enum', values: ['product', 'service'], sortable: true },
  unit: { expr: products.unit, kind: 'text', sortable: true },
  category: { expr: products.category, kind: 'text', sortable: true, nullable: true },
  price: { expr: products.price, kind: 'number', sortable: true },
  currency: { expr: products.currency, kind: 'text', sortable: true },
  vatRateId: { expr: products.vatRateId, kind: 'uuid', nullable: true },
  costPrice: { expr: products.costPrice, kind: 'number', sortable: true, nullable: true },
  active: { expr: products.active, kind: 'boolean', sortable: true },
  createdAt: { expr: products.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: products.updatedAt, kind: 'timestamp', sortable: true },
  deletedAt: { expr: products.deletedAt, kind: 'timestamp', sortable: true, nullable: true },
};

export async function listProducts(ctx: Ctx, params: ListParams) {
  const q = buildListQuery(params, productListFields, products);
  const rows = await ctx.db
    .select({ ...getTableColumns(products), sortValue: q.sortValue })
    .from(products)
    .where(and(eq(products.workspaceId, ctx.workspace.id), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

export async function findProduct(ctx: Ctx, id: string): Promise<ProductRow | null> {
  const [row] = await ctx.db
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, ctx.workspace.id), eq(products.id, id)));
  return row ?? null;
}

export async function findProducts(ctx: Ctx, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, ctx.workspace.id), inArray(products.id, ids)));
}

export async function skuTaken(ctx: Ctx, sku: string, exceptId: string | null): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.workspaceId, ctx.workspace.id),
        sql`lower(${products.sku}) = lower(${sku})`,
        isNull(products.deletedAt),
        exceptId ? sql`${products.id} <> ${exceptId}::uuid` : undefined,
      ),
    );
  return Boolean(row);
}

export type ProductInsert = Omit<typeof products.$inferInsert, 'workspaceId'>;

export async function insertProduct(ctx: Ctx, values: ProductInsert): Promise<void> {
  await ctx.db.insert(products).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function updateProduct(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<ProductInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(products)
    .set({ ...values, version: version + 1, updatedAt: sql`now()`, updatedBy: ctx.actor.userId })
    .where(
      and(
        eq(products.workspaceId, ctx.workspace.id),
        eq(products.id, id),
        eq(products.version, version),
      ),
    )
    .returning({ id: products.id });
  return rows.length > 0;
}

// Price lists

export async function listPriceLists(ctx: Ctx): Promise<PriceListRow[]> {
  return ctx.db
    .select()
    .from(priceLists)
    .where(and(eq(priceLists.workspaceId, ctx.workspace.id), isNull(priceLists.deletedAt)))
    .orderBy(asc(priceLists.name));
}

export async function findPriceList(ctx: Ctx, id: string): Promise<PriceListRow | null> {
  const [row] = await ctx.db
    .select()
    .from(priceLists)
    .where(
      and(
        eq(priceLists.workspaceId, ctx.workspace.id),
        eq(priceLists.id, id),
        isNull(priceLists.deletedAt),
      ),
    );
  return row ?? null;
}

export async function priceListItemsOf(
  ctx: Ctx,
  listIds: string[],
): Promise<(typeof priceListItems.$inferSelect)[]> {
  if (listIds.length === 0) return [];
  return ctx.db
    .select()
    .from(priceListItems)
    .where(
      and(
        eq(priceListItems.workspaceId, ctx.workspace.id),
        inArray(priceListItems.priceListId, listIds),
      ),
    );
}

export type PriceListInsert = Omit<typeof priceLists.$inferInsert, 'workspaceId'>;

export async function insertPriceList(ctx: Ctx, values: PriceListInsert): Promise<void> {
  await ctx.db.insert(priceLists).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function updatePriceList(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<PriceListInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(priceLists)
    .set({ ...values, version: version + 1, updatedAt: sql`now()` })
    .where(
      and(
        eq(priceLists.workspaceId, ctx.workspace.id),
        eq(priceLists.id, id),
        eq(priceLists.version, version),
      ),
    )
    .returning({ id: priceLists.id });
  return rows.length > 0;
}

export async function replacePriceListItems(
  ctx: Ctx,
  listId: string,
  items: { productId: string; price: number }[],
): Promise<void> {
  await ctx.db
    .delete(priceListItems)
    .where(
      and(eq(priceListItems.workspaceId, ctx.workspace.id), eq(priceListItems.priceListId, listId)),
    );
  if (items.length === 0) return;
  await ctx.db.insert(priceListItems).values(
    items.map((i) => ({
      workspaceId: ctx.workspace.id,
      priceListId: listId,
      productId: i.productId,
      price: i.price,
    })),
  );
}

/** Price-list prices of one product valid on a date in a currency, for the given groups. */
export async function candidatePrices(
  ctx: Ctx,
  productId: string,
  currency: string,
  on: string,
  groups: string[],
) {
  return ctx.db
    .select({
      priceListId: priceLists.id,
      customerGroup: priceLists.customerGroup,
      validFrom: priceLists.validFrom,
      price: priceListItems.price,
    })
    .from(priceListItems)
    .innerJoin(
      priceLists,
      and(
        eq(priceLists.workspaceId, priceListItems.workspaceId),
        eq(priceLists.id, priceListItems.priceListId),
      ),
    )
    .where(
      and(
        eq(priceListItems.workspaceId, ctx.workspace.id),
        eq(priceListItems.productId, productId),
        eq(priceLists.currency, currency),
        eq(priceLists.active, true),
        isNull(priceLists.deletedAt),
        or(isNull(priceLists.validFrom), lte(priceLists.validFrom, on)),
        or(isNull(priceLists.validTo), sql`${priceLists.validTo} >= ${on}::date`),
        groups.length
          ? or(isNull(priceLists.customerGroup), inArray(priceLists.customerGroup, groups))
          : isNull(priceLists.customerGroup),
      ),
    );
}

// Customer discounts

/**
 * Discounts with the customer's name joined in one query. The joins apply the caller's visibility
 * of companies and contacts: a customer the caller cannot see has no name.
 */
export async function listDiscounts(
  ctx: Ctx,
  filter: { id?: string; companyId?: string | undefined; contactId?: string | undefined },
): Promise<DiscountView[]> {
  return ctx.db
    .select({
      ...getTableColumns(customerDiscounts),
      customerName: sql<
        string | null
      >`coalesce(${companies.name}, nullif(trim(${contacts.firstName} || ' ' || ${contacts.lastName}), ''))`,
    })
    .from(customerDiscounts)
    .leftJoin(
      companies,
      and(scopeTo(ctx, companies), eq(companies.id, customerDiscounts.companyId)),
    )
    .leftJoin(contacts, and(scopeTo(ctx, contacts), eq(contacts.id, customerDiscounts.contactId)))
    .where(
      and(
        eq(customerDiscounts.workspaceId, ctx.workspace.id),
        filter.id ? eq(customerDiscounts.id, filter.id) : undefined,
        filter.companyId ? eq(customerDiscounts.companyId, filter.companyId) : undefined,
        filter.contactId ? eq(customerDiscounts.contactId, filter.contactId) : undefined,
      ),
    )
    .orderBy(asc(customerDiscounts.createdAt));
}

export async function findDiscount(ctx: Ctx, id: string): Promise<DiscountView | null> {
  const [row] = await listDiscounts(ctx, { id });
  return row ?? null;
}

/** Discounts of a customer (company and/or contact) valid on a date. */
export async function discountsFor(
  ctx: Ctx,
  companyId: string | null,
  contactId: string | null,
  on: string,
): Promise<DiscountRow[]> {
  const who = [
    companyId ? eq(customerDiscounts.companyId, companyId) : undefined,
    contactId ? eq(customerDiscounts.contactId, contactId) : undefined,
  ].filter(Boolean);
  if (who.length === 0) return [];
  return ctx.db
    .select()
    .from(customerDiscounts)
    .where(
      and(
        eq(customerDiscounts.workspaceId, ctx.workspace.id),
        or(...who),
        or(isNull(customerDiscounts.validFrom), lte(customerDiscounts.validFrom, on)),
        or(isNull(customerDiscounts.validTo), sql`${customerDiscounts.validTo} >= ${on}::date`),
      ),
    );
}

export type DiscountInsert = Omit<typeof customerDiscounts.$inferInsert, 'workspaceId'>;

export async function insertDiscount(ctx: Ctx, values: DiscountInsert): Promise<void> {
  await ctx.db.insert(customerDiscounts).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function updateDiscount(
  ctx: Ctx,
  id: string,
  values: Partial<DiscountInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(customerDiscounts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(customerDiscounts.workspaceId, ctx.workspace.id), eq(customerDiscounts.id, id)))
    .returning({ id: customerDiscounts.id });
  return rows.length > 0;
}

export async function deleteDiscount(ctx: Ctx, id: string): Promise<DiscountRow | null> {
  const [row] = await ctx.db
    .delete(customerDiscounts)
    .where(and(eq(customerDiscounts.workspaceId, ctx.workspace.id), eq(customerDiscounts.id, id)))
    .returning();
  return row ?? null;
}

// Exchange rates

export async function listExchangeRates(ctx: Ctx): Promise<ExchangeRateRow[]> {
  return ctx.db
    .select()
    .from(exchangeRates)
    .where(eq(exchangeRates.workspaceId, ctx.workspace.id))
    .orderBy(asc(exchangeRates.currency), desc(exchangeRates.validOn));
}

export async function deleteExchangeRate(
  ctx: Ctx,
  currency: string,
  validOn: string,
): Promise<boolean> {
  const rows = await ctx.db
    .delete(exchangeRates)
    .where(
      and(
        eq(exchangeRates.workspaceId, ctx.workspace.id),
        eq(exchangeRates.currency, currency),
        eq(exchangeRates.validOn, validOn),
      ),
    )
    .returning({ currency: exchangeRates.currency });
  return rows.length > 0;
}

export async function upsertExchangeRate(
  ctx: Ctx,
  values: { currency: string; validOn: string; rate: string },
): Promise<void> {
  await ctx.db
    .insert(exchangeRates)
    .values({ ...values, workspaceId: ctx.workspace.id, source: 'manual' })
    .onConflictDoUpdate({
      target: [exchangeRates.workspaceId, exchangeRates.currency, exchangeRates.validOn],
      set: { rate: values.rate, source: 'manual' },
    });
}

/** The latest rate of each currency valid on a date. */
export async function ratesOn(ctx: Ctx, on: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .selectDistinctOn([exchangeRates.currency], {
      currency: exchangeRates.currency,
      rate: exchangeRates.rate,
    })
    .from(exchangeRates)
    .where(and(eq(exchangeRates.workspaceId, ctx.workspace.id), lte(exchangeRates.validOn, on)))
    .orderBy(asc(exchangeRates.currency), desc(exchangeRates.validOn));
  return new Map(rows.map((r) => [r.currency, Number(r.rate)]));
}
