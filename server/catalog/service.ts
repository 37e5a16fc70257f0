/** Rules of the sales catalog: VAT rates, products, price lists, discounts, exchange rates. */
import { localized } from '../../common/records.js';
import { searchDocument } from '../../common/search/normalize.js';
import { parseListQuery } from '../db/list-query.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findHeads, referenceExists } from '../records/repository.js';
import { defaultVatRates } from './defaults.js';
import * as repo from './repository.js';
import { hasCustomer, missingCustomer } from './schema.js';
import type {
  DiscountCreateInput,
  DiscountUpdateInput,
  ExchangeRateInput,
  PriceListCreateInput,
  PriceListUpdateInput,
  PriceQuery,
  ProductCreateInput,
  ProductUpdateInput,
  VatRateCreateInput,
  VatRateUpdateInput,
} from './schema.js';

const VAT_SEED = 'vat_rates';

/** A row just written or read back; absent only if it vanished meanwhile (404). */
function found<T>(row: T | null | undefined): T {
  if (row === null || row === undefined) throw AppError.notFound();
  return row;
}

/** Creates the workspace's default VAT rates (by its country) once; later edits stick. */
export async function ensureVatDefaults(ctx: Ctx): Promise<void> {
  if (await repo.seedExists(ctx, VAT_SEED)) return;
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.claimSeed(tx, VAT_SEED))) return;
    const defaults = defaultVatRates(tx.workspace.country);
    await repo.insertVatRates(
      tx,
      defaults.map((d, index) => ({
        id: newId(),
        name: d.name,
        rate: d.rate.toFixed(3),
        kind: d.kind,
        country: tx.workspace.country,
        isDefault: index === 0,
        active: true,
        position: index,
      })),
    );
  });
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

// VAT rates

export async function listVatRates(ctx: Ctx): Promise<repo.VatRateRow[]> {
  await ensureVatDefaults(ctx);
  return repo.listVatRates(ctx);
}

/** The VAT rate a line or product points at; a rate that does not exist names the field. */
export async function requireVatRate(ctx: Ctx, id: string, path: string): Promise<repo.VatRateRow> {
  await ensureVatDefaults(ctx);
  const row = await repo.findVatRate(ctx, id);
  if (!row) throw AppError.invalid(path, 'products:errors.unknown_vat_rate');
  return row;
}

/** The workspace's default VAT rate (after seeding), or null when none is marked. */
export async function defaultVatRate(ctx: Ctx): Promise<repo.VatRateRow | null> {
  const all = await listVatRates(ctx);
  return all.find((r) => r.isDefault && r.active) ?? null;
}

const VAT_AUDITED = ['name', 'rate', 'kind', 'country', 'isDefault', 'active', 'position'] as const;

export async function createVatRate(ctx: Ctx, input: VatRateCreateInput): Promise<repo.VatRateRow> {
  await ensureVatDefaults(ctx);
  return inTransaction(ctx, async (tx) => {
    const existing = await repo.listVatRates(tx);
    const id = newId();
    const values = {
      id,
      name: input.name,
      rate: input.rate.toFixed(3),
      kind: input.kind,
      country: input.country ?? tx.workspace.country,
      isDefault: input.isDefault,
      active: input.active,
      position: input.position ?? existing.length,
    };
    await repo.insertVatRates(tx, [values]);
    if (values.isDefault) await repo.clearDefaultVat(tx, id);
    await recordAudit(tx, {
      action: 'create',
      object: 'vat_rates',
      recordId: id,
      changes: diffFields({}, { ...values, rate: input.rate }, VAT_AUDITED),
    });
    return found(await repo.findVatRate(tx, id));
  });
}

export async function updateVatRate(
  ctx: Ctx,
  id: string,
  input: VatRateUpdateInput,
  expectedVersion: number | null,
): Promise<repo.VatRateRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findVatRate(tx, id);
    if (!before) throw AppError.notFound();
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const values = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.rate !== undefined ? { rate: input.rate.toFixed(3) } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.country !== undefined ? { country: input.country } : {}),
      ...(input.isDefault !== undefined ? { isDefault: input.isDefault } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    };
    const changes = diffFields(
      { ...before, rate: Number(before.rate) },
      { ...before, ...values, rate: Number(values.rate ?? before.rate) },
      VAT_AUDITED,
    );
    if (Object.keys(changes).length === 0) return before;
    if (!(await repo.updateVatRate(tx, id, before.version, values)))
      throw new AppError('version_conflict');
    if (values.isDefault) await repo.clearDefaultVat(tx, id);
    await recordAudit(tx, { action: 'update', object: 'vat_rates', recordId: id, changes });
    return found(await repo.findVatRate(tx, id));
  });
}

