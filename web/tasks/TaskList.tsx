import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import {
  IconCalendarEvent,
  IconMail,
  IconPhone,
  IconRepeat,
  IconFileText,
  IconUsers,
  IconChecklist,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post } from '../lib/api.js';
import { currentLocale } from '../lib/i18n.js';
import { intlTag } from '../../common/locales.js';
import { TASKS_KEY, type Task } from './api.js';
import { TaskForm } from './TaskForm.js';

export const TYPE_ICONS: Record<string, Icon> = {
  call: IconPhone,
  email: IconMail,
  meeting: IconUsers,
  letter: IconFileText,
  offer: IconFileText,
  other: IconChecklist,
};

const PRIORITY_COLORS: Record<string, string> = { high: 'red', normal: 'gray', low: 'blue' };

/** A due time on the viewer's clock: "Thu, 3 Dec, 15:00". */
export function formatDue(task: Pick<Task, 'dueAt' | 'viewerTimeZone'>): string {
  if (!task.dueAt) return '';
  return new Intl.DateTimeFormat(intlTag(currentLocale()), {
    timeZone: task.viewerTimeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(task.dueAt));
}

/** Marks a task done with an optional result note (a modal). */
export function CompleteTask({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [result, setResult] = useState('');
  const complete = useMutation({
    mutationFn: () => post(`/tasks/${task?.id ?? ''}/complete`, { result }),
    onSuccess: async () => {
      setResult('');
      await queryClient.invalidateQueries({ queryKey: TASKS_KEY });
      onClose();
    },
  });
  return (
    <Modal opened={task !== null} onClose={onClose} title={task?.title ?? ''}>
      <Stack>
        <Textarea
          label={t('tasks:complete.result')}
          placeholder={t('tasks:complete.placeholder')}
          value={result}
          onChange={(e) => setResult(e.currentTarget.value)}
          autosize
          minRows={3}
          data-autofocus
          data-testid="task-result"
        />
        {task?.recurrence && (
          <Text size="sm" c="dimmed">
            {t('tasks:complete.nextOccurrence')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button
            onClick={() => complete.mutate()}
            loading={complete.isPending}
            data-testid="task-complete-confirm"
          >
            {t('tasks:complete.action')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const RELATED_PATHS: Record<string, string> = {
  contacts: '/contacts',
  companies: '/companies',
  leads: '/leads',
};

export function TaskTable({
  tasks,
  showOwner = false,
  showRelated = true,
  empty,
}: {
  tasks: Task[];
  showOwner?: boolean;
  showRelated?: boolean;
  empty: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [completing, setCompleting] = useState<Task | null>(null);
  const [editing, setEditing] = useState<Task | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => del(`/tasks/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });
  if (tasks.length === 0)
    return (
      <Text c="dimmed" size="sm" py="md" ta="center">
        {empty}
      </Text>
    );
  return (
    <>
      <Table highlightOnHover data-testid="task-table">
        <Table.Tbody>
          {tasks.map((task) => {
            const TypeIcon = TYPE_ICONS[task.type] ?? IconChecklist;
            const relatedPath = task.related ? RELATED_PATHS[task.related.type] : undefined;
            return (
              <Table.Tr key={task.id} data-testid="task-row" data-task-id={task.id}>
                <Table.Td w={36}>
                  <Checkbox
                    aria-label={t('tasks:complete.action')}
                    checked={task.status === 'done'}
                    disabled={task.status !== 'open'}
                    onChange={() => setCompleting(task)}
                    data-testid="task-done"
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Tooltip label={t(`tasks:types.${task.type}`)}>
                      <TypeIcon size={16} stroke={1.6} />
                    </Tooltip>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      c="inherit"
                      td={task.status === 'done' ? 'line-through' : undefined}
                      onClick={() => setEditing(task)}
                      data-testid="task-title-link"
                    >
                      {task.title}
                    </Anchor>
                    {task.recurrence && (
                      <IconRepeat size={14} aria-label={t('tasks:fields.repeat')} />
                    )}
                    {task.priority !== 'normal' && (
                      <Badge size="xs" variant="light" color={PRIORITY_COLORS[task.priority]}>
                        {t(`tasks:priorities.${task.priority}`)}
                      </Badge>
                    )}
                  </Group>
                  {task.result && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {task.result}
                    </Text>
                  )}
                </Table.Td>
                {showRelated && (
                  <Table.Td>
                    {task.related &&
                      (relatedPath ? (
                        <Anchor component={Link} to={`${relatedPath}/${task.related.id}`} size="sm">
                          {task.related.name || t(`tasks:related.${task.related.type}`)}
                        </Anchor>
                      ) : (
                        <Text size="sm">{task.related.name}</Text>
                      ))}
                  </Table.Td>
                )}
                {showOwner && (
                  <Table.Td>
                    <Text size="sm">{task.owner?.name}</Text>
                  </Table.Td>
                )}
                <Table.Td w={210}>
                  <Group gap={4} wrap="nowrap">
                    <IconCalendarEvent size={14} />
                    <Text
                      size="sm"
                      c={task.overdue ? 'red' : undefined}
                      data-testid="task-due-text"
                    >
                      {formatDue(task) || t('tasks:noDue')}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td w={40}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={t('common:actions.delete')}
                    onClick={() => remove.mutate(task.id)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <CompleteTask task={completing} onClose={() => setCompleting(null)} />
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={t('tasks:edit')}
        position="right"
      >
        {editing && (
          <TaskForm
            task={editing}
            onSaved={() => setEditing(null)}
            onCancel={() => setEditing(null)}
          />
        )}
      </Drawer>
    </>
  );
}
