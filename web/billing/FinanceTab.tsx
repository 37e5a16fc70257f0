import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCash, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links.js';
import { useMe } from '../app/session.js';
import { ApiError, api, get } from '../lib/api.js';
import { formatDate, formatMoney, formatNumber } from '../lib/format.js';
import {
  collectionOf,
  fromDecimalInput,
  toDecimalInput,
  type CustomerType,
  type FinanceOut,
  type PurchaseOut,
} from './api.js';
import { StatusBadge } from './DocumentPage.js';
import { RecordPayment } from './RecordPayment.js';

export const financeKey = (type: CustomerType, id: string) => ['billing', 'finance', type, id];

function Figure(props: { label: string; children: ReactNode; color?: string; testId?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="lg" c={props.color} data-testid={props.testId}>
        {props.children}
      </Text>
    </Card>
  );
}

/**
 * The customer's money in one place (R9, R25): balance, overdue, credit terms, payment
 * discipline, documents and purchases. The same `/finance` call feeds the screen pop.
 */
export function FinanceTab({
  type,
  record,
}: {
  type: CustomerType;
  record: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [paying, setPaying] = useState(false);
  const finance = useQuery({
    queryKey: financeKey(type, record.id),
    queryFn: () => get<FinanceOut>(`/customers/${type}/${record.id}/finance`),
  });
  const purchases = useQuery({
    queryKey: ['billing', 'purchases', type, record.id],
    queryFn: () =>
      get<{ data: PurchaseOut[] }>(`/customers/${type}/${record.id}/purchases?limit=50`),
  });
  if (finance.isLoading) return <Skeleton h={200} />;
  const f = finance.data;
  if (!f) return <Alert color="red">{finance.error?.message}</Alert>;
  const m = (v: number) => formatMoney(v, f.currency);
  const customer = { type, id: record.id, name: record.name };
  const newDocument = (docType: 'invoice' | 'quote') =>
    void navigate({
      to: '/billing/new',
      search: {
        type: docType,
        customerType: type,
        customerId: record.id,
        customerName: record.name,
      },
    });

  return (
    <Stack gap="md" data-testid="finance-tab">
      <Group justify="flex-end" gap="xs">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} />}
          onClick={() => newDocument('quote')}
        >
          {t('billing:types.quote')}
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} />}
          onClick={() => newDocument('invoice')}
          data-testid="finance-new-invoice"
        >
          {t('billing:types.invoice')}
        </Button>
        <Button size="xs" leftSection={<IconCash size={14} />} onClick={() => setPaying(true)}>
          {t('billing:actions.recordPayment')}
        </Button>
      </Group>
      {f.overCreditLimit && (
        <Alert color="red" data-testid="over-credit-limit">
          {t('billing:finance.overLimit')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
        <Figure
          label={t('billing:finance.balance')}
          color={f.balance > 0 ? undefined : 'green'}
          testId="finance-balance"
        >
          {m(f.balance)}
        </Figure>
        <Figure
          label={t('billing:finance.overdue')}
          color={f.overdueAmount > 0 ? 'red' : undefined}
          testId="finance-overdue"
        >
          {m(f.overdueAmount)}
          {f.overdueDays > 0 && (
            <Text span size="xs" c="red" ml={6}>
              {t('billing:finance.days', { count: f.overdueDays })}
            </Text>
          )}
        </Figure>
        <Figure label={t('billing:finance.creditLimit')}>
          {f.creditLimit === null ? '—' : m(f.creditLimit)}
          {f.creditAvailable !== null && (
            <Text size="xs" c="dimmed">
              {t('billing:finance.available', { amount: m(f.creditAvailable) })}
            </Text>
          )}
        </Figure>
        <Figure label={t('billing:finance.terms')}>
          {t('billing:finance.days', { count: f.paymentTermsDays })}
        </Figure>
        <Figure label={t('billing:finance.openInvoices')}>{formatNumber(f.openInvoices)}</Figure>
        <Figure label={t('billing:finance.revenue')}>{m(f.revenue)}</Figure>
        <Figure label={t('billing:finance.margin')}>{f.margin === null ? '—' : m(f.margin)}</Figure>
        <Figure label={t('billing:finance.avgDaysToPay')}>
          {f.averageDaysToPay === null ? '—' : formatNumber(f.averageDaysToPay)}
        </Figure>
        <Figure
          label={t('billing:finance.latePayments')}
          color={f.latePayments ? 'orange' : undefined}
        >
          {formatNumber(f.latePayments)}
        </Figure>
        <Figure label={t('billing:finance.lastPurchase')}>
          {formatDate(f.lastPurchaseOn) || '—'}
        </Figure>
      </SimpleGrid>
      {me.user.role !== 'member' && (
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() => setEditing(true)}
            data-testid="edit-terms"
          >
            {t('billing:finance.editTerms')}
          </Button>
        </Group>
      )}

      <Card withBorder p={0}>
        <Text fw={600} p="sm">
          {t('billing:finance.documents')}
        </Text>
        <Table fz="sm" data-testid="finance-documents">
          <Table.Tbody>
            {f.recentDocuments.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <AnchorLink
                    to="/billing/$collection/$id"
                    params={{ collection: collectionOf(d.type), id: d.id }}
                    size="sm"
                  >
                    {t(`billing:types.${d.type}`)} {d.number ?? `(${t('billing:draft')})`}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(d.issueDate)}</Table.Td>
                <Table.Td ta="right">{formatMoney(d.grossTotal, d.currency)}</Table.Td>
                <Table.Td ta="right">
                  {d.openAmount ? formatMoney(d.openAmount, d.currency) : ''}
                </Table.Td>
                <Table.Td>
                  <StatusBadge doc={{ status: d.status, overdue: false }} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {f.recentDocuments.length === 0 && (
          <Text size="sm" c="dimmed" p="sm">
            {t('billing:finance.noDocuments')}
          </Text>
        )}
      </Card>

      <Card withBorder p={0}>
        <Text fw={600} p="sm">
          {t('billing:finance.purchases')}
        </Text>
        <Table fz="sm" data-testid="finance-purchases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing:fields.issueDate')}</Table.Th>
              <Table.Th>{t('billing:fields.number')}</Table.Th>
              <Table.Th>{t('billing:fields.description')}</Table.Th>
              <Table.Th ta="right">{t('billing:fields.quantity')}</Table.Th>
              <Table.Th ta="right">{t('billing:fields.gross')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(purchases.data?.data ?? []).map((p, i) => (
              <Table.Tr key={`${p.documentId}-${i}`}>
                <Table.Td>{formatDate(p.issueDate)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" size="xs" mr={4}>
                    {t(`billing:types.${p.type}`)}
                  </Badge>
                  {p.number}
                </Table.Td>
                <Table.Td>{p.description}</Table.Td>
                <Table.Td ta="right">
                  {Number(p.quantity)} {p.unit}
                </Table.Td>
                <Table.Td ta="right">{formatMoney(p.gross, p.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('billing:finance.editTerms')}
      >
        {editing && (
          <TermsForm type={type} id={record.id} finance={f} onDone={() => setEditing(false)} />
        )}
      </Modal>
      <Modal
        opened={paying}
        onClose={() => setPaying(false)}
        title={t('billing:actions.recordPayment')}
        size="lg"
      >
        {paying && (
          <RecordPayment
            customer={customer}
            onCancel={() => setPaying(false)}
            onDone={() => setPaying(false)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function TermsForm(props: {
  type: CustomerType;
  id: string;
  finance: FinanceOut;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const f = props.finance;
  const [days, setDays] = useState<number | string>(f.paymentTermsDays);
  const [limit, setLimit] = useState(
    f.creditLimit === null ? '' : toDecimalInput(f.creditLimit, f.currency),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      api<FinanceOut>('PUT', `/customers/${props.type}/${props.id}/finance`, {
        paymentTermsDays: Number(days),
        creditLimit: limit.trim() ? (fromDecimalInput(limit, f.currency) ?? Number.NaN) : null,
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(financeKey(props.type, props.id), next);
      props.onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    },
  });
  return (
    <Stack gap="sm">
      <NumberInput
        label={t('billing:finance.terms')}
        value={days}
        onChange={setDays}
        min={0}
        max={365}
        error={errors.paymentTermsDays}
        data-testid="terms-days"
      />
      <TextInput
        label={t('billing:finance.creditLimit')}
        description={t('billing:finance.noLimitHint')}
        value={limit}
        onChange={(e) => setLimit(e.currentTarget.value)}
        rightSection={<Text size="xs">{f.currency}</Text>}
        rightSectionWidth={44}
        error={errors.creditLimit}
        data-testid="terms-limit"
      />
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="save-terms">
          {t('common:actions.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The finance tab of the contact and organization record pages. */
export function ContactFinance({ record }: { record: { id: string; name: string } }) {
  return <FinanceTab type="contacts" record={record} />;
}
export function CompanyFinance({ record }: { record: { id: string; name: string } }) {
  return <FinanceTab type="companies" record={record} />;
}

/** The balance among the record header's key facts (only once the customer has documents). */
export function BalanceFact({ type, id }: { type: CustomerType; id: string }) {
  const { t } = useTranslation();
  const finance = useQuery({
    queryKey: financeKey(type, id),
    queryFn: () => get<FinanceOut>(`/customers/${type}/${id}/finance`),
  });
  const f = finance.data;
  if (!f || f.recentDocuments.length === 0) return null;
  return (
    <Badge
      variant="light"
      color={f.overdueAmount > 0 ? 'red' : f.balance > 0 ? 'blue' : 'green'}
      data-testid="balance-fact"
    >
      {t('billing:finance.balance')}: {formatMoney(f.balance, f.currency)}
    </Badge>
  );
}
