/** The API contract of the sales catalog: VAT rates, products, price lists, discounts, rates. */
import { z } from 'zod';
import { CURRENCIES } from '../../common/locales.js';
import { localizedLabel } from '../fields/schema.js';

export const VAT_KINDS = ['standard', 'reduced', 'super_reduced', 'zero', 'exempt'] as const;
export const PRODUCT_KINDS = ['product', 'service'] as const;

export const currency = z.enum(CURRENCIES, { message: 'field.invalid_currency' });
export const minorUnits = z
  .number({ message: 'field.invalid_money' })
  .int('field.invalid_money')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);
/** A percentage with at most `scale` decimals. */
export const percent = (max: number, scale = 3) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine(
      (v) => Number.isInteger(Math.round(v * 10 ** scale * 1e6) / 1e6),
      'field.invalid_number',
    );
export const isoDate = z.iso.date({ message: 'field.invalid_date' });

const vatFields = {
  name: z.string().trim().min(1).max(100),
  rate: percent(99.999),
  kind: z.enum(VAT_KINDS),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'field.invalid_country')
    .nullable(),
  isDefault: z.boolean(),
  active: z.boolean(),
  position: z.number().int().min(0).max(10_000),
};
export const vatRateCreateBody = z.strictObject({
  ...vatFields,
  kind: vatFields.kind.default('standard'),
  country: vatFields.country.optional(),
  isDefault: vatFields.isDefault.default(false),
  active: vatFields.active.default(true),
  position: vatFields.position.optional(),
});
export type VatRateCreateInput = z.infer<typeof vatRateCreateBody>;
export const vatRateUpdateBody = z.strictObject(vatFields).partial();
export type VatRateUpdateInput = z.infer<typeof vatRateUpdateBody>;
export const vatRateOut = z.object({
  id: z.uuid(),
  name: z.string(),
  rate: z.number(),
  kind: z.enum(VAT_KINDS),
  country: z.string().nullable(),
  isDefault: z.boolean(),
  active: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
});
export type VatRateOut = z.infer<typeof vatRateOut>;
export const vatRateList = z.object({ data: z.array(vatRateOut) });

const productFields = {
  sku: z.string().trim().min(1).max(64),
  name: localizedLabel,
  description: z.string().trim().max(10_000).nullable(),
  kind: z.enum(PRODUCT_KINDS),
  unit: z.string().trim().min(1).max(20),
  category: z.string().trim().max(100).nullable(),
  price: minorUnits,
  currency,
  vatRateId: z.uuid().nullable(),
  costPrice: minorUnits.nullable(),
  active: z.boolean(),
};
export const productCreateBody = z.strictObject({
  ...productFields,
  description: productFields.description.optional(),
  kind: productFields.kind.default('product'),
  unit: productFields.unit.default('pcs'),
  category: productFields.category.optional(),
  price: productFields.price.default(0),
  currency: productFields.currency.optional(),
  vatRateId: productFields.vatRateId.optional(),
  costPrice: productFields.costPrice.optional(),
  active: productFields.active.default(true),
});
export type ProductCreateInput = z.infer<typeof productCreateBody>;
export const productUpdateBody = z.strictObject(productFields).partial();
export type ProductUpdateInput = z.infer<typeof productUpdateBody>;
export const productOut = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.record(z.string(), z.string()),
  /** The name in the caller's language (fallback English, then any). */
  displayName: z.string(),
  description: z.string().nullable(),
  kind: z.enum(PRODUCT_KINDS),
  unit: z.string(),
  category: z.string().nullable(),
  price: z.number().int(),
  currency: z.string(),
  vatRateId: z.uuid().nullable(),
  vatRate: z.number().nullable(),
  costPrice: z.number().int().nullable(),
  /** price − costPrice, minor units (null without a cost price). */
  margin: z.number().int().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
});
export type ProductOut = z.infer<typeof productOut>;

