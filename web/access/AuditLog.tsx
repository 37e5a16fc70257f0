import { Badge, Button, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../app/session.js';
import { get } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';

export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorType: string;
  action: string;
  object: string;
  recordId: string | null;
  changes: Record<string, [unknown, unknown]> | null;
  ip: string | null;
  userAgent: string | null;
}

const ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'convert',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'export',
  'import',
  'permission_change',
];
const OBJECTS = [
  'contacts',
  'companies',
  'leads',
  'users',
  'roles',
  'teams',
  'workspaces',
  'notes',
];

export function useAudit(params: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: ['audit', params],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({
        ...params,
        ...(pageParam ? { cursor: pageParam } : {}),
      });
      return get<{ data: AuditEvent[]; nextCursor: string | null }>(`/audit?${search.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Settings → Audit log: every change, sign-in and permission change, filterable. */
export function AuditLog() {
  const { t } = useTranslation();
  const users = useUsers();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const set = (key: string, value: string | null) =>
    setFilters((f) => {
      const rest = Object.fromEntries(Object.entries(f).filter(([k]) => k !== key));
      return value ? { ...rest, [key]: value } : rest;
    });
  const audit = useAudit(filters);
  const events = audit.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('access:audit.user')}
          data={users.map((u) => ({ value: u.id, label: u.name }))}
          value={filters.userId ?? null}
          onChange={(v) => set('userId', v)}
          clearable
          searchable
          w={180}
          data-testid="audit-user"
        />
        <Select
          label={t('access:audit.object')}
          data={OBJECTS.map((o) => ({
            value: o,
            label: t(`access:objects.${o}`, { defaultValue: o }),
          }))}
          value={filters.object ?? null}
          onChange={(v) => set('object', v)}
          clearable
          w={180}
        />
        <Select
          label={t('access:audit.action')}
          data={ACTIONS.map((a) => ({ value: a, label: t(`access:audit.actionNames.${a}`) }))}
          value={filters.action ?? null}
          onChange={(v) => set('action', v)}
          clearable
          w={180}
          data-testid="audit-action"
        />
        <TextInput
          label={t('access:audit.from')}
          type="date"
          value={filters.from ?? ''}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          label={t('access:audit.to')}
          type="date"
          value={filters.to ?? ''}
          onChange={(e) => set('to', e.currentTarget.value)}
        />
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing={4} data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access:audit.at')}</Table.Th>
              <Table.Th>{t('access:audit.user')}</Table.Th>
              <Table.Th>{t('access:audit.action')}</Table.Th>
              <Table.Th>{t('access:audit.record')}</Table.Th>
              <Table.Th>{t('access:audit.changes')}</Table.Th>
              <Table.Th>{t('access:audit.where')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{e.actorName ?? t('access:audit.system')}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={e.action === 'sign_in_failed' || e.action === 'delete' ? 'red' : 'blue'}
                  >
                    {t(`access:audit.actionNames.${e.action}`, { defaultValue: e.action })}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {t(`access:objects.${e.object}`, { defaultValue: e.object })}
                  </Text>
                  {e.recordId && (
                    <Text size="xs" c="dimmed" ff="monospace">
                      {e.recordId.slice(-12)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {Object.entries(e.changes ?? {}).map(([field, [before, after]]) => (
                    <Text key={field} size="xs">
                      <b>{field}</b>: <Code>{show(before)}</Code> → <Code>{show(after)}</Code>
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{e.ip ?? ''}</Text>
                  <Text size="xs" c="dimmed" lineClamp={1} maw={200}>
                    {e.userAgent ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!audit.isLoading && events.length === 0 && <Text c="dimmed">{t('access:audit.empty')}</Text>}
      {audit.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
        >
          {t('access:audit.more')}
        </Button>
      )}
    </Stack>
  );
}
