import {
  Alert,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS } from '../../server/billing/schema.js';
import { useMe } from '../app/session.js';
import { ApiError, get, post } from '../lib/api.js';
import { formatDate, formatMoney } from '../lib/format.js';
import {
  fromDecimalInput,
  toDecimalInput,
  type CustomerRef,
  type DocumentOut,
  type PaymentOut,
} from './api.js';
import { CustomerPicker } from './pickers.js';

const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * Records one payment of a customer, allocated to one or more of their open invoices (partial
 * amounts allowed). More than the invoices need is kept as an advance only when confirmed.
 */
export function RecordPayment(props: {
  customer?: CustomerRef | null;
  invoice?: DocumentOut;
  onDone: (payment: PaymentOut) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [customer, setCustomer] = useState<CustomerRef | null>(
    props.customer ??
      (props.invoice
        ? {
            type: props.invoice.customerType,
            id: props.invoice.customerId,
            name: props.invoice.customerName,
          }
        : null),
  );
  const [currency, setCurrency] = useState(props.invoice?.currency ?? me.workspace.currency);
  const [paidOn, setPaidOn] = useState(todayIso());
  const [method, setMethod] = useState<string>('bank_transfer');
  const [reference, setReference] = useState(props.invoice?.number ?? '');
  const [amount, setAmount] = useState(
    props.invoice ? toDecimalInput(props.invoice.openAmount, props.invoice.currency) : '',
  );
  const [allocations, setAllocations] = useState<Record<string, string>>(
    props.invoice
      ? { [props.invoice.id]: toDecimalInput(props.invoice.openAmount, props.invoice.currency) }
      : {},
  );
  const [advance, setAdvance] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const open = useQuery({
    queryKey: ['billing', 'open-invoices', customer?.type, customer?.id],
    enabled: Boolean(customer),
    queryFn: () =>
      get<{ data: DocumentOut[] }>(
        `/invoices?limit=100&sort=dueDate&filter[type]=invoice&filter[status][in]=issued,partially_paid&filter[customerType]=${customer?.type}&filter[customerId]=${customer?.id}`,
      ),
  });
  const invoices = (open.data?.data ?? []).filter((d) => d.currency === currency);

  const save = useMutation({
    mutationFn: () => {
      const minor = fromDecimalInput(amount, currency);
      return post<PaymentOut>('/payments', {
        paidOn,
        amount: minor ?? Number.NaN,
        currency,
        method,
        reference: reference || null,
        ...(customer ? { customerType: customer.type, customerId: customer.id } : {}),
        allocations: Object.entries(allocations)
          .map(([documentId, text]) => ({
            documentId,
            amount: fromDecimalInput(text, currency) ?? 0,
          }))
          .filter((a) => a.amount > 0),
        advance,
      });
    },
    onSuccess: async (payment) => {
      await queryClient.invalidateQueries({ queryKey: ['billing'] });
      props.onDone(payment);
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    },
  });

  const allocatedSum = Object.values(allocations).reduce(
    (sum, text) => sum + (fromDecimalInput(text, currency) ?? 0),
    0,
  );
  const messages = Object.entries(errors);

  return (
    <Stack gap="sm">
      <CustomerPicker
        value={customer}
        onChange={(c) => {
          setCustomer(c);
          setAllocations({});
        }}
        error={errors.customerId}
        disabled={Boolean(props.invoice)}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="date"
          label={t('billing:payment.paidOn')}
          value={paidOn}
          onChange={(e) => setPaidOn(e.currentTarget.value)}
          error={errors.paidOn}
        />
        <TextInput
          label={t('billing:payment.amount')}
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          rightSection={<Text size="xs">{currency}</Text>}
          rightSectionWidth={44}
          error={errors.amount}
          data-testid="payment-amount"
        />
        <Select
          label={t('billing:payment.method')}
          data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`billing:methods.${m}`) }))}
          value={method}
          onChange={(v) => v && setMethod(v)}
        />
        <TextInput
          label={t('billing:payment.reference')}
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
        />
        {!props.invoice && (
          <TextInput
            label={t('billing:fields.currency')}
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            maxLength={3}
          />
        )}
      </SimpleGrid>
      {customer && (
        <Table fz="sm" data-testid="allocations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing:fields.number')}</Table.Th>
              <Table.Th>{t('billing:fields.dueDate')}</Table.Th>
              <Table.Th ta="right">{t('billing:totals.open')}</Table.Th>
              <Table.Th w={140}>{t('billing:payment.allocate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoices.map((inv, index) => (
              <Table.Tr key={inv.id}>
                <Table.Td>{inv.number}</Table.Td>
                <Table.Td c={inv.overdue ? 'red' : undefined}>{formatDate(inv.dueDate)}</Table.Td>
                <Table.Td ta="right">{formatMoney(inv.openAmount, inv.currency)}</Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('billing:payment.allocate')}
                    value={allocations[inv.id] ?? ''}
                    placeholder="0"
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setAllocations((a) => ({ ...a, [inv.id]: value }));
                    }}
                    onFocus={() => {
                      if (allocations[inv.id]) return;
                      const rest = (fromDecimalInput(amount, currency) ?? 0) - allocatedSum;
                      if (rest > 0)
                        setAllocations((a) => ({
                          ...a,
                          [inv.id]: toDecimalInput(Math.min(rest, inv.openAmount), currency),
                        }));
                    }}
                    error={errors[`allocations.${index}.amount`]}
                    data-testid={`allocate-${inv.number}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
            {invoices.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    {open.isLoading ? '…' : t('billing:payment.noOpenInvoices')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      <Checkbox
        label={t('billing:payment.advance')}
        checked={advance}
        onChange={(e) => setAdvance(e.currentTarget.checked)}
      />
      {messages.length > 0 && (
        <Alert color="red" data-testid="payment-error">
          {messages.map(([path, message]) => (
            <div key={path}>{message}</div>
          ))}
        </Alert>
      )}
      {save.error && !(save.error instanceof ApiError && save.error.details.length) && (
        <Alert color="red">{save.error.message}</Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('common:actions.cancel')}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="save-payment">
          {t('billing:payment.record')}
        </Button>
      </Group>
    </Stack>
  );
}