export const priceQuery = z.strictObject({
  currency: currency.optional(),
  companyId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  on: isoDate.optional(),
});
export type PriceQuery = z.infer<typeof priceQuery>;
export const priceOut = z.object({
  productId: z.uuid(),
  currency: z.string(),
  /** Unit price before the customer discount, minor units. */
  unitPrice: z.number().int(),
  source: z.enum(['price_list', 'product', 'converted']),
  priceListId: z.uuid().nullable(),
  discountPercent: z.number(),
  discountId: z.uuid().nullable(),
  vatRateId: z.uuid().nullable(),
  vatRate: z.number().nullable(),
});

const priceListItem = z.strictObject({ productId: z.uuid(), price: minorUnits });
const priceListFields = {
  name: z.string().trim().min(1).max(200),
  currency,
  customerGroup: z.string().trim().min(1).max(50).nullable(),
  validFrom: isoDate.nullable(),
  validTo: isoDate.nullable(),
  active: z.boolean(),
  items: z.array(priceListItem).max(5000),
};
export const priceListCreateBody = z.strictObject({
  ...priceListFields,
  customerGroup: priceListFields.customerGroup.optional(),
  validFrom: priceListFields.validFrom.optional(),
  validTo: priceListFields.validTo.optional(),
  active: priceListFields.active.default(true),
  items: priceListFields.items.default([]),
});
export type PriceListCreateInput = z.infer<typeof priceListCreateBody>;
export const priceListUpdateBody = z.strictObject(priceListFields).partial();
export type PriceListUpdateInput = z.infer<typeof priceListUpdateBody>;
export const priceListOut = z.object({
  id: z.uuid(),
  name: z.string(),
  currency: z.string(),
  customerGroup: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  active: z.boolean(),
  items: z.array(z.object({ productId: z.uuid(), price: z.number().int() })),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PriceListOut = z.infer<typeof priceListOut>;
export const priceListList = z.object({ data: z.array(priceListOut) });

const discountFields = {
  companyId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  category: z.string().trim().min(1).max(100).nullable(),
  percent: percent(100, 2).refine((v) => v > 0, 'field.invalid_number'),
  validFrom: isoDate.nullable(),
  validTo: isoDate.nullable(),
};
/** A discount belongs to a company or a contact; create checks it here, update after merging. */
export function hasCustomer(d: {
  companyId?: string | null | undefined;
  contactId?: string | null | undefined;
}): boolean {
  return Boolean(d.companyId ?? d.contactId);
}
export const missingCustomer = { path: 'companyId', message: 'field.required' } as const;
export const discountCreateBody = z
  .strictObject({
    ...discountFields,
    companyId: discountFields.companyId.optional(),
    contactId: discountFields.contactId.optional(),
    productId: discountFields.productId.optional(),
    category: discountFields.category.optional(),
    validFrom: discountFields.validFrom.optional(),
    validTo: discountFields.validTo.optional(),
  })
  .refine(hasCustomer, { message: missingCustomer.message, path: [missingCustomer.path] });
export type DiscountCreateInput = z.infer<typeof discountCreateBody>;
export const discountUpdateBody = z.strictObject(discountFields).partial();
export type DiscountUpdateInput = z.infer<typeof discountUpdateBody>;
export const discountQuery = z.strictObject({
  companyId: z.uuid().optional(),
  contactId: z.uuid().optional(),
});
export const discountOut = z.object({
  id: z.uuid(),
  companyId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  /** The organization's name or the contact's display name; null when the caller cannot see it. */
  customerName: z.string().nullable(),
  productId: z.uuid().nullable(),
  category: z.string().nullable(),
  percent: z.number(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type DiscountOut = z.infer<typeof discountOut>;
export const discountList = z.object({ data: z.array(discountOut) });

export const exchangeRateBody = z.strictObject({
  currency,
  validOn: isoDate,
  rate: z.number().positive().max(1e9),
});
export const exchangeRateParams = z.strictObject({ currency, validOn: isoDate });
export type ExchangeRateInput = z.infer<typeof exchangeRateBody>;
export const exchangeRateOut = z.object({
  currency: z.string(),
  validOn: z.string(),
  rate: z.number(),
  source: z.string(),
});
export const exchangeRateList = z.object({ data: z.array(exchangeRateOut) });
