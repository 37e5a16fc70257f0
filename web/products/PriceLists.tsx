import {
  ActionIcon,
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
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCIES } from '../../common/locales.js';
import type { DiscountOut, PriceListOut, ProductOut } from '../../server/catalog/schema.js';
import type { CustomerRef } from '../billing/api.js';
import { CustomerPicker, ProductPicker } from '../billing/pickers.js';
import { useMe } from '../app/session.js';
import { toMajor, toMinor } from '../deals/queries.js';
import { ApiError, del, get, patch, post } from '../lib/api.js';
import { formatDate, formatNumber } from '../lib/format.js';

/** Price lists, discounts and rates are written by managers and administrators (the API's rule). */
export function useCanManagePricing(): boolean {
  return useMe().user.role !== 'member';
}

/** Product names by id, for the rows of price lists and discounts. */
function useProductNames(): Map<string, string> {
  const products = useQuery({
    queryKey: ['products', 'names'],
    queryFn: () =>
      get<{ data: Pick<ProductOut, 'id' | 'displayName' | 'sku'>[] }>(
        '/products?limit=200&sort=sku',
      ),
    staleTime: 30_000,
  });
  return new Map((products.data?.data ?? []).map((p) => [p.id, `${p.displayName} · ${p.sku}`]));
}

interface ItemDraft {
  key: number;
  productId: string | null;
  price: number | string;
}

let nextKey = 0;

