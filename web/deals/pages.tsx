import { Button, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconChartFunnel, IconLayoutKanban, IconTable } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordListPage } from '../records/RecordListPage.js';
import { RecordPage } from '../records/RecordPage.js';
import type { FilterDef } from '../records/types.js';
import { BoardPage } from './BoardPage.js';
import { dealConfig } from './config.js';
import { usePipelines } from './queries.js';

function DealsTable() {
  const { i18n, t } = useTranslation();
  const pipelines = usePipelines();
  const config = useMemo(() => {
    const stageFilter: FilterDef = {
      field: 'stageId',
      label: t('deals:fields.stageId'),
      kind: 'enum',
      options: pipelines.flatMap((p) =>
        p.stages.map((s) => ({
          value: s.id,
          label: pipelines.length > 1 ? `${p.displayName} · ${s.displayName}` : s.displayName,
        })),
      ),
    };
    return { ...dealConfig, filters: [stageFilter, ...dealConfig.filters] };
    // i18n.language: the column labels are read through dealConfig's getters.
  }, [pipelines, i18n.language, t]);
  return <RecordListPage config={config} />;
}

/** Deals as a kanban board or a table (the choice is remembered), plus the funnel report. */
export function DealsPage() {
  const { t } = useTranslation();
  const [mode, setMode] = useLocalStorage<'board' | 'table'>({
    key: 'odnos.deals.mode',
    defaultValue: 'board',
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="md">
          {mode === 'board' && <Title order={2}>{t('deals:title')}</Title>}
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value === 'table' ? 'table' : 'board')}
            data={[
              {
                value: 'board',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconLayoutKanban size={14} />
                    {t('deals:views.board')}
                  </Group>
                ),
              },
              {
                value: 'table',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconTable size={14} />
                    {t('deals:views.table')}
                  </Group>
                ),
              },
            ]}
            data-testid="deals-mode"
          />
        </Group>
        <Button
          component={Link}
          to="/deals/funnel"
          size="xs"
          variant="default"
          leftSection={<IconChartFunnel size={14} />}
          data-testid="open-funnel"
        >
          {t('deals:funnel.title')}
        </Button>
      </Group>
      {mode === 'table' ? <DealsTable /> : <BoardPage />}
    </Stack>
  );
}

export function DealPage() {
  return <RecordPage config={dealConfig} />;
}
