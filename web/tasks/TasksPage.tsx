import {
  Badge,
  Button,
  Card,
  Drawer,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Title,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useUsers } from '../app/session.js';
import { useServerEvent } from '../lib/events.js';
import { TASKS_KEY, taskListQuery } from './api.js';
import { TaskForm } from './TaskForm.js';
import { TaskTable } from './TaskList.js';

const BUCKETS = ['overdue', 'today', 'upcoming'] as const;

/** "My tasks": overdue / today / upcoming on my clock; managers can look at the team's. */
export function TasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const queryClient = useQueryClient();
  const lead = me.user.role !== 'member';
  const [scope, setScope] = useState<'mine' | 'team'>('mine');
  const [member, setMember] = useState<string | null>(null);
  const [tab, setTab] = useState<string>('today');
  const [creating, setCreating] = useState(false);
  useServerEvent('task.changed', () => void queryClient.invalidateQueries({ queryKey: TASKS_KEY }));

  const owner = scope === 'mine' ? 'me' : (member ?? undefined);
  const params = (extra: Record<string, string>) => ({
    limit: '200',
    ...(owner ? { 'filter[ownerId]': owner } : {}),
    ...extra,
  });
  const overdue = useQuery(taskListQuery(params({ 'filter[due]': 'overdue' })));
  const today = useQuery(taskListQuery(params({ 'filter[due]': 'today' })));
  const upcoming = useQuery(taskListQuery(params({ 'filter[due]': 'upcoming' })));
  const done = useQuery({
    ...taskListQuery(params({ 'filter[status]': 'done', sort: '-completedAt', limit: '50' })),
    enabled: tab === 'done',
  });
  const lists = { overdue, today, upcoming, done };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t(scope === 'mine' ? 'tasks:myTitle' : 'tasks:teamTitle')}</Title>
        <Group gap="xs">
          {lead && (
            <SegmentedControl
              size="xs"
              value={scope}
              onChange={setScope}
              data={[
                { value: 'mine', label: t('tasks:scope.mine') },
                { value: 'team', label: t('tasks:scope.team') },
              ]}
              data-testid="task-scope"
            />
          )}
          {lead && scope === 'team' && (
            <Select
              size="xs"
              w={180}
              placeholder={t('tasks:scope.everyone')}
              data={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
              value={member}
              onChange={setMember}
              clearable
              searchable
            />
          )}
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setCreating(true)}
            data-testid="new-task"
          >
            {t('tasks:new')}
          </Button>
        </Group>
      </Group>
      <Card withBorder padding="xs">
        <Tabs value={tab} onChange={(v) => setTab(v ?? 'today')}>
          <Tabs.List mb="xs">
            {[...BUCKETS, 'done' as const].map((bucket) => {
              const n = lists[bucket].data?.data.length;
              return (
                <Tabs.Tab
                  key={bucket}
                  value={bucket}
                  data-testid={`tasks-tab-${bucket}`}
                  rightSection={
                    bucket !== 'done' && n ? (
                      <Badge
                        size="xs"
                        variant="light"
                        color={bucket === 'overdue' ? 'red' : 'blue'}
                      >
                        {n}
                      </Badge>
                    ) : null
                  }
                >
                  {t(`tasks:buckets.${bucket}`)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
          {[...BUCKETS, 'done' as const].map((bucket) => (
            <Tabs.Panel key={bucket} value={bucket}>
              <TaskTable
                tasks={lists[bucket].data?.data ?? []}
                showOwner={scope === 'team'}
                empty={t(`tasks:empty.${bucket}`)}
              />
            </Tabs.Panel>
          ))}
        </Tabs>
      </Card>
      <Drawer
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('tasks:new')}
        position="right"
      >
        {creating && (
          <TaskForm onSaved={() => setCreating(false)} onCancel={() => setCreating(false)} />
        )}
      </Drawer>
    </Stack>
  );
}
