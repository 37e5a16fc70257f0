import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCash, IconUpload } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links.js';
import { useMe } from '../app/session.js';
import { ApiError, get, post } from '../lib/api.js';
import { formatDate, formatMoney } from '../lib/format.js';
import type { BankLineOut, PaymentOut } from './api.js';
import { RecordPayment } from './RecordPayment.js';

export function PaymentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [recording, setRecording] = useState(false);
  const [tab, setTab] = useState<string | null>('payments');
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('billing:paymentsTitle')}</Title>
        <Button
          size="xs"
          leftSection={<IconCash size={14} />}
          onClick={() => setRecording(true)}
          data-testid="new-payment"
        >
          {t('billing:actions.recordPayment')}
        </Button>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="payments">{t('billing:paymentsTitle')}</Tabs.Tab>
          {me.user.role !== 'member' && (
            <Tabs.Tab value="bank" data-testid="tab-bank">
              {t('billing:bank.title')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="payments">
          <PaymentList />
        </Tabs.Panel>
        <Tabs.Panel value="bank">
          <BankStatement />
        </Tabs.Panel>
      </Tabs>
      <Modal
        opened={recording}
        onClose={() => setRecording(false)}
        title={t('billing:actions.recordPayment')}
        size="lg"
      >
        {recording && (
          <RecordPayment
            onCancel={() => setRecording(false)}
            onDone={() => {
              setRecording(false);
              notifications.show({ color: 'green', message: t('billing:payment.recorded') });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function PaymentList() {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['billing', 'payments'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      get<{ data: PaymentOut[]; nextCursor: string | null }>(
        `/payments?limit=50${pageParam ? `&cursor=${pageParam}` : ''}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card withBorder p={0}>
      <Table.ScrollContainer minWidth={700}>
        <Table fz="sm" verticalSpacing={6} data-testid="payments-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing:payment.paidOn')}</Table.Th>
              <Table.Th>{t('billing:fields.customer')}</Table.Th>
              <Table.Th>{t('billing:payment.method')}</Table.Th>
              <Table.Th>{t('billing:payment.reference')}</Table.Th>
              <Table.Th>{t('billing:payment.invoices')}</Table.Th>
              <Table.Th ta="right">{t('billing:payment.amount')}</Table.Th>
              <Table.Th ta="right">{t('billing:payment.unallocated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isLoading && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Skeleton h={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((p) => (
              <Table.Tr key={p.id} data-testid="payment-row">
                <Table.Td>{formatDate(p.paidOn)}</Table.Td>
                <Table.Td>
                  <AnchorLink
                    to={p.customerType === 'contacts' ? '/contacts/$id' : '/companies/$id'}
                    params={{ id: p.customerId }}
                    size="sm"
                  >
                    {p.customerName}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{t(`billing:methods.${p.method}`)}</Table.Td>
                <Table.Td>{p.reference}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {p.allocations.map((a) => (
                      <AnchorLink
                        key={a.documentId}
                        to="/billing/$collection/$id"
                        params={{ collection: 'invoices', id: a.documentId }}
                        size="sm"
                      >
                        {a.number}
                      </AnchorLink>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{formatMoney(p.amount, p.currency)}</Table.Td>
                <Table.Td ta="right">
                  {p.unallocated ? formatMoney(p.unallocated, p.currency) : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!list.isLoading && rows.length === 0 && (
        <Text c="dimmed" ta="center" p="xl">
          {t('billing:payment.empty')}
        </Text>
      )}
      {list.hasNextPage && (
        <Group justify="center" p="xs">
          <Button variant="default" size="xs" onClick={() => void list.fetchNextPage()}>
            {t('common:list.more')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

interface BankPage {
  importId: string | null;
  skipped: number;
  data: BankLineOut[];
}

/** Import a bank statement CSV, then confirm (or ignore) the suggested invoice of each line. */
function BankStatement() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<number | null>(null);
  const lines = useQuery({
    queryKey: ['billing', 'bank-lines'],
    queryFn: () => get<BankPage>('/payments/bank-lines'),
  });
  const upload = useMutation({
    mutationFn: async (f: File) =>
      post<BankPage>('/payments/bank-statements', { fileName: f.name, csv: await f.text() }),
    onSuccess: async (page) => {
      setError(null);
      setSkipped(page.skipped);
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: ['billing', 'bank-lines'] });
    },
    onError: (e) =>
      setError(e instanceof ApiError && e.details[0] ? e.details[0].message : e.message),
  });
  const confirm = useMutation({
    mutationFn: (v: { lineId: string; documentId: string }) =>
      post<PaymentOut>(`/payments/bank-lines/${v.lineId}/confirm`, { documentId: v.documentId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['billing'] }),
    onError: (e) =>
      notifications.show({
        color: 'red',
        message: e instanceof ApiError && e.details[0] ? e.details[0].message : e.message,
      }),
  });
  const ignore = useMutation({
    mutationFn: (lineId: string) => post(`/payments/bank-lines/${lineId}/ignore`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['billing', 'bank-lines'] }),
  });
  const rows = lines.data?.data ?? [];
  return (
    <Stack gap="sm">
      <Card withBorder>
        <Group align="flex-end">
          <FileInput
            label={t('billing:bank.file')}
            description={t('billing:bank.hint')}
            accept=".csv,text/csv,text/plain"
            value={file}
            onChange={setFile}
            w={360}
            clearable
            data-testid="bank-file"
          />
          <Button
            leftSection={<IconUpload size={14} />}
            disabled={!file}
            loading={upload.isPending}
            onClick={() => file && upload.mutate(file)}
            data-testid="bank-import"
          >
            {t('billing:bank.import')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" mt="sm" data-testid="bank-error">
            {error}
          </Alert>
        )}
        {skipped !== null && skipped > 0 && (
          <Text size="xs" c="dimmed" mt="xs">
            {t('billing:bank.skipped', { count: skipped })}
          </Text>
        )}
      </Card>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={800}>
          <Table fz="sm" verticalSpacing={6} data-testid="bank-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing:bank.booked')}</Table.Th>
                <Table.Th>{t('billing:bank.counterparty')}</Table.Th>
                <Table.Th>{t('billing:payment.reference')}</Table.Th>
                <Table.Th ta="right">{t('billing:payment.amount')}</Table.Th>
                <Table.Th>{t('billing:bank.suggestions')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((line) => (
                <Table.Tr key={line.id} data-testid="bank-line">
                  <Table.Td>{formatDate(line.bookedOn)}</Table.Td>
                  <Table.Td>
                    {line.counterparty}
                    {line.description && (
                      <Text size="xs" c="dimmed">
                        {line.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{line.reference}</Table.Td>
                  <Table.Td ta="right">{formatMoney(line.amount, line.currency)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      {line.suggestions.map((s) => (
                        <Group key={s.documentId} gap="xs" wrap="nowrap">
                          <Badge
                            size="xs"
                            variant="light"
                            color={s.reason === 'reference' ? 'green' : 'blue'}
                          >
                            {t(`billing:bank.reasons.${s.reason}`)}
                          </Badge>
                          <Text size="sm">
                            {s.number} · {s.customerName} ·{' '}
                            {formatMoney(s.openAmount, line.currency)}
                          </Text>
                          <Button
                            size="compact-xs"
                            onClick={() =>
                              confirm.mutate({ lineId: line.id, documentId: s.documentId })
                            }
                            loading={confirm.isPending && confirm.variables.lineId === line.id}
                            data-testid={`confirm-${s.number}`}
                          >
                            {t('billing:bank.confirm')}
                          </Button>
                        </Group>
                      ))}
                      {line.suggestions.length === 0 && (
                        <Text size="xs" c="dimmed">
                          {t('billing:bank.noSuggestion')}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="gray"
                      onClick={() => ignore.mutate(line.id)}
                    >
                      {t('billing:bank.ignore')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {!lines.isLoading && rows.length === 0 && (
          <Text c="dimmed" ta="center" p="xl">
            {t('billing:bank.empty')}
          </Text>
        )}
      </Card>
    </Stack>
  );
}
