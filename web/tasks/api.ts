import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TaskOut } from '../../server/tasks/schema.js';
import { useMe } from '../app/session.js';
import { get } from '../lib/api.js';

export type Task = TaskOut;
export type TaskPage = { data: Task[]; nextCursor: string | null };

export const TASK_TYPES = ['call', 'email', 'meeting', 'letter', 'offer', 'other'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const REMINDER_CHOICES = [0, 5, 15, 30, 60, 120, 1440] as const;
export const REPEAT_CHOICES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;

/** Every cached task query starts with this key; invalidate it after any task change. */
export const TASKS_KEY = ['tasks'];

export const taskListQuery = (params: Record<string, string>) =>
  queryOptions({
    queryKey: [...TASKS_KEY, 'list', params],
    queryFn: ({ signal }) =>
      get<TaskPage>(`/tasks?${new URLSearchParams(params).toString()}`, { signal }),
  });

/** The time zone the signed-in user works in (their schedule's, else the workspace's). */
export function useMyTimeZone(): string {
  const me = useMe();
  const { data } = useQuery({
    queryKey: ['work-schedule', me.user.id],
    queryFn: () => get<{ timeZone: string }>(`/work-schedules/${me.user.id}`),
    staleTime: 5 * 60_000,
  });
  return data?.timeZone ?? me.workspace.timezone;
}

/** The RRULE frequency of a task's recurrence, when it is one of the simple choices. */
export function repeatOf(rule: string | null): string | null {
  if (!rule) return null;
  const match = /FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)/.exec(rule);
  return match?.[1] ?? null;
}
