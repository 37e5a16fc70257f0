import {
  ActionIcon,
  Button,
  Card,
  Drawer,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag } from '../../common/locales.js';
import { localDate, startOfLocalDay } from '../../common/time.js';
import { get, patch } from '../lib/api.js';
import { useServerEvent } from '../lib/events.js';
import { currentLocale } from '../lib/i18n.js';
import { TASKS_KEY, useMyTimeZone, type Task } from '../tasks/api.js';
import { TaskForm } from '../tasks/TaskForm.js';
import { TYPE_ICONS } from '../tasks/TaskList.js';
import { daysOf, shift, type CalendarView } from '../../common/calendar.js';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const pad = (n: number) => String(n).padStart(2, '0');

/** Tasks and meetings by day, week or month; drag a task to another day (or hour) to move it. */
export function CalendarPage() {
  const { t } = useTranslation();
  const zone = useMyTimeZone();
  const queryClient = useQueryClient();
  const today = localDate(new Date(), zone);
  const [view, setView] = useState<CalendarView>('week');
  const [anchor, setAnchor] = useState(today);
  const [team, setTeam] = useState(false);
  const [editing, setEditing] = useState<Task | null>(null);
  const [creatingAt, setCreatingAt] = useState<string | null>(null);
  const days = daysOf(view, anchor);
  const from = startOfLocalDay(days[0] ?? anchor, zone).toISOString();
  const to = startOfLocalDay(days[days.length - 1] ?? anchor, zone, 1).toISOString();
  const calendar = useQuery({
    queryKey: [...TASKS_KEY, 'calendar', from, to, team],
    queryFn: ({ signal }) =>
      get<{ data: Task[] }>(
        `/calendar?${new URLSearchParams({ from, to, ...(team ? { team: 'true' } : {}) }).toString()}`,
        { signal },
      ),
  });
  useServerEvent('task.changed', () => void queryClient.invalidateQueries({ queryKey: TASKS_KEY }));
  const move = useMutation({
    mutationFn: ({ task, dueAt }: { task: Task; dueAt: string }) =>
      patch(
        `/tasks/${task.id}`,
        { dueAt, timeZone: zone },
        { headers: { 'if-match': String(task.version) } },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });

  const tasks = calendar.data?.data ?? [];
  const byDay = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task.dueLocal) continue;
    const key = task.dueLocal.slice(0, 10);
    byDay.set(key, [...(byDay.get(key) ?? []), task]);
  }
  const tag = intlTag(currentLocale());
  const dayLabel = (date: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(tag, { ...options, timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`),
    );
  const title =
    view === 'month'
      ? dayLabel(anchor, { month: 'long', year: 'numeric' })
      : view === 'week'
        ? `${dayLabel(days[0] ?? anchor, { day: 'numeric', month: 'short' })} – ${dayLabel(days[6] ?? anchor, { day: 'numeric', month: 'short', year: 'numeric' })}`
        : dayLabel(anchor, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

  const onDrop = (event: DragEvent, date: string, hour?: number) => {
    event.preventDefault();
    const id = event.dataTransfer.getData('text/task-id');
    const task = tasks.find((x) => x.id === id);
    if (!task?.dueLocal) return;
    const time =
      hour === undefined
        ? task.dueLocal.slice(11, 16)
        : `${pad(hour)}:${task.dueLocal.slice(14, 16)}`;
    const dueAt = `${date}T${time}`;
    if (dueAt !== task.dueLocal) move.mutate({ task, dueAt });
  };
  const allowDrop = (event: DragEvent) => event.preventDefault();

  const chip = (task: Task) => {
    const TypeIcon = TYPE_ICONS[task.type];
    return (
      <UnstyledButton
        key={task.id}
        draggable={task.status === 'open'}
        onDragStart={(e) => e.dataTransfer.setData('text/task-id', task.id)}
        onClick={(e) => {
          e.stopPropagation();
          setEditing(task);
        }}
        px={4}
        py={1}
        w="100%"
        data-testid="calendar-task"
        data-task-id={task.id}
        style={{
          borderRadius: 4,
          fontSize: 12,
          background:
            task.status === 'done'
              ? 'var(--mantine-color-gray-light)'
              : 'var(--mantine-color-blue-light)',
          borderLeft: `3px solid var(--mantine-color-${task.overdue ? 'red' : task.type === 'meeting' ? 'grape' : 'blue'}-6)`,
          textDecoration: task.status === 'done' ? 'line-through' : undefined,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
        title={`${task.dueLocal?.slice(11, 16) ?? ''} ${task.title}${team && task.owner ? ` — ${task.owner.name}` : ''}`}
      >
        {TypeIcon && <TypeIcon size={11} style={{ verticalAlign: -1, marginRight: 3 }} />}
        {task.dueLocal?.slice(11, 16)} {task.title}
        {team && task.owner ? ` · ${task.owner.name}` : ''}
      </UnstyledButton>
    );
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2}>{t('calendar:title')}</Title>
          <ActionIcon
            variant="default"
            onClick={() => setAnchor(shift(view, anchor, -1))}
            aria-label={t('calendar:previous')}
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Button size="xs" variant="default" onClick={() => setAnchor(today)}>
            {t('calendar:today')}
          </Button>
          <ActionIcon
            variant="default"
            onClick={() => setAnchor(shift(view, anchor, 1))}
            aria-label={t('calendar:next')}
          >
            <IconChevronRight size={16} />
          </ActionIcon>
          <Text fw={600} data-testid="calendar-title">
            {title}
          </Text>
        </Group>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={team ? 'team' : 'mine'}
            onChange={(v) => setTeam(v === 'team')}
            data={[
              { value: 'mine', label: t('tasks:scope.mine') },
              { value: 'team', label: t('tasks:scope.team') },
            ]}
            data-testid="calendar-scope"
          />
          <SegmentedControl
            size="xs"
            value={view}
            onChange={setView}
            data={(['day', 'week', 'month'] as const).map((v) => ({
              value: v,
              label: t(`calendar:views.${v}`),
            }))}
            data-testid="calendar-view"
          />
        </Group>
      </Group>
      <Card withBorder padding={0}>
        {view === 'day' ? (
          <Stack gap={0}>
            {HOURS.map((hour) => (
              <Group
                key={hour}
                gap="xs"
                wrap="nowrap"
                align="flex-start"
                onDragOver={allowDrop}
                onDrop={(e) => onDrop(e, anchor, hour)}
                onClick={() => setCreatingAt(`${anchor}T${pad(hour)}:00`)}
                style={{
                  borderTop: '1px solid var(--mantine-color-default-border)',
                  minHeight: 32,
                }}
                data-testid={`calendar-hour-${hour}`}
              >
                <Text size="xs" c="dimmed" w={48} ta="right" pt={4}>
                  {pad(hour)}:00
                </Text>
                <Stack gap={2} py={2} style={{ flex: 1, minWidth: 0 }}>
                  {(byDay.get(anchor) ?? [])
                    .filter((x) => Number(x.dueLocal?.slice(11, 13)) === hour)
                    .map(chip)}
                </Stack>
              </Group>
            ))}
          </Stack>
        ) : (
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
            }}
          >
            {days.slice(0, 7).map((day) => (
              <Text
                key={`h-${day}`}
                size="xs"
                c="dimmed"
                ta="center"
                py={4}
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              >
                {dayLabel(day, { weekday: 'short' })}
              </Text>
            ))}
            {days.map((day) => {
              const outside = view === 'month' && day.slice(0, 7) !== anchor.slice(0, 7);
              return (
                <div
                  key={day}
                  onDragOver={allowDrop}
                  onDrop={(e) => onDrop(e, day)}
                  onClick={() => setCreatingAt(`${day}T09:00`)}
                  data-testid={`calendar-day-${day}`}
                  style={{
                    minHeight: view === 'week' ? 320 : 96,
                    padding: 4,
                    borderRight: '1px solid var(--mantine-color-default-border)',
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                    background: day === today ? 'var(--mantine-color-yellow-light)' : undefined,
                    opacity: outside ? 0.55 : 1,
                    overflow: 'hidden',
                  }}
                >
                  <Text size="xs" fw={day === today ? 700 : 500} mb={2}>
                    {Number(day.slice(8, 10))}
                  </Text>
                  <Stack gap={2}>{(byDay.get(day) ?? []).map(chip)}</Stack>
                </div>
              );
            })}
          </div>
        )}
      </Card>
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
      <Drawer
        opened={creatingAt !== null}
        onClose={() => setCreatingAt(null)}
        title={t('tasks:new')}
        position="right"
      >
        {creatingAt && (
          <TaskForm
            due={creatingAt}
            onSaved={() => setCreatingAt(null)}
            onCancel={() => setCreatingAt(null)}
          />
        )}
      </Drawer>
    </Stack>
  );
}