// Products

/** Fields whose changes are audited (the bulk loader writes the same create row). */
export const PRODUCT_AUDITED = [
  'sku',
  'name',
  'description',
  'kind',
  'unit',
  'category',
  'price',
  'currency',
  'vatRateId',
  'costPrice',
  'active',
] as const;

export function productSearchText(p: {
  sku: string;
  name: Record<string, string | undefined>;
  category: string | null;
  description: string | null;
}): string {
  return searchDocument([
    p.sku,
    ...Object.values(p.name),
    p.category,
    p.description?.slice(0, 500) ?? null,
  ]);
}

export async function getProduct(ctx: Ctx, id: string): Promise<repo.ProductRow> {
  const row = await repo.findProduct(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function listProducts(ctx: Ctx, query: Record<string, unknown>) {
  const params = parseListQuery(query, repo.productListFields, { sort: 'sku' }, ctx.actor.userId);
  return { ...(await repo.listProducts(ctx, params)), fields: params.fields };
}

export async function createProduct(ctx: Ctx, input: ProductCreateInput): Promise<repo.ProductRow> {
  return inTransaction(ctx, async (tx) => {
    if (await repo.skuTaken(tx, input.sku, null))
      throw AppError.invalid('sku', 'products:errors.sku_taken');
    const vatRateId =
      input.vatRateId === undefined ? ((await defaultVatRate(tx))?.id ?? null) : input.vatRateId;
    if (vatRateId) await requireVatRate(tx, vatRateId, 'vatRateId');
    const values = {
      id: newId(),
      sku: input.sku,
      name: input.name,
      description: input.description ?? null,
      kind: input.kind,
      unit: input.unit,
      category: input.category ?? null,
      price: input.price,
      currency: input.currency ?? tx.workspace.currency,
      vatRateId,
      costPrice: input.costPrice ?? null,
      active: input.active,
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    };
    await repo.insertProduct(tx, { ...values, searchText: productSearchText(values) });
    await recordAudit(tx, {
      action: 'create',
      object: 'products',
      recordId: values.id,
      changes: diffFields({}, values, PRODUCT_AUDITED),
    });
    return getProduct(tx, values.id);
  });
}

export async function updateProduct(
  ctx: Ctx,
  id: string,
  input: ProductUpdateInput,
  expectedVersion: number | null,
): Promise<repo.ProductRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await getProduct(tx, id);
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    if (input.sku !== undefined && (await repo.skuTaken(tx, input.sku, id)))
      throw AppError.invalid('sku', 'products:errors.sku_taken');
    if (input.vatRateId) await requireVatRate(tx, input.vatRateId, 'vatRateId');
    const after = {
      sku: input.sku ?? before.sku,
      name: input.name ?? before.name,
      description: input.description === undefined ? before.description : input.description,
      kind: input.kind ?? before.kind,
      unit: input.unit ?? before.unit,
      category: input.category === undefined ? before.category : input.category,
      price: input.price ?? before.price,
      currency: input.currency ?? before.currency,
      vatRateId: input.vatRateId === undefined ? before.vatRateId : input.vatRateId,
      costPrice: input.costPrice === undefined ? before.costPrice : input.costPrice,
      active: input.active ?? before.active,
    };
    const changes = diffFields(before, after, PRODUCT_AUDITED);
    if (Object.keys(changes).length === 0) return before;
    if (
      !(await repo.updateProduct(tx, id, before.version, {
        ...after,
        searchText: productSearchText(after),
      }))
    )
      throw new AppError('version_conflict');
    await recordAudit(tx, { action: 'update', object: 'products', recordId: id, changes });
    return getProduct(tx, id);
  });
}

export async function setProductDeleted(ctx: Ctx, id: string, deleted: boolean): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await getProduct(tx, id);
    if (deleted && before.deletedAt) throw AppError.notFound();
    if (!deleted && !before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.not_deleted' }]);
    if (!deleted && (await repo.skuTaken(tx, before.sku, id)))
      throw AppError.invalid('sku', 'products:errors.sku_taken');
    await repo.updateProduct(tx, id, before.version, { deletedAt: deleted ? new Date() : null });
    await recordAudit(tx, {
      action: deleted ? 'delete' : 'restore',
      object: 'products',
      recordId: id,
    });
  });
}

