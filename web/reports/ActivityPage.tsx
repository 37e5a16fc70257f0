import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Card,
  Center,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityReportOut } from '../../server/reports/schema.js';
import { useTeams } from '../access/api.js';
import { useMe, useUsers } from '../app/session.js';
import { get, qs } from '../lib/api.js';
import { formatNumber } from '../lib/format.js';
import { ReportCsvButton, ReportPending, ReportPeriod } from './parts.js';

/** A local calendar day as `YYYY-MM-DD` (not through UTC, which could shift it by a day). */
const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const COLORS = [
  'blue.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'cyan.6',
  'pink.6',
  'lime.6',
  'indigo.6',
];

/** Activity report (R20): activities per month, kind and employee, with filters and CSV. */
export function ActivityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const scope = me.access.permissions.reports;
  // Someone who sees only their own activity has no one to pick.
  const pickEmployees = scope?.read !== 'own';
  const users = useUsers();
  const teams = useTeams();
  const now = new Date();
  const [period, setPeriod] = useState<[string | null, string | null]>([
    iso(new Date(now.getFullYear(), now.getMonth() - 11, 1)),
    iso(now),
  ]);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [from, to] = period;
  const params = from && to ? qs({ from, to, ownerId, teamId, kind }) : null;
  const report = useQuery({
    queryKey: ['reports', 'activity', params],
    queryFn: ({ signal }) => get<ActivityReportOut>(`/reports/activity${params ?? ''}`, { signal }),
    enabled: Boolean(params),
  });
  const data = report.data;
  const kindName = (k: string) => t(`reports:kinds.${k}`, { defaultValue: k });
  const kinds = data?.kinds.map((k) => k.kind) ?? [];
  const knownKinds = ['note', 'call', 'email', 'meeting', 'task', 'payment_received'];
  const kindOptions = [...new Set([...knownKinds, ...kinds, ...(kind ? [kind] : [])])];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Group gap="md" align="baseline">
          <Title order={2}>{t('reports:activity.title')}</Title>
          <Anchor component={Link} to="/deals/funnel" size="sm">
            {t('reports:funnelLink')}
          </Anchor>
        </Group>
        <Group gap="xs" wrap="wrap">
          <ReportPeriod
            label={t('reports:filters.period')}
            value={period}
            onChange={setPeriod}
            testId="activity-period"
          />
          {pickEmployees && (
            <>
              <Select
                size="xs"
                w={180}
                clearable
                searchable
                placeholder={t('reports:filters.employee')}
                aria-label={t('reports:filters.employee')}
                data={users.map((u) => ({ value: u.id, label: u.name }))}
                value={ownerId}
                onChange={setOwnerId}
              />
              <Select
                size="xs"
                w={160}
                clearable
                placeholder={t('reports:filters.team')}
                aria-label={t('reports:filters.team')}
                data={teams.map((team) => ({ value: team.id, label: team.name }))}
                value={teamId}
                onChange={setTeamId}
              />
            </>
          )}
          <Select
            size="xs"
            w={160}
            clearable
            placeholder={t('reports:filters.kind')}
            aria-label={t('reports:filters.kind')}
            data={kindOptions.map((k) => ({ value: k, label: kindName(k) }))}
            value={kind}
            onChange={setKind}
          />
          <ReportCsvButton report="activity" params={params} testId="activity-csv" />
        </Group>
      </Group>
      {!data ? (
        <ReportPending error={report.error} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {[
              [t('reports:activity.total'), data.total] as const,
              ...data.kinds.slice(0, 3).map((k) => [kindName(k.kind), k.count] as const),
            ].map(([label, value]) => (
              <Card key={label} withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={700} size="xl" data-testid="activity-kpi">
                  {formatNumber(value)}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Card withBorder padding="sm">
            {data.total === 0 ? (
              <Center h={260}>
                <Text c="dimmed">{t('reports:activity.empty')}</Text>
              </Center>
            ) : (
              <BarChart
                h={280}
                dataKey="month"
                type="stacked"
                withLegend
                data={data.months.map((m) => ({ month: m.month, ...m.kinds }))}
                series={kinds.map((k, i) => ({
                  name: k,
                  label: kindName(k),
                  color: COLORS[i % COLORS.length] ?? 'blue.6',
                }))}
              />
            )}
          </Card>
          <Card withBorder padding="sm">
            <Text fw={600} mb="xs">
              {t('reports:activity.byEmployee')}
            </Text>
            <Table.ScrollContainer minWidth={400}>
              <Table striped data-testid="activity-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reports:activity.columns.employee')}</Table.Th>
                    {kinds.map((k) => (
                      <Table.Th key={k} ta="right">
                        {kindName(k)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">{t('reports:activity.columns.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.employees.map((e) => (
                    <Table.Tr key={e.userId ?? '-'}>
                      <Table.Td>{e.name}</Table.Td>
                      {kinds.map((k) => (
                        <Table.Td key={k} ta="right">
                          {formatNumber(e.kinds[k] ?? 0)}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" fw={600}>
                        {formatNumber(e.count)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      )}
    </Stack>
  );
}
