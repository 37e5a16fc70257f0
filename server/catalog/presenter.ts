import { localized } from '../../common/records.js';
import type { Ctx } from '../platform/context.js';
import type { DiscountView, PriceListRow, ProductRow, VatRateRow } from './repository.js';
import type {
  DiscountOut,
  PriceListOut,
  ProductOut,
  VatRateOut,
  VAT_KINDS,
  PRODUCT_KINDS,
} from './schema.js';

export function presentVatRate(row: VatRateRow): VatRateOut {
  return {
    id: row.id,
    name: row.name,
    rate: Number(row.rate),
    kind: row.kind as (typeof VAT_KINDS)[number],
    country: row.country,
    isDefault: row.isDefault,
    active: row.active,
    position: row.position,
    version: row.version,
  };
}

export function presentProduct(
  ctx: Ctx,
  row: ProductRow,
  vatRates: Map<string, number>,
): ProductOut {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    displayName: localized(row.name, ctx.locale),
    description: row.description,
    kind: row.kind as (typeof PRODUCT_KINDS)[number],
    unit: row.unit,
    category: row.category,
    price: row.price,
    currency: row.currency,
    vatRateId: row.vatRateId,
    vatRate: row.vatRateId ? (vatRates.get(row.vatRateId) ?? null) : null,
    costPrice: row.costPrice,
    margin: row.costPrice === null ? null : row.price - row.costPrice,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

export function presentPriceList(
  list: PriceListRow,
  items: { productId: string; price: number }[],
): PriceListOut {
  return {
    id: list.id,
    name: list.name,
    currency: list.currency,
    customerGroup: list.customerGroup,
    validFrom: list.validFrom,
    validTo: list.validTo,
    active: list.active,
    items: items.map((i) => ({ productId: i.productId, price: i.price })),
    version: list.version,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}

export function presentDiscount(row: DiscountView): DiscountOut {
  return {
    id: row.id,
    companyId: row.companyId,
    contactId: row.contactId,
    customerName: row.customerName,
    productId: row.productId,
    category: row.category,
    percent: Number(row.percent),
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}
