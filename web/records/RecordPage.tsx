import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Center,
  Drawer,
  Grid,
  Group,
  Loader,
  Select,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowBackUp, IconPencil, IconTrash } from '@tabler/icons-react';
import { HistoryTab } from '../access/HistoryTab.js';
import { ShareButton } from '../access/ShareButton.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../common/locales.js';
import { localized } from '../../common/records.js';
import { useUsers } from '../app/session.js';
import { del, get, patch, post } from '../lib/api.js';
import { formatDateTime, initials } from '../lib/format.js';
import { CustomValue } from './CustomValue.js';
import { useFieldDefinitions } from './fields.js';
import { Timeline, timelineKey } from './Timeline.js';
import { RecordTasks } from '../tasks/RecordTasks.js';
import type { BaseRecord, RecordConfig } from './types.js';

export const recordKey = (object: string, id: string) => [object, 'record', id];

/** One label/value line of the record page's facts column. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (
    children === null ||
    children === undefined ||
    children === '' ||
    (Array.isArray(children) && children.length === 0)
  )
    return null;
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div style={{ fontSize: 'var(--mantine-font-size-sm)' }}>{children}</div>
    </div>
  );
}

export function RecordPage<T extends BaseRecord>({ config }: { config: RecordConfig<T> }) {
  const { t, i18n } = useTranslation();
  const id = useParams({ strict: false }).id ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const users = useUsers();
  const defs = useFieldDefinitions(config.object);
  const [editing, setEditing] = useState(false);
  const record = useQuery({
    queryKey: recordKey(config.object, id),
    queryFn: () => get<T>(`/${config.object}/${id}`),
    // Shown from the cache at once, then refreshed: automations and colleagues change records.
    refetchOnMount: 'always',
  });

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: recordKey(config.object, id) });
    await queryClient.invalidateQueries({ queryKey: timelineKey(config.object, id) });
    await queryClient.invalidateQueries({ queryKey: [config.object, 'list'] });
  };
  const changeOwner = useMutation({
    mutationFn: (ownerId: string | null) =>
      patch(
        `/${config.object}/${id}`,
        { ownerId },
        { headers: { 'if-match': String(record.data?.version ?? '') } },
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => del(`/${config.object}/${id}`),
    onSuccess: async () => {
      await refresh();
      await navigate({ to: config.path });
    },
  });
  const restore = useMutation({
    mutationFn: () => post(`/${config.object}/${id}/restore`),
    onSuccess: refresh,
  });

  if (record.isLoading) {
    return (
      <Center h={300}>
        <Loader />
      </Center>
    );
  }
  if (record.isError || !record.data) {
    return (
      <Center h={300}>
        <Stack align="center">
          <Text>{record.error?.message ?? t('common:notFound.text')}</Text>
          <Button component={Link} to={config.path} variant="default">
            {t(`${config.ns}:title`)}
          </Button>
        </Stack>
      </Center>
    );
  }
  const data = record.data;
  const title = config.title(data);
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const visibleDefs = defs.filter((d) => !d.hidden);

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('common:record.deleteTitle', { name: title }),
      children: <Text size="sm">{t('common:record.deleteText')}</Text>,
      labels: { confirm: t('common:actions.delete'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={config.path} size="sm">
          {t(`${config.ns}:title`)}
        </Anchor>
        <Text size="sm">{title}</Text>
      </Breadcrumbs>
      {data.deletedAt && (
        <Alert color="orange" title={t('common:record.deleted')}>
          <Group justify="space-between">
            <Text size="sm">
              {t('common:record.deletedAt', { date: formatDateTime(data.deletedAt) })}
            </Text>
            <Button
              size="xs"
              leftSection={<IconArrowBackUp size={14} />}
              onClick={() => restore.mutate()}
              loading={restore.isPending}
              data-testid="restore"
            >
              {t('common:actions.restore')}
            </Button>
          </Group>
        </Alert>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="md" wrap="nowrap">
          <Avatar size="lg" radius="xl" color="blue">
            {initials(title)}
          </Avatar>
          <div>
            <Title order={2} data-testid="record-title">
              {title}
            </Title>
            {config.subtitle?.(data) && <Text c="dimmed">{config.subtitle(data)}</Text>}
            {config.facts && (
              <Group gap="md" mt={4}>
                {config.facts(data)}
              </Group>
            )}
          </div>
        </Group>
        <Group gap="xs">
          <Select
            size="xs"
            w={180}
            aria-label={t('common:record.owner')}
            placeholder={t('common:record.noOwner')}
            data={users
              .filter((u) => u.active || u.id === data.ownerId)
              .map((u) => ({ value: u.id, label: u.name }))}
            value={data.ownerId}
            onChange={(ownerId) => changeOwner.mutate(ownerId)}
            disabled={Boolean(data.deletedAt)}
            clearable
            searchable
            data-testid="owner-select"
          />
          {config.Actions && !data.deletedAt && <config.Actions record={data} />}
          {!data.deletedAt && <ShareButton object={config.object} id={data.id} />}
          {!data.deletedAt && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} />}
              onClick={() => setEditing(true)}
              data-testid="edit-record"
            >
              {t('common:actions.edit')}
            </Button>
          )}
          {!data.deletedAt && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={confirmDelete}
            >
              {t('common:actions.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="md">
            <Stack gap="sm">
              <config.Details record={data} />
              {data.tags.length > 0 && (
                <Fact label={t('common:record.tags')}>
                  <Group gap={4}>
                    {data.tags.map((tag) => (
                      <Badge key={tag} variant="light">
                        {tag}
                      </Badge>
                    ))}
                  </Group>
                </Fact>
              )}
              {visibleDefs.map((def) => (
                <Fact key={def.id} label={localized(def.label, locale)}>
                  {data.custom[def.key] === undefined ? null : (
                    <CustomValue field={def} value={data.custom[def.key]} />
                  )}
                </Fact>
              ))}
              <Text size="xs" c="dimmed">
                {t('common:record.created', { date: formatDateTime(data.createdAt) })} ·{' '}
                {t('common:record.updated', { date: formatDateTime(data.updatedAt) })}
              </Text>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs defaultValue="timeline" keepMounted={false}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="timeline">{t('common:timeline.title')}</Tabs.Tab>
              <Tabs.Tab value="tasks" data-testid="record-tasks-tab">
                {t('tasks:title')}
              </Tabs.Tab>
              <Tabs.Tab value="history" data-testid="history-tab">
                {t('access:history.title')}
              </Tabs.Tab>
              {config.tabs?.map((tab) => (
                <Tabs.Tab key={tab.key} value={tab.key}>
                  {tab.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="timeline">
              <Timeline object={config.object} id={data.id} ns={config.ns} />
            </Tabs.Panel>
            <Tabs.Panel value="tasks">
              <RecordTasks object={config.object} id={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <HistoryTab object={config.object} id={data.id} />
            </Tabs.Panel>
            {config.tabs?.map((tab) => (
              <Tabs.Panel key={tab.key} value={tab.key}>
                <tab.Component record={data} />
              </Tabs.Panel>
            ))}
          </Tabs>
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('common:actions.edit')}
        position="right"
        size="lg"
      >
        {editing && (
          <config.Form
            record={data}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              void refresh();
            }}
          />
        )}
      </Drawer>
    </Stack>
  );
}
