import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconBolt, IconChevronDown, IconPlus, IconTemplate } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links.js';
import { useMe } from '../app/session.js';
import { patch, post } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import {
  deadLettersQuery,
  rulesQuery,
  templatesQuery,
  type DeliveryOut,
  type RuleOut,
} from './api.js';
import { actionSummary, triggerSummary } from './describe.js';
import { RunLog } from './RunLog.js';
import { STATUS_COLORS } from './status.js';

export function AutomationsPage() {
  const { t } = useTranslation('automations');
  const me = useMe();
  const navigate = useNavigate();
  const { tab } = useSearch({ strict: false });
  const active = tab === 'runs' || tab === 'deadLetters' ? tab : 'rules';
  if (me.user.role !== 'admin')
    return (
      <Stack>
        <Title order={2}>{t('title')}</Title>
        <Alert color="gray">{t('adminsOnly')}</Alert>
      </Stack>
    );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('title')}</Title>
        <NewRuleMenu />
      </Group>
      <Tabs
        value={active}
        onChange={(value) =>
          void navigate({ to: '/automations', search: { tab: value ?? 'rules' } })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="rules" data-testid="tab-rules">
            {t('tabs.rules')}
          </Tabs.Tab>
          <Tabs.Tab value="runs" data-testid="tab-runs">
            {t('tabs.runs')}
          </Tabs.Tab>
          <Tabs.Tab value="deadLetters" data-testid="tab-dead-letters">
            {t('tabs.deadLetters')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules">
          <RulesTable />
        </Tabs.Panel>
        <Tabs.Panel value="runs">
          <RunLog />
        </Tabs.Panel>
        <Tabs.Panel value="deadLetters">
          <DeadLetters />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function NewRuleMenu() {
  const { t } = useTranslation('automations');
  const templates = useQuery(templatesQuery).data ?? [];
  const navigate = useNavigate();
  return (
    <Group gap={0}>
      <Button
        leftSection={<IconPlus size={16} />}
        onClick={() => void navigate({ to: '/automations/$id', params: { id: 'new' } })}
        data-testid="new-rule"
        style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
      >
        {t('newRule')}
      </Button>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            px={8}
            aria-label={t('fromTemplate')}
            data-testid="rule-templates"
            style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0, marginLeft: 1 }}
          >
            <IconChevronDown size={16} />
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('fromTemplate')}</Menu.Label>
          {templates.map((template) => (
            <Menu.Item
              key={template.key}
              leftSection={<IconTemplate size={16} />}
              onClick={() =>
                void navigate({
                  to: '/automations/$id',
                  params: { id: 'new' },
                  search: { template: template.key },
                })
              }
            >
              <Text size="sm">{template.name}</Text>
              <Text size="xs" c="dimmed">
                {template.description}
              </Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

function RulesTable() {
  const { t } = useTranslation('automations');
  const queryClient = useQueryClient();
  const rules = useQuery(rulesQuery);
  const toggle = useMutation({
    mutationFn: (rule: RuleOut) => patch(`/automations/${rule.id}`, { enabled: !rule.enabled }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey }),
  });
  if (rules.data && rules.data.length === 0)
    return (
      <Alert icon={<IconBolt size={18} />} variant="light" data-testid="rules-empty">
        {t('empty')}
      </Alert>
    );
  return (
    <Table striped highlightOnHover verticalSpacing={6} data-testid="rules-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('columns.name')}</Table.Th>
          <Table.Th>{t('columns.trigger')}</Table.Th>
          <Table.Th>{t('columns.actions')}</Table.Th>
          <Table.Th>{t('columns.lastRun')}</Table.Th>
          <Table.Th>{t('columns.enabled')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(rules.data ?? []).map((rule) => (
          <Table.Tr key={rule.id}>
            <Table.Td>
              <AnchorLink to="/automations/$id" params={{ id: rule.id }} fw={500}>
                {rule.name}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{triggerSummary(t, rule.trigger)}</Table.Td>
            <Table.Td>{rule.actions.map((a) => actionSummary(t, a)).join(', ')}</Table.Td>
            <Table.Td>
              {rule.lastRun ? (
                <Group gap={6} wrap="nowrap">
                  <Badge color={STATUS_COLORS[rule.lastRun.status]} variant="light">
                    {t(`status.${rule.lastRun.status}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(rule.lastRun.startedAt)}
                  </Text>
                </Group>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('neverRan')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Switch
                checked={rule.enabled}
                onChange={() => toggle.mutate(rule)}
                aria-label={t('columns.enabled')}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DeadLetters() {
  const { t } = useTranslation('automations');
  const queryClient = useQueryClient();
  const letters = useQuery(deadLettersQuery);
  const retry = useMutation({
    mutationFn: (delivery: DeliveryOut) => post(`/automations/dead-letters/${delivery.id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deadLettersQuery.queryKey }),
  });
  if (letters.data && letters.data.length === 0)
    return (
      <Alert variant="light" color="green">
        {t('deadLetters.empty')}
      </Alert>
    );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('deadLetters.hint')}
      </Text>
      <Table striped verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.rule')}</Table.Th>
            <Table.Th>{t('deadLetters.url')}</Table.Th>
            <Table.Th>{t('deadLetters.attempts')}</Table.Th>
            <Table.Th>{t('columns.error')}</Table.Th>
            <Table.Th>{t('columns.when')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(letters.data ?? []).map((delivery) => (
            <Table.Tr key={delivery.id}>
              <Table.Td>{delivery.ruleName}</Table.Td>
              <Table.Td>
                <Text size="sm" truncate maw={280}>
                  {delivery.url}
                </Text>
              </Table.Td>
              <Table.Td>
                {delivery.attempts} / {delivery.maxAttempts}
              </Table.Td>
              <Table.Td>{delivery.lastError}</Table.Td>
              <Table.Td>{formatDateTime(delivery.updatedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" onClick={() => retry.mutate(delivery)}>
                  {t('deadLetters.retry')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
