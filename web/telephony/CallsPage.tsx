import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPhoneIncoming, IconPhoneOutgoing } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../app/links.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { agentsQuery, RECORD_PATHS, type Call } from './api.js';
import { formatDuration, STATUS_COLORS } from './CallEntry.js';
import { PhoneLink } from './PhoneLink.js';

interface Filters {
  direction: string | null;
  status: string | null;
  agentId: string | null;
  from: string;
  to: string;
}

function listPath(filters: Filters, cursor: string | null): string {
  const p = new URLSearchParams({ limit: '50', sort: '-startedAt' });
  if (filters.direction) p.set('filter[direction]', filters.direction);
  if (filters.status) p.set('filter[status]', filters.status);
  if (filters.agentId) p.set('filter[agentId]', filters.agentId);
  // Dates are the user's local days.
  if (filters.from)
    p.set('filter[startedAt][gte]', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to)
    p.set(
      'filter[startedAt][lt]',
      new Date(new Date(`${filters.to}T00:00:00`).getTime() + 86_400_000).toISOString(),
    );
  if (cursor) p.set('cursor', cursor);
  return `/calls?${p.toString()}`;
}

/** Every call of the workspace, newest first, with filters and playable recordings (R16). */
export function CallsPage() {
  const { t } = useTranslation();
  const agents = useQuery(agentsQuery).data ?? [];
  const [filters, setFilters] = useState<Filters>({
    direction: null,
    status: null,
    agentId: null,
    from: '',
    to: '',
  });
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const calls = useInfiniteQuery({
    queryKey: ['calls', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      get<{ data: Call[]; nextCursor: string | null }>(listPath(filters, pageParam), { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = calls.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('telephony:calls.title')}</Title>
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          size="xs"
          w={150}
          label={t('telephony:calls.direction')}
          clearable
          value={filters.direction}
          onChange={(v) => set({ direction: v })}
          data={['inbound', 'outbound'].map((v) => ({
            value: v,
            label: t(`telephony:direction.${v}`),
          }))}
          data-testid="calls-filter-direction"
        />
        <Select
          size="xs"
          w={150}
          label={t('telephony:calls.outcome')}
          clearable
          value={filters.status}
          onChange={(v) => set({ status: v })}
          data={['ringing', 'in_progress', 'completed', 'missed'].map((v) => ({
            value: v,
            label: t(`telephony:status.${v}`),
          }))}
          data-testid="calls-filter-status"
        />
        <Select
          size="xs"
          w={200}
          label={t('telephony:calls.agent')}
          clearable
          searchable
          value={filters.agentId}
          onChange={(v) => set({ agentId: v })}
          data={agents.map((a) => ({ value: a.userId, label: a.name }))}
        />
        <TextInput
          size="xs"
          type="date"
          label={t('telephony:calls.from')}
          value={filters.from}
          onChange={(e) => set({ from: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          type="date"
          label={t('telephony:calls.to')}
          value={filters.to}
          onChange={(e) => set({ to: e.currentTarget.value })}
        />
      </Group>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover stickyHeader data-testid="calls-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('telephony:calls.when')}</Table.Th>
                <Table.Th>{t('telephony:calls.number')}</Table.Th>
                <Table.Th>{t('telephony:calls.customer')}</Table.Th>
                <Table.Th>{t('telephony:calls.agent')}</Table.Th>
                <Table.Th>{t('telephony:calls.outcome')}</Table.Th>
                <Table.Th>{t('telephony:calls.duration')}</Table.Th>
                <Table.Th>{t('telephony:recording')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {calls.isLoading &&
                [0, 1, 2].map((i) => (
                  <Table.Tr key={i}>
                    <Table.Td colSpan={7}>
                      <Skeleton h={18} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              {rows.map((call) => (
                <CallRow key={call.id} call={call} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {!calls.isLoading && rows.length === 0 && (
          <Text c="dimmed" ta="center" py="lg" size="sm">
            {t('telephony:calls.empty')}
          </Text>
        )}
      </Paper>
      {calls.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void calls.fetchNextPage()}
          loading={calls.isFetchingNextPage}
        >
          {t('common:list.more')}
        </Button>
      )}
    </Stack>
  );
}

function CallRow({ call }: { call: Call }) {
  const { t } = useTranslation();
  const DirectionIcon = call.direction === 'outbound' ? IconPhoneOutgoing : IconPhoneIncoming;
  return (
    <Table.Tr data-testid="call-row">
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <DirectionIcon size={14} aria-label={t(`telephony:direction.${call.direction}`)} />
          <Text size="sm">{formatDateTime(call.startedAt)}</Text>
        </Group>
      </Table.Td>
      <Table.Td>
        {call.number.startsWith('+') ? (
          <PhoneLink value={call.number}>{call.numberFormatted}</PhoneLink>
        ) : (
          call.numberFormatted
        )}
      </Table.Td>
      <Table.Td>
        {call.matches.slice(0, 2).map((m) => (
          <AnchorLink key={m.id} to={RECORD_PATHS[m.type]} params={{ id: m.id }} size="sm" mr={6}>
            {m.title}
          </AnchorLink>
        ))}
        {call.matchCount > 2 && (
          <Text span size="xs" c="dimmed">
            +{call.matchCount - 2}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{call.agent?.name ?? (call.extension ? `#${call.extension}` : '—')}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Badge size="sm" variant="light" color={STATUS_COLORS[call.status] ?? 'gray'}>
            {t(`telephony:status.${call.status}`)}
          </Badge>
          {call.status === 'missed' && call.callbackDueAt && (
            <Text size="xs" c="dimmed" title={formatDateTime(call.callbackDueAt)}>
              {t('telephony:calls.callBack', { time: formatDateTime(call.callbackDueAt) })}
            </Text>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{formatDuration(call.durationSec)}</Table.Td>
      <Table.Td>
        {call.recordingUrl && (
          <audio
            controls
            preload="none"
            src={call.recordingUrl}
            style={{ height: 28, width: 220 }}
            aria-label={t('telephony:recording')}
          />
        )}
      </Table.Td>
    </Table.Tr>
  );
}
