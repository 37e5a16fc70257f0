import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductOut, VatRateOut } from '../../server/catalog/schema.js';
import { get } from '../lib/api.js';
import type { CustomerRef, CustomerType } from './api.js';

/** One search over people and organizations; the value is `contacts:<id>` / `companies:<id>`. */
export function CustomerPicker(props: {
  value: CustomerRef | null;
  onChange: (value: CustomerRef | null) => void;
  label?: string;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const q = debounced.trim().length >= 2 ? `&q=${encodeURIComponent(debounced)}` : '';
  const results = useQuery({
    queryKey: ['billing', 'customer-pick', debounced],
    queryFn: async ({ signal }) => {
      const [people, orgs] = await Promise.all([
        get<{ data: { id: string; name: string }[] }>(`/contacts?limit=10&fields=name${q}`, {
          signal,
        }),
        get<{ data: { id: string; name: string }[] }>(`/companies?limit=10&fields=name${q}`, {
          signal,
        }),
      ]);
      return [
        ...orgs.data.map((r) => ({ type: 'companies' as const, id: r.id, name: r.name })),
        ...people.data.map((r) => ({ type: 'contacts' as const, id: r.id, name: r.name })),
      ];
    },
  });
  const found = results.data ?? [];
  const all =
    props.value && !found.some((c) => c.id === props.value?.id) ? [props.value, ...found] : found;
  const group = (type: CustomerType) =>
    all.filter((c) => c.type === type).map((c) => ({ value: `${c.type}:${c.id}`, label: c.name }));
  return (
    <Select
      label={props.label ?? t('billing:fields.customer')}
      placeholder={t('billing:pickCustomer')}
      data={[
        { group: t('billing:customerTypes.companies'), items: group('companies') },
        { group: t('billing:customerTypes.contacts'), items: group('contacts') },
      ].filter((g) => g.items.length > 0)}
      value={props.value ? `${props.value.type}:${props.value.id}` : null}
      onChange={(value) => {
        if (!value) return props.onChange(null);
        const [type, id] = value.split(':') as [CustomerType, string];
        props.onChange(all.find((c) => c.type === type && c.id === id) ?? null);
      }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      error={props.error}
      disabled={props.disabled ?? false}
      nothingFoundMessage={results.isFetching ? '…' : t('billing:nothingFound')}
      data-testid="pick-customer"
    />
  );
}

export type ProductPick = Pick<
  ProductOut,
  'id' | 'displayName' | 'unit' | 'price' | 'currency' | 'vatRate' | 'costPrice' | 'sku'
>;

/** A product from the catalog; picking one fills the line (description, unit, price, VAT). */
export function ProductPicker(props: {
  value: string | null;
  label?: string | null;
  onPick: (product: ProductPick | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const results = useQuery({
    queryKey: ['products', 'pick', debounced],
    queryFn: ({ signal }) =>
      get<{ data: ProductPick[] }>(
        `/products?limit=20&filter[active]=true${debounced.trim().length >= 2 ? `&q=${encodeURIComponent(debounced)}` : ''}`,
        { signal },
      ),
  });
  const products = results.data?.data ?? [];
  const options = products.map((p) => ({ value: p.id, label: `${p.displayName} · ${p.sku}` }));
  if (props.value && props.label && !options.some((o) => o.value === props.value))
    options.unshift({ value: props.value, label: props.label });
  return (
    <Select
      aria-label={t('billing:fields.product')}
      placeholder={t('billing:pickProduct')}
      data={options}
      value={props.value}
      onChange={(id) => props.onPick(products.find((p) => p.id === id) ?? null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={results.isFetching ? '…' : t('billing:nothingFound')}
      size="xs"
      data-testid={props.testId}
    />
  );
}

/** The workspace's active VAT rates (the catalog seeds them per country). */
export function useVatRates(): VatRateOut[] {
  return (
    useQuery({
      queryKey: ['vat-rates'],
      queryFn: () => get<{ data: VatRateOut[] }>('/vat-rates'),
      staleTime: 60_000,
    }).data?.data.filter((r) => r.active) ?? []
  );
}