export function productName(ctx: Ctx, row: repo.ProductRow): string {
  return localized(row.name, ctx.locale);
}

// Exchange rates

export async function listExchangeRates(ctx: Ctx) {
  return repo.listExchangeRates(ctx);
}

export async function setExchangeRate(ctx: Ctx, input: ExchangeRateInput): Promise<void> {
  if (input.currency === ctx.workspace.currency)
    throw AppError.invalid('currency', 'products:errors.rate_for_workspace_currency');
  await inTransaction(ctx, async (tx) => {
    await repo.upsertExchangeRate(tx, {
      currency: input.currency,
      validOn: input.validOn,
      rate: input.rate.toFixed(8),
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'exchange_rates',
      recordId: null,
      changes: { [`${input.currency}@${input.validOn}`]: [null, input.rate] },
    });
  });
}

export async function deleteExchangeRate(
  ctx: Ctx,
  currency: string,
  validOn: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.deleteExchangeRate(tx, currency, validOn))) throw AppError.notFound();
    await recordAudit(tx, {
      action: 'delete',
      object: 'exchange_rates',
      recordId: null,
      changes: { [`${currency}@${validOn}`]: [null, null] },
    });
  });
}

/** Converts minor units between currencies through the workspace currency; null without a rate. */
export function convertMinor(
  amount: number,
  from: string,
  to: string,
  workspaceCurrency: string,
  rates: Map<string, number>,
): number | null {
  if (from === to) return amount;
  const toBase = from === workspaceCurrency ? 1 : rates.get(from);
  const fromBase = to === workspaceCurrency ? 1 : rates.get(to);
  if (!toBase || !fromBase) return null;
  return Math.round((amount * toBase) / fromBase);
}

// Prices

async function customerGroups(
  ctx: Ctx,
  companyId: string | null,
  contactId: string | null,
): Promise<string[]> {
  const groups = new Set<string>();
  if (companyId) {
    const [head] = await findHeads(ctx, 'companies', [companyId]);
    if (!head || head.deletedAt) throw AppError.invalid('companyId', 'field.invalid_reference');
    head.tags.forEach((t) => groups.add(t));
  }
  if (contactId) {
    const [head] = await findHeads(ctx, 'contacts', [contactId]);
    if (!head || head.deletedAt) throw AppError.invalid('contactId', 'field.invalid_reference');
    head.tags.forEach((t) => groups.add(t));
  }
  return [...groups];
}

export interface ResolvedPrice {
  productId: string;
  currency: string;
  unitPrice: number;
  source: 'price_list' | 'product' | 'converted';
  priceListId: string | null;
  discountPercent: number;
  discountId: string | null;
  vatRateId: string | null;
  vatRate: number | null;
}

/**
 * The price a customer pays for a product on a date, in a currency:
 * 1. an active price list in that currency valid on the date — a list for one of the customer's
 *    groups (tags of the company/contact) before a general one, then the latest `validFrom`;
 * 2. otherwise the product's default price (converted through exchange rates when the currency
 *    differs);
 * plus the customer's discount: product-specific before category before catalog-wide, highest
 * percent within the same level.
 */
export async function resolvePrice(
  ctx: Ctx,
  productId: string,
  query: PriceQuery,
  productPath = 'productId',
): Promise<ResolvedPrice> {
  const product = await repo.findProduct(ctx, productId);
  if (!product || product.deletedAt)
    throw AppError.invalid(productPath, 'products:errors.unknown_product');
  const currency = query.currency ?? product.currency;
  const on = query.on ?? today();
  const companyId = query.companyId ?? null;
  const contactId = query.contactId ?? null;
  const groups = await customerGroups(ctx, companyId, contactId);

  const candidates = await repo.candidatePrices(ctx, productId, currency, on, groups);
  candidates.sort(
    (a, b) =>
      Number(Boolean(b.customerGroup)) - Number(Boolean(a.customerGroup)) ||
      (b.validFrom ?? '').localeCompare(a.validFrom ?? ''),
  );
  let unitPrice: number;
  let source: ResolvedPrice['source'];
  let priceListId: string | null = null;
  const best = candidates[0];
  if (best) {
    unitPrice = best.price;
    source = 'price_list';
    priceListId = best.priceListId;
  } else if (currency === product.currency) {
    unitPrice = product.price;
    source = 'product';
  } else {
    const converted = convertMinor(
      product.price,
      product.currency,
      currency,
      ctx.workspace.currency,
      await repo.ratesOn(ctx, on),
    );
    if (converted === null)
      throw AppError.invalid('currency', 'products:errors.no_exchange_rate', { currency });
    unitPrice = converted;
    source = 'converted';
  }

  const discounts = await repo.discountsFor(ctx, companyId, contactId, on);
  const level = (d: repo.DiscountRow) =>
    d.productId === productId
      ? 3
      : d.productId === null && d.category !== null && d.category === product.category
        ? 2
        : d.productId === null && d.category === null
          ? 1
          : 0;
  const applicable = discounts
    .filter((d) => level(d) > 0)
    .sort((a, b) => level(b) - level(a) || Number(b.percent) - Number(a.percent));
  const discount = applicable[0] ?? null;

  const vat = product.vatRateId ? await repo.findVatRate(ctx, product.vatRateId) : null;
  return {
    productId,
    currency,
    unitPrice,
    source,
    priceListId,
    discountPercent: discount ? Number(discount.percent) : 0,
    discountId: discount?.id ?? null,
    vatRateId: vat?.id ?? null,
    vatRate: vat ? Number(vat.rate) : null,
  };
}

