import { Alert, Button, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localDateTime } from '../../common/time.js';
import { useMe, useUsers } from '../app/session.js';
import { ApiError, patch, post } from '../lib/api.js';
import {
  REMINDER_CHOICES,
  REPEAT_CHOICES,
  TASK_PRIORITIES,
  TASK_TYPES,
  TASKS_KEY,
  repeatOf,
  useMyTimeZone,
  type Task,
} from './api.js';

export interface TaskFormProps {
  task?: Task;
  related?: { type: string; id: string };
  /** Initial due time for a new task (`YYYY-MM-DDTHH:mm` on the user's clock). */
  due?: string;
  onSaved: (task: Task) => void;
  onCancel: () => void;
}

export function TaskForm({ task, related, due, onSaved, onCancel }: TaskFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const zone = useMyTimeZone();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      title: task?.title ?? '',
      type: task?.type ?? 'call',
      ownerId: task?.ownerId ?? me.user.id,
      dueAt: task?.dueAt ? localDateTime(new Date(task.dueAt), zone) : (due ?? ''),
      priority: task?.priority ?? 'normal',
      reminder:
        task?.reminderMinutes === null || !task ? (task ? '' : '15') : String(task.reminderMinutes),
      repeat: repeatOf(task?.recurrence ?? null) ?? '',
      description: task?.description ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = {
        title: v.title,
        type: v.type,
        ownerId: v.ownerId,
        dueAt: v.dueAt || null,
        timeZone: zone,
        priority: v.priority,
        reminderMinutes: v.reminder === '' ? null : Number(v.reminder),
        recurrence: v.repeat ? `FREQ=${v.repeat}` : null,
        description: v.description || null,
      };
      if (task)
        return patch<Task>(
          `/tasks/${task.id}`,
          // Keep a custom RRULE the simple choice cannot show.
          repeatOf(task.recurrence) === (v.repeat || null)
            ? { ...body, recurrence: task.recurrence }
            : body,
          { headers: { 'if-match': String(task.version) } },
        );
      return post<Task>('/tasks', {
        ...body,
        ...(related ? { relatedType: related.type, relatedId: related.id } : {}),
      });
    },
    meta: { silent: true },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: TASKS_KEY });
      onSaved(saved);
    },
    onError: (error) => error instanceof ApiError && form.setErrors(error.fieldErrors()),
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} data-testid="task-form">
      <Stack gap="sm">
        {save.error && !(save.error instanceof ApiError && save.error.details.length) && (
          <Alert color="red">{save.error.message}</Alert>
        )}
        <TextInput
          label={t('tasks:fields.title')}
          required
          data-autofocus
          {...form.getInputProps('title')}
          data-testid="task-title"
        />
        <Group grow>
          <Select
            label={t('tasks:fields.type')}
            data={TASK_TYPES.map((v) => ({ value: v, label: t(`tasks:types.${v}`) }))}
            allowDeselect={false}
            {...form.getInputProps('type')}
            data-testid="task-type"
          />
          <Select
            label={t('tasks:fields.priority')}
            data={TASK_PRIORITIES.map((v) => ({ value: v, label: t(`tasks:priorities.${v}`) }))}
            allowDeselect={false}
            {...form.getInputProps('priority')}
          />
        </Group>
        <TextInput
          type="datetime-local"
          label={t('tasks:fields.due')}
          description={zone}
          {...form.getInputProps('dueAt')}
          error={form.errors.dueAt ?? form.errors.timeZone}
          data-testid="task-due"
        />
        <Group grow>
          <Select
            label={t('tasks:fields.reminder')}
            data={[
              { value: '', label: t('tasks:reminders.none') },
              ...REMINDER_CHOICES.map((m) => ({
                value: String(m),
                label: t(`tasks:reminders.m${m}`),
              })),
            ]}
            allowDeselect={false}
            {...form.getInputProps('reminder')}
            data-testid="task-reminder"
          />
          <Select
            label={t('tasks:fields.repeat')}
            data={[
              { value: '', label: t('tasks:repeat.none') },
              ...REPEAT_CHOICES.map((f) => ({ value: f, label: t(`tasks:repeat.${f}`) })),
            ]}
            allowDeselect={false}
            {...form.getInputProps('repeat')}
            error={form.errors.recurrence}
          />
        </Group>
        <Select
          label={t('tasks:fields.owner')}
          data={users
            .filter((u) => u.active || u.id === task?.ownerId)
            .map((u) => ({ value: u.id, label: u.name }))}
          searchable
          allowDeselect={false}
          {...form.getInputProps('ownerId')}
        />
        <Textarea
          label={t('tasks:fields.description')}
          autosize
          minRows={2}
          {...form.getInputProps('description')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="task-save">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
