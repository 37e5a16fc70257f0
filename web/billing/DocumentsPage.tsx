import {
  Button,
  Card,
  Checkbox,
  Group,
  Menu,
  Popover,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconFileExport, IconPlus, IconTemplate } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/session.js';
import { get } from '../lib/api.js';
import { formatDate, formatMoney } from '../lib/format.js';
import {
  COLLECTION_STATUSES,
  COLLECTION_TYPES,
  COLLECTIONS,
  type Collection,
  type CustomerRef,
  type DocumentOut,
} from './api.js';
import { StatusBadge } from './DocumentPage.js';
import { CustomerPicker } from './pickers.js';

export interface DocumentsSearch {
  collection?: Collection;
}

/** Accounting export of a period as CSV or the documented JSON (managers and admins). */
function AccountingExport() {
  const { t } = useTranslation();
  const now = new Date();
  const first = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getFullYear(), now.getMonth(), 0));
  const [from, setFrom] = useState(first.toISOString().slice(0, 10));
  const [to, setTo] = useState(last.toISOString().slice(0, 10));
  const [format, setFormat] = useState('csv');
  return (
    <Popover position="bottom-end" withinPortal shadow="md">
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconFileExport size={14} />}
          data-testid="accounting-export"
        >
          {t('billing:export.title')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={260}>
          <TextInput
            type="date"
            label={t('billing:export.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('billing:export.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <SegmentedControl
            size="xs"
            value={format}
            onChange={setFormat}
            data={[
              { value: 'csv', label: 'CSV' },
              { value: 'json', label: 'JSON' },
            ]}
          />
          <Text size="xs" c="dimmed">
            {t('billing:export.hint')}
          </Text>
          <Button
            component="a"
            size="xs"
            href={`/api/v1/exports/accounting?from=${from}&to=${to}&format=${format}`}
            data-testid="accounting-download"
          >
            {t('billing:actions.download')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export function DocumentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const search = useSearch({ strict: false });
  const collection: Collection = COLLECTIONS.includes(search.collection as Collection)
    ? (search.collection as Collection)
    : 'invoices';
  const [type, setType] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [customer, setCustomer] = useState<CustomerRef | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 250);

  const params = new URLSearchParams({ limit: '50' });
  if (q.trim()) params.set('q', q.trim());
  if (type) params.set('filter[type]', type);
  if (status) params.set('filter[status]', status);
  if (customer) {
    params.set('filter[customerType]', customer.type);
    params.set('filter[customerId]', customer.id);
  }
  if (from) params.set('filter[issueDate][gte]', from);
  if (to) params.set('filter[issueDate][lte]', to);
  if (overdue && collection === 'invoices') params.set('filter[overdue]', 'true');
  const list = useInfiniteQuery({
    queryKey: ['billing', 'list', collection, params.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams(params);
      if (pageParam) p.set('cursor', pageParam);
      return get<{ data: DocumentOut[]; nextCursor: string | null }>(
        `/${collection}?${p.toString()}`,
        { signal },
      );
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const types = COLLECTION_TYPES[collection];
  const newTypes = [
    ...COLLECTION_TYPES.invoices.filter((x) => x !== 'credit_note'),
    'quote',
    'order',
  ] as const;

  const switchCollection = (value: string) => {
    setType(null);
    setStatus(null);
    void navigate({ to: '/billing', search: { collection: value as Collection } });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('billing:title')}</Title>
        <Group gap="xs">
          {me.user.role === 'admin' && (
            <Button
              component={Link}
              to="/billing/templates"
              variant="default"
              size="xs"
              leftSection={<IconTemplate size={14} />}
              data-testid="open-templates"
            >
              {t('billing:templates.title')}
            </Button>
          )}
          {me.user.role !== 'member' && <AccountingExport />}
          <Menu withinPortal position="bottom-end">
            <Menu.Target>
              <Button
                size="xs"
                leftSection={<IconPlus size={14} />}
                rightSection={<IconChevronDown size={14} />}
                data-testid="new-document"
              >
                {t('billing:new')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {newTypes.map((x) => (
                <Menu.Item
                  key={x}
                  onClick={() => void navigate({ to: '/billing/new', search: { type: x } })}
                  data-testid={`new-${x}`}
                >
                  {t(`billing:types.${x}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <SegmentedControl
        value={collection}
        onChange={switchCollection}
        data={COLLECTIONS.map((c) => ({ value: c, label: t(`billing:collections.${c}`) }))}
        w="fit-content"
        data-testid="collection-switch"
      />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          placeholder={t('billing:searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={220}
          data-testid="documents-search"
        />
        {types.length > 1 && (
          <Select
            placeholder={t('billing:fields.type')}
            data={types.map((x) => ({ value: x, label: t(`billing:types.${x}`) }))}
            value={type}
            onChange={setType}
            clearable
            w={170}
          />
        )}
        <Select
          placeholder={t('billing:fields.status')}
          data={COLLECTION_STATUSES[collection].map((s) => ({
            value: s,
            label: t(`billing:statuses.${s}`),
          }))}
          value={status}
          onChange={setStatus}
          clearable
          w={160}
          data-testid="filter-status"
        />
        <div style={{ width: 240 }}>
          <CustomerPicker value={customer} onChange={setCustomer} label="" />
        </div>
        <TextInput
          type="date"
          aria-label={t('billing:export.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={150}
        />
        <TextInput
          type="date"
          aria-label={t('billing:export.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          w={150}
        />
        {collection === 'invoices' && (
          <Checkbox
            label={t('billing:statuses.overdue')}
            checked={overdue}
            onChange={(e) => setOverdue(e.currentTarget.checked)}
            mb={8}
            data-testid="filter-overdue"
          />
        )}
      </Group>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={800}>
          <Table highlightOnHover verticalSpacing={6} fz="sm" data-testid="documents-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing:fields.number')}</Table.Th>
                <Table.Th>{t('billing:fields.type')}</Table.Th>
                <Table.Th>{t('billing:fields.customer')}</Table.Th>
                <Table.Th>{t('billing:fields.issueDate')}</Table.Th>
                <Table.Th>{t('billing:fields.dueDate')}</Table.Th>
                <Table.Th ta="right">{t('billing:fields.gross')}</Table.Th>
                <Table.Th ta="right">{t('billing:totals.open')}</Table.Th>
                <Table.Th>{t('billing:fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.isLoading &&
                Array.from({ length: 5 }, (_, i) => (
                  <Table.Tr key={i}>
                    <Table.Td colSpan={8}>
                      <Skeleton h={18} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              {rows.map((doc) => (
                <Table.Tr
                  key={doc.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() =>
                    void navigate({
                      to: '/billing/$collection/$id',
                      params: { collection, id: doc.id },
                    })
                  }
                  data-testid="document-row"
                >
                  <Table.Td fw={500}>{doc.number ?? t('billing:draft')}</Table.Td>
                  <Table.Td>{t(`billing:types.${doc.type}`)}</Table.Td>
                  <Table.Td>{doc.customerName}</Table.Td>
                  <Table.Td>{formatDate(doc.issueDate)}</Table.Td>
                  <Table.Td c={doc.overdue ? 'red' : undefined}>{formatDate(doc.dueDate)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(doc.grossTotal, doc.currency)}</Table.Td>
                  <Table.Td ta="right">
                    {doc.openAmount ? formatMoney(doc.openAmount, doc.currency) : ''}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge doc={doc} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {!list.isLoading && rows.length === 0 && (
          <Stack align="center" p="xl" gap="xs">
            <Text c="dimmed">{t('billing:empty')}</Text>
            <Button
              variant="light"
              size="xs"
              onClick={() =>
                void navigate({
                  to: '/billing/new',
                  search: { type: COLLECTION_TYPES[collection][0] },
                })
              }
            >
              {t('billing:newOf', { type: t(`billing:types.${COLLECTION_TYPES[collection][0]}`) })}
            </Button>
          </Stack>
        )}
        {list.hasNextPage && (
          <Group justify="center" p="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
            >
              {t('common:list.more')}
            </Button>
          </Group>
        )}
      </Card>
    </Stack>
  );
}
