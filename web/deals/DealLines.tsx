import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductOut } from '../../server/catalog/schema.js';
import type { DealOut } from '../../server/deals/schema.js';
import { ApiError, get, patch } from '../lib/api.js';
import { formatMoney } from '../lib/format.js';
import { recordKey } from '../records/RecordPage.js';
import { timelineKey } from '../records/Timeline.js';
import { toMajor, toMinor, useVatRates } from './queries.js';

interface LineDraft {
  productId: string | null;
  description: string;
  quantity: number | string;
  unitPrice: number | string;
  discountPercent: number | string;
  vatRateId: string | null;
}

const productsQuery = {
  queryKey: ['products', 'pick'],
  queryFn: async () =>
    (await get<{ data: ProductOut[] }>('/products?limit=200&sort=sku&filter[active]=true')).data,
  staleTime: 60_000,
};

/** The deal's line items: products, quantity, price, discount, VAT; totals come from the server. */
export function DealLines({ record }: { record: DealOut }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const vatRates = useVatRates();
  const products = useQuery(productsQuery).data ?? [];
  const [lines, setLines] = useState<LineDraft[] | null>(null);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      patch<DealOut>(`/deals/${record.id}`, body, {
        headers: { 'if-match': String(record.version) },
      }),
    meta: { silent: true },
    onSuccess: async () => {
      setLines(null);
      await queryClient.invalidateQueries({ queryKey: recordKey('deals', record.id) });
      await queryClient.invalidateQueries({ queryKey: timelineKey('deals', record.id) });
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const current = record.lines ?? [];
  const money = (minor: number) => formatMoney(minor, record.currency);

  if (!lines) {
    return (
      <Stack gap="sm">
        <Table data-testid="deal-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deals:lines.description')}</Table.Th>
              <Table.Th ta="right">{t('deals:lines.quantity')}</Table.Th>
              <Table.Th ta="right">{t('deals:lines.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('deals:lines.discount')}</Table.Th>
              <Table.Th ta="right">{t('deals:lines.vat')}</Table.Th>
              <Table.Th ta="right">{t('deals:lines.net')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {current.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.description}</Table.Td>
                <Table.Td ta="right">
                  {l.quantity} {l.unit}
                </Table.Td>
                <Table.Td ta="right">{money(l.unitPrice)}</Table.Td>
                <Table.Td ta="right">{l.discountPercent ? `${l.discountPercent} %` : ''}</Table.Td>
                <Table.Td ta="right">{l.vatRate} %</Table.Td>
                <Table.Td ta="right">{money(l.net)}</Table.Td>
              </Table.Tr>
            ))}
            {current.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed" size="sm">
                    {t('deals:lines.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        {record.totals && current.length > 0 && (
          <Stack gap={2} align="flex-end" data-testid="deal-totals">
            <Text size="sm">
              {t('deals:lines.net')}: {money(record.totals.net)}
            </Text>
            <Text size="sm">
              {t('deals:lines.vat')}: {money(record.totals.vat)}
            </Text>
            <Text fw={700}>
              {t('deals:lines.gross')}: {money(record.totals.gross)}
            </Text>
          </Stack>
        )}
        {!record.deletedAt && (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() =>
                setLines(
                  current.map((l) => ({
                    productId: l.productId,
                    description: l.description,
                    quantity: l.quantity,
                    unitPrice: toMajor(l.unitPrice),
                    discountPercent: l.discountPercent,
                    vatRateId: l.vatRateId,
                  })),
                )
              }
              data-testid="edit-lines"
            >
              {t('deals:lines.edit')}
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  const update = (index: number, change: Partial<LineDraft>) =>
    setLines(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));

  return (
    <Stack gap="sm">
      {save.error && <Alert color="red">{save.error.message}</Alert>}
      {lines.map((line, index) => (
        <Group key={index} gap="xs" align="flex-start" wrap="wrap" data-testid="line-row">
          <Select
            w={180}
            size="xs"
            placeholder={t('deals:lines.product')}
            data={products.map((p) => ({ value: p.id, label: `${p.sku} · ${p.displayName}` }))}
            value={line.productId}
            searchable
            clearable
            onChange={(productId) => {
              const product = products.find((p) => p.id === productId);
              update(index, {
                productId,
                ...(product
                  ? {
                      description: product.displayName,
                      unitPrice: toMajor(product.price),
                      vatRateId: product.vatRateId,
                    }
                  : {}),
              });
            }}
            error={errors[`lines.${index}.productId`]}
          />
          <TextInput
            size="xs"
            style={{ flex: 1, minWidth: 160 }}
            placeholder={t('deals:lines.description')}
            value={line.description}
            onChange={(e) => update(index, { description: e.currentTarget.value })}
            error={errors[`lines.${index}.description`]}
            data-testid="line-description"
          />
          <NumberInput
            size="xs"
            w={90}
            placeholder={t('deals:lines.quantity')}
            aria-label={t('deals:lines.quantity')}
            value={line.quantity}
            decimalScale={4}
            onChange={(quantity) => update(index, { quantity })}
            error={errors[`lines.${index}.quantity`]}
            data-testid="line-quantity"
          />
          <NumberInput
            size="xs"
            w={110}
            placeholder={t('deals:lines.unitPrice')}
            aria-label={t('deals:lines.unitPrice')}
            value={line.unitPrice}
            decimalScale={2}
            min={0}
            onChange={(unitPrice) => update(index, { unitPrice })}
            error={errors[`lines.${index}.unitPrice`]}
            data-testid="line-price"
          />
          <NumberInput
            size="xs"
            w={80}
            placeholder={t('deals:lines.discount')}
            aria-label={t('deals:lines.discount')}
            value={line.discountPercent}
            suffix=" %"
            min={0}
            max={100}
            onChange={(discountPercent) => update(index, { discountPercent })}
            error={errors[`lines.${index}.discountPercent`]}
          />
          <Select
            size="xs"
            w={130}
            aria-label={t('deals:lines.vat')}
            data={vatRates
              .filter((r) => r.active || r.id === line.vatRateId)
              .map((r) => ({ value: r.id, label: r.name }))}
            value={line.vatRateId}
            onChange={(vatRateId) => update(index, { vatRateId })}
            error={errors[`lines.${index}.vatRateId`]}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('common:actions.remove')}
            onClick={() => setLines(lines.filter((_, i) => i !== index))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            setLines([
              ...lines,
              {
                productId: null,
                description: '',
                quantity: 1,
                unitPrice: '',
                discountPercent: 0,
                vatRateId: vatRates.find((r) => r.isDefault)?.id ?? null,
              },
            ])
          }
          data-testid="add-line"
        >
          {t('deals:lines.add')}
        </Button>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setLines(null)}>
            {t('common:actions.cancel')}
          </Button>
          <Button
            size="xs"
            loading={save.isPending}
            data-testid="save-lines"
            onClick={() =>
              save.mutate({
                lines: lines.map((l) => ({
                  ...(l.productId ? { productId: l.productId } : {}),
                  ...(l.description.trim() ? { description: l.description.trim() } : {}),
                  quantity: Number(l.quantity),
                  ...(l.unitPrice === '' ? {} : { unitPrice: toMinor(l.unitPrice) }),
                  discountPercent: Number(l.discountPercent || 0),
                  vatRateId: l.vatRateId,
                })),
              })
            }
          >
            {t('common:actions.save')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
