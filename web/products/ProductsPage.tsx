import {
  Alert,
  Badge,
  Button,
  Center,
  Drawer,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, isLocale } from '../../common/locales.js';
import type { ProductOut } from '../../server/catalog/schema.js';
import { useMe } from '../app/session.js';
import { ApiError, get, patch, post, qs } from '../lib/api.js';
import { formatMoney } from '../lib/format.js';
import { toMajor, toMinor, useVatRates } from '../deals/queries.js';
import { ExportMenu } from '../imports/ExportMenu.js';
import { Discounts, PriceLists } from './PriceLists.js';

function ProductForm({ product, onDone }: { product: ProductOut | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const vatRates = useVatRates();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      sku: product?.sku ?? '',
      name: product ? (product.name[locale] ?? product.displayName) : '',
      description: product?.description ?? '',
      kind: product?.kind ?? 'product',
      unit: product?.unit ?? 'pcs',
      category: product?.category ?? '',
      price: product ? toMajor(product.price) : '',
      currency: product?.currency ?? me.workspace.currency,
      vatRateId: product ? product.vatRateId : (vatRates.find((r) => r.isDefault)?.id ?? null),
      costPrice: product?.costPrice == null ? '' : toMajor(product.costPrice),
      active: product?.active ?? true,
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = {
        sku: v.sku.trim(),
        name: { ...(product?.name ?? {}), [locale]: v.name.trim() },
        description: v.description.trim() || null,
        kind: v.kind,
        unit: v.unit.trim() || 'pcs',
        category: v.category.trim() || null,
        price: v.price === '' ? 0 : toMinor(v.price),
        currency: v.currency,
        vatRateId: v.vatRateId,
        costPrice: v.costPrice === '' ? null : toMinor(v.costPrice),
        active: v.active,
      };
      return product
        ? patch<ProductOut>(`/products/${product.id}`, body, {
            headers: { 'if-match': String(product.version) },
          })
        : post<ProductOut>('/products', body);
    },
    meta: { silent: true },
    onSuccess: onDone,
    onError: (error) => {
      if (error instanceof ApiError) {
        const errors = error.fieldErrors();
        // The name is one field here, per language on the server.
        for (const key of Object.keys(errors))
          if (key.startsWith('name')) errors.name = errors[key] ?? '';
        form.setErrors(errors);
      }
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('deals:products.sku')}
            required
            data-testid="product-sku"
            {...form.getInputProps('sku')}
          />
          <TextInput
            label={t('deals:products.name')}
            required
            data-testid="product-name"
            {...form.getInputProps('name')}
          />
        </SimpleGrid>
        <Textarea label={t('deals:products.description')} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('deals:products.kind')}
            data={[
              { value: 'product', label: t('deals:products.kinds.product') },
              { value: 'service', label: t('deals:products.kinds.service') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('deals:products.unit')} {...form.getInputProps('unit')} />
          <TextInput label={t('deals:products.category')} {...form.getInputProps('category')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('deals:products.price')}
            min={0}
            decimalScale={2}
            data-testid="product-price"
            {...form.getInputProps('price')}
          />
          <Select
            label={t('deals:fields.currency')}
            data={[...CURRENCIES]}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          <Select
            label={t('deals:lines.vat')}
            data={vatRates.map((r) => ({ value: r.id, label: r.name }))}
            clearable
            {...form.getInputProps('vatRateId')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('deals:products.costPrice')}
            min={0}
            decimalScale={2}
            {...form.getInputProps('costPrice')}
          />
          <Switch
            mt="lg"
            label={t('deals:products.active')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="save-product">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The products and services catalog (the catalog API of issue 6). */
export function ProductsPage() {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="products" keepMounted={false}>
      <Tabs.List mb="sm">
        <Tabs.Tab value="products" data-testid="tab-products">
          {t('deals:products.title')}
        </Tabs.Tab>
        <Tabs.Tab value="price-lists" data-testid="tab-price-lists">
          {t('deals:priceLists.title')}
        </Tabs.Tab>
        <Tabs.Tab value="discounts" data-testid="tab-discounts">
          {t('deals:discounts.title')}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="products">
        <Products />
      </Tabs.Panel>
      <Tabs.Panel value="price-lists">
        <PriceLists />
      </Tabs.Panel>
      <Tabs.Panel value="discounts">
        <Discounts />
      </Tabs.Panel>
    </Tabs>
  );
}

function Products() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [editing, setEditing] = useState<ProductOut | 'new' | null>(null);
  const products = useQuery({
    queryKey: ['products', 'list', debounced],
    queryFn: ({ signal }) =>
      get<{ data: ProductOut[]; nextCursor: string | null }>(
        `/products${qs({ q: debounced.trim() || undefined, sort: 'sku', limit: 200 })}`,
        { signal },
      ),
  });
  const rows = products.data?.data ?? [];
  const done = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: ['products'] });
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs" align="baseline">
          <Title order={2}>{t('deals:products.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('common:list.count', { count: rows.length })}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <ExportMenu
            object="products"
            query={
              new URLSearchParams(debounced.trim() ? { q: debounced.trim(), sort: 'sku' } : {})
            }
          />
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-product"
          >
            {t('deals:products.new')}
          </Button>
        </Group>
      </Group>
      <TextInput
        size="xs"
        w={260}
        leftSection={<IconSearch size={14} />}
        placeholder={t('common:list.search')}
        aria-label={t('common:list.search')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {products.isLoading ? (
        <Center h={200}>
          <Loader />
        </Center>
      ) : rows.length === 0 ? (
        <Center py={60}>
          <Stack align="center" gap="xs">
            <Title order={4}>{t('deals:products.emptyTitle')}</Title>
            <Text c="dimmed" size="sm">
              {t('deals:products.emptyText')}
            </Text>
          </Stack>
        </Center>
      ) : (
        <Table highlightOnHover striped data-testid="products-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deals:products.sku')}</Table.Th>
              <Table.Th>{t('deals:products.name')}</Table.Th>
              <Table.Th>{t('deals:products.category')}</Table.Th>
              <Table.Th>{t('deals:products.unit')}</Table.Th>
              <Table.Th ta="right">{t('deals:products.price')}</Table.Th>
              <Table.Th ta="right">{t('deals:lines.vat')}</Table.Th>
              <Table.Th ta="right">{t('deals:products.margin')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr
                key={p.id}
                style={{ cursor: 'pointer' }}
                onClick={() => setEditing(p)}
                data-testid="product-row"
              >
                <Table.Td>{p.sku}</Table.Td>
                <Table.Td>{p.displayName}</Table.Td>
                <Table.Td>{p.category}</Table.Td>
                <Table.Td>{p.unit}</Table.Td>
                <Table.Td ta="right">{formatMoney(p.price, p.currency)}</Table.Td>
                <Table.Td ta="right">{p.vatRate === null ? '' : `${p.vatRate} %`}</Table.Td>
                <Table.Td ta="right">
                  {p.margin === null ? '' : formatMoney(p.margin, p.currency)}
                </Table.Td>
                <Table.Td>
                  {!p.active && (
                    <Badge color="gray" variant="light">
                      {t('deals:products.inactive')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('deals:products.new') : t('common:actions.edit')}
        position="right"
        size="lg"
      >
        {editing !== null && (
          <ProductForm product={editing === 'new' ? null : editing} onDone={done} />
        )}
      </Drawer>
    </Stack>
  );
}
