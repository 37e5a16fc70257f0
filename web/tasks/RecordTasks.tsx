import { Button, Drawer, Group, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taskListQuery } from './api.js';
import { TaskForm } from './TaskForm.js';
import { TaskTable } from './TaskList.js';

/** The tasks section of a record page: open ones first by due time, then recently done. */
export function RecordTasks({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const base = { 'filter[relatedType]': object, 'filter[relatedId]': id, limit: '100' };
  const open = useQuery(taskListQuery({ ...base, 'filter[status]': 'open' }));
  const done = useQuery(
    taskListQuery({ ...base, 'filter[status][ne]': 'open', sort: '-updatedAt' }),
  );
  return (
    <Stack gap="xs" data-testid="record-tasks">
      <Group justify="flex-end">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => setCreating(true)}
          data-testid="record-new-task"
        >
          {t('tasks:new')}
        </Button>
      </Group>
      <TaskTable
        tasks={open.data?.data ?? []}
        showRelated={false}
        showOwner
        empty={t('tasks:empty.record')}
      />
      {(done.data?.data.length ?? 0) > 0 && (
        <TaskTable tasks={done.data?.data ?? []} showRelated={false} showOwner empty="" />
      )}
      <Drawer
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('tasks:new')}
        position="right"
      >
        {creating && (
          <TaskForm
            related={{ type: object, id }}
            onSaved={() => setCreating(false)}
            onCancel={() => setCreating(false)}
          />
        )}
      </Drawer>
    </Stack>
  );
}

/** What a task entry of the timeline says (created / completed / cancelled / reassigned). */
export function TaskTimelineDetails({ data }: { data: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  if (!data) return null;
  const type = typeof data.type === 'string' ? data.type : 'other';
  return (
    <Group gap={6} mt={6} pl={36}>
      <span style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
        {t(`tasks:timeline.${String(data.event)}`, { defaultValue: String(data.event) })}:{' '}
        <b>{typeof data.title === 'string' ? data.title : ''}</b> ({t(`tasks:types.${type}`)})
      </span>
    </Group>
  );
}