// Price lists

export async function listPriceLists(ctx: Ctx) {
  const lists = await repo.listPriceLists(ctx);
  const items = await repo.priceListItemsOf(
    ctx,
    lists.map((l) => l.id),
  );
  return lists.map((list) => ({
    list,
    items: items.filter((i) => i.priceListId === list.id),
  }));
}

export async function getPriceList(ctx: Ctx, id: string) {
  const list = await repo.findPriceList(ctx, id);
  if (!list) throw AppError.notFound();
  return { list, items: await repo.priceListItemsOf(ctx, [id]) };
}

async function checkItems(ctx: Ctx, items: { productId: string }[]): Promise<void> {
  const ids = [...new Set(items.map((i) => i.productId))];
  if (ids.length !== items.length)
    throw AppError.invalid('items', 'products:errors.duplicate_product');
  const found = new Set(
    (await repo.findProducts(ctx, ids)).filter((p) => !p.deletedAt).map((p) => p.id),
  );
  const missing = items.findIndex((i) => !found.has(i.productId));
  if (missing >= 0)
    throw AppError.invalid(`items.${missing}.productId`, 'products:errors.unknown_product');
}

function checkValidity(from: string | null, to: string | null): void {
  if (from && to && to < from) throw AppError.invalid('validTo', 'products:errors.valid_to_before');
}

export async function createPriceList(ctx: Ctx, input: PriceListCreateInput) {
  checkValidity(input.validFrom ?? null, input.validTo ?? null);
  return inTransaction(ctx, async (tx) => {
    await checkItems(tx, input.items);
    const id = newId();
    const values = {
      id,
      name: input.name,
      currency: input.currency,
      customerGroup: input.customerGroup ?? null,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      active: input.active,
    };
    await repo.insertPriceList(tx, values);
    await repo.replacePriceListItems(tx, id, input.items);
    await recordAudit(tx, {
      action: 'create',
      object: 'price_lists',
      recordId: id,
      changes: diffFields({}, { ...values, items: input.items }, [
        'name',
        'currency',
        'customerGroup',
        'validFrom',
        'validTo',
        'active',
        'items',
      ]),
    });
    return getPriceList(tx, id);
  });
}

export async function updatePriceList(
  ctx: Ctx,
  id: string,
  input: PriceListUpdateInput,
  expectedVersion: number | null,
) {
  return inTransaction(ctx, async (tx) => {
    const before = await getPriceList(tx, id);
    if (expectedVersion !== null && expectedVersion !== before.list.version)
      throw new AppError('version_conflict');
    const after = {
      name: input.name ?? before.list.name,
      currency: input.currency ?? before.list.currency,
      customerGroup:
        input.customerGroup === undefined ? before.list.customerGroup : input.customerGroup,
      validFrom: input.validFrom === undefined ? before.list.validFrom : input.validFrom,
      validTo: input.validTo === undefined ? before.list.validTo : input.validTo,
      active: input.active ?? before.list.active,
    };
    checkValidity(after.validFrom, after.validTo);
    const beforeItems = before.items.map((i) => ({ productId: i.productId, price: i.price }));
    const items = input.items ?? beforeItems;
    if (input.items) await checkItems(tx, input.items);
    const changes = diffFields({ ...before.list, items: beforeItems }, { ...after, items }, [
      'name',
      'currency',
      'customerGroup',
      'validFrom',
      'validTo',
      'active',
      'items',
    ]);
    if (Object.keys(changes).length === 0) return before;
    if (!(await repo.updatePriceList(tx, id, before.list.version, after)))
      throw new AppError('version_conflict');
    if (input.items) await repo.replacePriceListItems(tx, id, input.items);
    await recordAudit(tx, { action: 'update', object: 'price_lists', recordId: id, changes });
    return getPriceList(tx, id);
  });
}

