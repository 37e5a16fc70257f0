import { Alert, Badge, Code, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links.js';
import { formatDateTime } from '../lib/format.js';
import { runsQuery, type RunOut } from './api.js';
import { STATUS_COLORS } from './status.js';

const RECORD_PAGES = new Set(['contacts', 'companies', 'leads']);

function RecordCell({ run }: { run: RunOut }) {
  const { t } = useTranslation('automations');
  if (!run.recordObject || !run.recordId) return <Text size="xs">—</Text>;
  const label = t(`objects.${run.recordObject}`);
  if (RECORD_PAGES.has(run.recordObject))
    return (
      <AnchorLink
        to={`/${run.recordObject as 'contacts'}/$id`}
        params={{ id: run.recordId }}
        size="sm"
      >
        {label}
      </AnchorLink>
    );
  return (
    <Text size="sm">
      {label} <Code>{run.recordId.slice(-8)}</Code>
    </Text>
  );
}

/** The run log: when, which rule, which record, what each action did, and the error. */
export function RunLog({ ruleId }: { ruleId?: string }) {
  const { t } = useTranslation('automations');
  const runs = useQuery(runsQuery(ruleId));
  if (runs.data && runs.data.length === 0)
    return (
      <Alert variant="light" data-testid="runs-empty">
        {t('runs.empty')}
      </Alert>
    );
  return (
    <Table striped verticalSpacing={6} data-testid="run-log">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('columns.when')}</Table.Th>
          {!ruleId && <Table.Th>{t('columns.rule')}</Table.Th>}
          <Table.Th>{t('columns.record')}</Table.Th>
          <Table.Th>{t('columns.outcome')}</Table.Th>
          <Table.Th>{t('columns.actions')}</Table.Th>
          <Table.Th>{t('columns.error')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(runs.data ?? []).map((run) => (
          <Table.Tr key={run.id} data-testid="run-row">
            <Table.Td>
              <Text size="sm">{formatDateTime(run.startedAt)}</Text>
            </Table.Td>
            {!ruleId && <Table.Td>{run.ruleName}</Table.Td>}
            <Table.Td>
              <RecordCell run={run} />
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Badge color={STATUS_COLORS[run.status]} variant="light" data-testid="run-status">
                  {t(`status.${run.status}`)}
                </Badge>
                {run.test && (
                  <Badge color="grape" variant="outline">
                    {t('runs.test')}
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="xs">
                {run.actions
                  .map((a) => `${t(`actions.${a.type}`)}: ${t(`actionStatus.${a.status}`)}`)
                  .join(' · ')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="red">
                {run.error}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
