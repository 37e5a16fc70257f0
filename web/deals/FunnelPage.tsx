import { FunnelChart } from '@mantine/charts';
import {
  Anchor,
  Breadcrumbs,
  Card,
  Center,
  Grid,
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
import type { FunnelOut } from '../../server/deals/schema.js';
import { get, qs } from '../lib/api.js';
import { formatMoney, formatNumber } from '../lib/format.js';
import { ReportCsvButton, ReportPending, ReportPeriod } from '../reports/parts.js';
import { usePipelines } from './queries.js';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const days = (seconds: number | null) =>
  seconds === null ? '—' : formatNumber(Math.round((seconds / 86_400) * 10) / 10);

function GroupTable({
  title,
  rows,
  currency,
}: {
  title: string;
  rows: FunnelOut['owners'];
  currency: string;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">
        {title}
      </Text>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">{t('deals:funnel.columns.deals')}</Table.Th>
            <Table.Th ta="right">{t('deals:funnel.columns.won')}</Table.Th>
            <Table.Th ta="right">{t('deals:funnel.columns.lost')}</Table.Th>
            <Table.Th ta="right">{t('deals:funnel.columns.wonAmount')}</Table.Th>
            <Table.Th ta="right">{t('deals:funnel.columns.winRate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key ?? '-'}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td ta="right">{r.deals}</Table.Td>
              <Table.Td ta="right">{r.won}</Table.Td>
              <Table.Td ta="right">{r.lost}</Table.Td>
              <Table.Td ta="right">{formatMoney(r.wonAmount, currency)}</Table.Td>
              <Table.Td ta="right">{percent(r.winRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Funnel analysis (R21): how far the deals of a period got, how long they stayed, where they were lost. */
export function FunnelPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [chosen, setChosen] = useState<string | null>(null);
  const pipelineId = chosen ?? pipelines[0]?.id ?? null;
  const now = new Date();
  const [period, setPeriod] = useState<[string | null, string | null]>([
    iso(new Date(now.getFullYear(), now.getMonth() - 2, 1)),
    iso(now),
  ]);
  const [from, to] = period;
  const params = pipelineId && from && to ? qs({ pipelineId, from, to }) : null;
  const report = useQuery({
    queryKey: ['deals', 'funnel', params],
    queryFn: ({ signal }) => get<FunnelOut>(`/reports/funnel${params ?? ''}`, { signal }),
    enabled: Boolean(params),
  });
  const data = report.data;
  const openStages = data?.stages.filter((s) => s.kind === 'open') ?? [];
  const wonStage = data?.stages.find((s) => s.kind === 'won');
  const colors = ['blue.6', 'cyan.6', 'teal.6', 'indigo.6', 'violet.6', 'grape.6'];

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/deals" size="sm">
          {t('deals:title')}
        </Anchor>
        <Text size="sm">{t('deals:funnel.title')}</Text>
      </Breadcrumbs>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('deals:funnel.title')}</Title>
        <Group gap="xs" wrap="wrap">
          <Select
            size="xs"
            w={200}
            aria-label={t('deals:fields.pipelineId')}
            data={pipelines.map((p) => ({ value: p.id, label: p.displayName }))}
            value={pipelineId}
            onChange={setChosen}
            allowDeselect={false}
          />
          <ReportPeriod
            label={t('deals:funnel.period')}
            value={period}
            onChange={setPeriod}
            testId="funnel-period"
          />
          <ReportCsvButton report="funnel" params={params} testId="funnel-csv" />
        </Group>
      </Group>
      {!data ? (
        <ReportPending error={report.error} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {[
              [t('deals:funnel.cohort'), data.deals],
              [t('deals:funnel.columns.won'), data.won],
              [t('deals:funnel.columns.lost'), data.lost],
              [
                t('deals:funnel.columns.winRate'),
                percent(data.won + data.lost ? data.won / (data.won + data.lost) : null),
              ],
            ].map(([label, value]) => (
              <Card key={String(label)} withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={700} size="xl" data-testid="funnel-kpi">
                  {value}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Card withBorder padding="sm" h="100%">
                {data.deals === 0 ? (
                  <Center h={260}>
                    <Text c="dimmed">{t('deals:funnel.empty')}</Text>
                  </Center>
                ) : (
                  <Center>
                    <FunnelChart
                      size={260}
                      withLabels
                      labelsPosition="right"
                      data={[...openStages, ...(wonStage ? [wonStage] : [])].map((s, i) => ({
                        name: s.name,
                        value: s.entered,
                        color:
                          s.kind === 'won' ? 'green.6' : (colors[i % colors.length] ?? 'blue.6'),
                      }))}
                    />
                  </Center>
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Card withBorder padding="sm">
                <Table striped data-testid="funnel-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('deals:funnel.columns.stage')}</Table.Th>
                      <Table.Th ta="right">{t('deals:funnel.columns.entered')}</Table.Th>
                      <Table.Th ta="right">{t('deals:funnel.columns.conversionToNext')}</Table.Th>
                      <Table.Th ta="right">{t('deals:funnel.columns.conversionToWon')}</Table.Th>
                      <Table.Th ta="right">{t('deals:funnel.columns.avgDays')}</Table.Th>
                      <Table.Th ta="right">{t('deals:funnel.columns.medianDays')}</Table.Th>
                      <Table.Th ta="right">{t('deals:funnel.columns.lost')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.stages.map((s) => (
                      <Table.Tr key={s.stageId}>
                        <Table.Td>{s.name}</Table.Td>
                        <Table.Td ta="right">{s.entered}</Table.Td>
                        <Table.Td ta="right">{percent(s.conversionToNext)}</Table.Td>
                        <Table.Td ta="right">{percent(s.conversionToWon)}</Table.Td>
                        <Table.Td ta="right">{days(s.avgSeconds)}</Table.Td>
                        <Table.Td ta="right">{days(s.medianSeconds)}</Table.Td>
                        <Table.Td ta="right">{s.kind === 'open' ? s.lost : ''}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            </Grid.Col>
          </Grid>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">
                {t('deals:funnel.columns.lostReason')}
              </Text>
              <Table striped>
                <Table.Tbody>
                  {data.lostReasons.map((r) => (
                    <Table.Tr key={r.reasonId ?? '-'}>
                      <Table.Td>{r.name}</Table.Td>
                      <Table.Td ta="right">{r.count}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <GroupTable
              title={t('deals:funnel.columns.owner')}
              rows={data.owners}
              currency={data.currency}
            />
            <GroupTable
              title={t('deals:funnel.columns.source')}
              rows={data.sources}
              currency={data.currency}
            />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