export async function deletePriceList(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await getPriceList(tx, id);
    await repo.updatePriceList(tx, id, before.list.version, { deletedAt: new Date() });
    await recordAudit(tx, { action: 'delete', object: 'price_lists', recordId: id });
  });
}

// Customer discounts

export async function listDiscounts(
  ctx: Ctx,
  filter: { companyId?: string | undefined; contactId?: string | undefined },
) {
  return repo.listDiscounts(ctx, filter);
}

const DISCOUNT_AUDITED = [
  'companyId',
  'contactId',
  'productId',
  'category',
  'percent',
  'validFrom',
  'validTo',
] as const;

interface DiscountValues {
  companyId: string | null;
  contactId: string | null;
  productId: string | null;
  category: string | null;
  percent: number;
  validFrom: string | null;
  validTo: string | null;
}

/** The rules a discount obeys after create or update: a customer, a valid period, real references. */
async function checkDiscount(ctx: Ctx, d: DiscountValues): Promise<void> {
  if (!hasCustomer(d)) throw AppError.invalid(missingCustomer.path, missingCustomer.message);
  checkValidity(d.validFrom, d.validTo);
  if (d.companyId && !(await referenceExists(ctx, 'companies', d.companyId)))
    throw AppError.invalid('companyId', 'field.invalid_reference');
  if (d.contactId && !(await referenceExists(ctx, 'contacts', d.contactId)))
    throw AppError.invalid('contactId', 'field.invalid_reference');
  if (d.productId) {
    const product = await repo.findProduct(ctx, d.productId);
    if (!product || product.deletedAt)
      throw AppError.invalid('productId', 'products:errors.unknown_product');
  }
}

export async function createDiscount(ctx: Ctx, input: DiscountCreateInput) {
  const productId = input.productId ?? null;
  const after: DiscountValues = {
    companyId: input.companyId ?? null,
    contactId: input.contactId ?? null,
    productId,
    category: productId ? null : (input.category ?? null),
    percent: input.percent,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
  };
  return inTransaction(ctx, async (tx) => {
    await checkDiscount(tx, after);
    const id = newId();
    await repo.insertDiscount(tx, { ...after, id, percent: after.percent.toFixed(2) });
    await recordAudit(tx, {
      action: 'create',
      object: 'customer_discounts',
      recordId: id,
      changes: diffFields({}, { ...after }, DISCOUNT_AUDITED),
    });
    return found(await repo.findDiscount(tx, id));
  });
}

/**
 * Changes a discount; omitted fields keep their value. A category without a product clears the
 * product (the scope moved), a product clears the category, as on create.
 */
export async function updateDiscount(ctx: Ctx, id: string, input: DiscountUpdateInput) {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findDiscount(tx, id);
    if (!before) throw AppError.notFound();
    const pick = <T>(value: T | undefined, current: T): T =>
      value === undefined ? current : value;
    const productId =
      input.productId !== undefined ? input.productId : input.category ? null : before.productId;
    const old: DiscountValues = { ...before, percent: Number(before.percent) };
    const after: DiscountValues = {
      companyId: pick(input.companyId, before.companyId),
      contactId: pick(input.contactId, before.contactId),
      productId,
      category: productId ? null : pick(input.category, before.category),
      percent: input.percent ?? old.percent,
      validFrom: pick(input.validFrom, before.validFrom),
      validTo: pick(input.validTo, before.validTo),
    };
    await checkDiscount(tx, after);
    const changes = diffFields({ ...old }, { ...after }, DISCOUNT_AUDITED);
    if (Object.keys(changes).length === 0) return before;
    await repo.updateDiscount(tx, id, { ...after, percent: after.percent.toFixed(2) });
    await recordAudit(tx, {
      action: 'update',
      object: 'customer_discounts',
      recordId: id,
      changes,
    });
    return found(await repo.findDiscount(tx, id));
  });
}

export async function deleteDiscount(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await repo.deleteDiscount(tx, id);
    if (!row) throw AppError.notFound();
    await recordAudit(tx, { action: 'delete', object: 'customer_discounts', recordId: id });
  });
}