function PriceListForm({ list, onDone }: { list: PriceListOut | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useProductNames();
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: list?.name ?? '',
      currency: list?.currency ?? me.workspace.currency,
      customerGroup: list?.customerGroup ?? '',
      validFrom: list?.validFrom ?? null,
      validTo: list?.validTo ?? null,
      active: list?.active ?? true,
      items: (list?.items ?? []).map((i): ItemDraft => ({
        key: nextKey++,
        productId: i.productId,
        price: toMajor(i.price),
      })),
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = {
        name: v.name.trim(),
        currency: v.currency,
        customerGroup: v.customerGroup.trim() || null,
        validFrom: v.validFrom || null,
        validTo: v.validTo || null,
        active: v.active,
        items: v.items
          .filter((i) => i.productId)
          .map((i) => ({ productId: i.productId, price: i.price === '' ? 0 : toMinor(i.price) })),
      };
      return list
        ? patch<PriceListOut>(`/price-lists/${list.id}`, body, {
            headers: { 'if-match': String(list.version) },
          })
        : post<PriceListOut>('/price-lists', body);
    },
    meta: { silent: true },
    onSuccess: onDone,
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.fieldErrors());
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/price-lists/${list?.id ?? ''}`),
    onSuccess: onDone,
  });
  const itemsError = form.errors.items;
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('deals:priceLists.name')}
            required
            data-testid="price-list-name"
            {...form.getInputProps('name')}
          />
          <Select
            label={t('deals:fields.currency')}
            data={[...CURRENCIES]}
            allowDeselect={false}
            data-testid="price-list-currency"
            {...form.getInputProps('currency')}
          />
        </SimpleGrid>
        <TextInput
          label={t('deals:priceLists.customerGroup')}
          description={t('deals:priceLists.customerGroupHint')}
          {...form.getInputProps('customerGroup')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DateInput
            label={t('deals:priceLists.validFrom')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...form.getInputProps('validFrom')}
          />
          <DateInput
            label={t('deals:priceLists.validTo')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...form.getInputProps('validTo')}
          />
          <Switch
            mt="lg"
            label={t('deals:products.active')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        </SimpleGrid>
        <Title order={5}>{t('deals:priceLists.items')}</Title>
        {itemsError && (
          <Text c="red" size="sm">
            {itemsError}
          </Text>
        )}
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing:fields.product')}</Table.Th>
              <Table.Th w={150}>{t('deals:priceLists.price')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {form.values.items.map((item, index) => {
              const productError = form.errors[`items.${index}.productId`];
              return (
                <Table.Tr key={item.key} data-testid="price-list-item">
                  <Table.Td>
                    <ProductPicker
                      value={item.productId}
                      label={item.productId ? (names.get(item.productId) ?? null) : null}
                      onPick={(p) => {
                        form.setFieldValue(`items.${index}.productId`, p?.id ?? null);
                        if (p && form.values.items[index]?.price === '')
                          form.setFieldValue(`items.${index}.price`, toMajor(p.price));
                      }}
                      testId="price-list-product"
                    />
                    {productError && (
                      <Text c="red" size="xs">
                        {productError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      min={0}
                      decimalScale={2}
                      aria-label={t('deals:priceLists.price')}
                      data-testid="price-list-price"
                      {...form.getInputProps(`items.${index}.price`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common:actions.remove')}
                      onClick={() => form.removeListItem('items', index)}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              form.insertListItem('items', { key: nextKey++, productId: null, price: '' })
            }
            data-testid="add-price-list-item"
          >
            {t('deals:priceLists.addItem')}
          </Button>
        </Group>
        <Group justify="space-between">
          <div>
            {list && (
              <Button
                variant="subtle"
                color="red"
                onClick={() => {
                  if (window.confirm(t('deals:priceLists.confirmDelete'))) remove.mutate();
                }}
                loading={remove.isPending}
                data-testid="delete-price-list"
              >
                {t('common:actions.delete')}
              </Button>
            )}
          </div>
          <Group>
            <Button variant="default" onClick={onDone}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-price-list">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function validity(from: string | null, to: string | null): string {
  if (!from && !to) return '';
  return `${from ? formatDate(from) : '…'} – ${to ? formatDate(to) : '…'}`;
}

/** Price lists: special prices per currency, customer group and period. */
export function PriceLists() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canManage = useCanManagePricing();
  const [editing, setEditing] = useState<PriceListOut | 'new' | null>(null);
  const lists = useQuery({
    queryKey: ['price-lists'],
    queryFn: () => get<{ data: PriceListOut[] }>('/price-lists'),
  });
  const rows = lists.data?.data ?? [];
  const done = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: ['price-lists'] });
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {t('deals:priceLists.intro')}
        </Text>
        {canManage && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-price-list"
          >
            {t('deals:priceLists.new')}
          </Button>
        )}
      </Group>
      {lists.isLoading ? (
        <Center h={200}>
          <Loader />
        </Center>
      ) : rows.length === 0 ? (
        <Center py={60}>
          <Text c="dimmed" size="sm">
            {t('deals:priceLists.empty')}
          </Text>
        </Center>
      ) : (
        <Table highlightOnHover striped data-testid="price-lists-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deals:priceLists.name')}</Table.Th>
              <Table.Th>{t('deals:fields.currency')}</Table.Th>
              <Table.Th>{t('deals:priceLists.customerGroup')}</Table.Th>
              <Table.Th>{t('deals:priceLists.validity')}</Table.Th>
              <Table.Th ta="right">{t('deals:priceLists.items')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr
                key={l.id}
                style={canManage ? { cursor: 'pointer' } : undefined}
                onClick={canManage ? () => setEditing(l) : undefined}
                data-testid="price-list-row"
              >
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.currency}</Table.Td>
                <Table.Td>{l.customerGroup}</Table.Td>
                <Table.Td>{validity(l.validFrom, l.validTo)}</Table.Td>
                <Table.Td ta="right">{formatNumber(l.items.length)}</Table.Td>
                <Table.Td>
                  <Badge color={l.active ? 'green' : 'gray'} variant="light">
                    {l.active ? t('deals:products.active') : t('deals:products.inactive')}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('deals:priceLists.new') : t('common:actions.edit')}
        position="right"
        size="xl"
      >
        {editing !== null && (
          <PriceListForm list={editing === 'new' ? null : editing} onDone={done} />
        )}
      </Drawer>
    </Stack>
  );
}

type Scope = 'all' | 'product' | 'category';

function customerOf(discount: DiscountOut): CustomerRef | null {
  const name = discount.customerName ?? '…';
  if (discount.companyId) return { type: 'companies', id: discount.companyId, name };
  if (discount.contactId) return { type: 'contacts', id: discount.contactId, name };
  return null;
}

function scopeOf(discount: DiscountOut): Scope {
  return discount.productId ? 'product' : discount.category ? 'category' : 'all';
}

function DiscountForm({ discount, onDone }: { discount: DiscountOut | null; onDone: () => void }) {
  const { t } = useTranslation();
  const names = useProductNames();
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      customer: discount ? customerOf(discount) : (null as CustomerRef | null),
      scope: discount ? scopeOf(discount) : 'all',
      productId: discount?.productId ?? null,
      category: discount?.category ?? '',
      percent: discount?.percent ?? '',
      validFrom: discount?.validFrom ?? null,
      validTo: discount?.validTo ?? null,
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = {
        companyId: v.customer?.type === 'companies' ? v.customer.id : null,
        contactId: v.customer?.type === 'contacts' ? v.customer.id : null,
        productId: v.scope === 'product' ? v.productId : null,
        category: v.scope === 'category' ? v.category.trim() || null : null,
        percent: v.percent === '' ? 0 : Number(v.percent),
        validFrom: v.validFrom || null,
        validTo: v.validTo || null,
      };
      return discount
        ? patch<DiscountOut>(`/customer-discounts/${discount.id}`, body)
        : post<DiscountOut>('/customer-discounts', body);
    },
    meta: { silent: true },
    onSuccess: onDone,
    onError: (error) => {
      if (error instanceof ApiError) {
        const errors = error.fieldErrors();
        const customer = errors.companyId ?? errors.contactId;
        if (customer) errors.customer = customer;
        form.setErrors(errors);
      }
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <CustomerPicker
          value={form.values.customer}
          onChange={(c) => form.setFieldValue('customer', c)}
          error={form.errors.customer as string | undefined}
        />
        <Select
          label={t('deals:discounts.scope')}
          data={(['all', 'product', 'category'] as const).map((s) => ({
            value: s,
            label: t(`deals:discounts.scopes.${s}`),
          }))}
          allowDeselect={false}
          data-testid="discount-scope"
          {...form.getInputProps('scope')}
        />
        {form.values.scope === 'product' && (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {t('billing:fields.product')}
            </Text>
            <ProductPicker
              value={form.values.productId}
              label={form.values.productId ? (names.get(form.values.productId) ?? null) : null}
              onPick={(p) => form.setFieldValue('productId', p?.id ?? null)}
              testId="discount-product"
            />
            {form.errors.productId && (
              <Text c="red" size="xs">
                {form.errors.productId}
              </Text>
            )}
          </Stack>
        )}
        {form.values.scope === 'category' && (
          <TextInput label={t('deals:products.category')} {...form.getInputProps('category')} />
        )}
        <NumberInput
          label={t('deals:discounts.percent')}
          min={0}
          max={100}
          decimalScale={2}
          suffix=" %"
          required
          data-testid="discount-percent"
          {...form.getInputProps('percent')}
        />
        <SimpleGrid cols={2}>
          <DateInput
            label={t('deals:priceLists.validFrom')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...form.getInputProps('validFrom')}
          />
          <DateInput
            label={t('deals:priceLists.validTo')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...form.getInputProps('validTo')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="save-discount">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Per-customer discounts: a percentage off a product, a category or the whole catalog. */
export function Discounts() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canManage = useCanManagePricing();
  const names = useProductNames();
  const [editing, setEditing] = useState<DiscountOut | 'new' | null>(null);
  const discounts = useQuery({
    queryKey: ['customer-discounts'],
    queryFn: () => get<{ data: DiscountOut[] }>('/customer-discounts'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['customer-discounts'] });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/customer-discounts/${id}`),
    onSuccess: refresh,
  });
  const rows = discounts.data?.data ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {t('deals:discounts.intro')}
        </Text>
        {canManage && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-discount"
          >
            {t('deals:discounts.new')}
          </Button>
        )}
      </Group>
      {discounts.isLoading ? (
        <Center h={200}>
          <Loader />
        </Center>
      ) : rows.length === 0 ? (
        <Center py={60}>
          <Text c="dimmed" size="sm">
            {t('deals:discounts.empty')}
          </Text>
        </Center>
      ) : (
        <Table highlightOnHover striped data-testid="discounts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing:fields.customer')}</Table.Th>
              <Table.Th>{t('deals:discounts.scope')}</Table.Th>
              <Table.Th ta="right">{t('deals:discounts.percent')}</Table.Th>
              <Table.Th>{t('deals:priceLists.validity')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr
                key={d.id}
                style={canManage ? { cursor: 'pointer' } : undefined}
                onClick={canManage ? () => setEditing(d) : undefined}
                data-testid="discount-row"
              >
                <Table.Td>{d.customerName ?? '…'}</Table.Td>
                <Table.Td>
                  {d.productId
                    ? (names.get(d.productId) ?? '…')
                    : d.category
                      ? `${t('deals:products.category')}: ${d.category}`
                      : t('deals:discounts.scopes.all')}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(d.percent)} %</Table.Td>
                <Table.Td>{validity(d.validFrom, d.validTo)}</Table.Td>
                <Table.Td>
                  {canManage && (
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('deals:discounts.edit')}
                        onClick={(event) => {
                          event.stopPropagation();
                          setEditing(d);
                        }}
                        data-testid="edit-discount"
                      >
                        <IconPencil size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('common:actions.delete')}
                        onClick={(event) => {
                          event.stopPropagation();
                          if (window.confirm(t('deals:discounts.confirmDelete')))
                            remove.mutate(d.id);
                        }}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
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
        title={editing === 'new' ? t('deals:discounts.new') : t('deals:discounts.edit')}
        position="right"
        size="md"
      >
        {editing !== null && (
          <DiscountForm
            discount={editing === 'new' ? null : editing}
            onDone={() => {
              setEditing(null);
              void refresh();
            }}
          />
        )}
      </Drawer>
    </Stack>
  );
}
