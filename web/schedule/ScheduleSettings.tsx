import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useUsers } from '../app/session.js';
import { ApiError, api, del, get, post } from '../lib/api.js';
import { formatDate } from '../lib/format.js';
import { intlTag } from '../../common/locales.js';
import { currentLocale } from '../lib/i18n.js';

interface Schedule {
  userId: string;
  timeZone: string;
  hours: { day: number; from: string; to: string }[];
  deputyId: string | null;
  managerId: string | null;
}
interface Absence {
  id: string;
  userId: string;
  kind: string;
  startsOn: string;
  endsOn: string;
  deputyId: string | null;
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];
const ZONES: string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/** Working hours, time zone, deputy and manager; absences; my calendar feed. */
export function ScheduleSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const lead = me.user.role !== 'member';
  const [userId, setUserId] = useState(me.user.id);
  const people = users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  return (
    <Stack maw={760}>
      {lead && (
        <Select
          label={t('schedule:employee')}
          data={people}
          value={userId}
          onChange={(v) => setUserId(v ?? me.user.id)}
          searchable
          allowDeselect={false}
          w={280}
        />
      )}
      <WorkingHours key={userId} userId={userId} people={people} />
      <Absences userId={userId} people={people} />
      {userId === me.user.id && <CalendarFeed />}
    </Stack>
  );
}

function WorkingHours({
  userId,
  people,
}: {
  userId: string;
  people: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const schedule = useQuery({
    queryKey: ['work-schedule', userId],
    queryFn: () => get<Schedule>(`/work-schedules/${userId}`),
  });
  const [draft, setDraft] = useState<Schedule | null>(null);
  useEffect(() => {
    if (schedule.data) setDraft(schedule.data);
  }, [schedule.data]);
  const save = useMutation({
    mutationFn: (body: Schedule) =>
      api<Schedule>('PUT', `/work-schedules/${userId}`, {
        timeZone: body.timeZone,
        hours: body.hours,
        deputyId: body.deputyId,
        managerId: body.managerId,
      }),
    meta: { silent: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['work-schedule', userId] });
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        message:
          error instanceof ApiError ? (error.details[0]?.message ?? error.message) : error.message,
      }),
  });
  if (!draft) return null;
  const dayName = (day: number) =>
    new Intl.DateTimeFormat(intlTag(currentLocale()), { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, day)), // 1 Jan 2024 was a Monday
    );
  const setDay = (day: number, value: { from: string; to: string } | null) =>
    setDraft({
      ...draft,
      hours: [
        ...draft.hours.filter((h) => h.day !== day),
        ...(value ? [{ day, ...value }] : []),
      ].sort((a, b) => a.day - b.day),
    });
  const others = people.filter((p) => p.value !== userId);
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('schedule:hours')}</Title>
        <Select
          label={t('schedule:timeZone')}
          data={ZONES}
          value={draft.timeZone}
          onChange={(v) => v && setDraft({ ...draft, timeZone: v })}
          searchable
          allowDeselect={false}
          w={280}
          data-testid="schedule-timezone"
        />
        <Table>
          <Table.Tbody>
            {DAYS.map((day) => {
              const h = draft.hours.find((x) => x.day === day);
              return (
                <Table.Tr key={day}>
                  <Table.Td w={170}>
                    <Checkbox
                      label={dayName(day)}
                      checked={Boolean(h)}
                      onChange={(e) =>
                        setDay(day, e.currentTarget.checked ? { from: '08:00', to: '16:00' } : null)
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    {h && (
                      <Group gap="xs">
                        <TextInput
                          type="time"
                          size="xs"
                          value={h.from}
                          aria-label={t('schedule:from')}
                          onChange={(e) => setDay(day, { from: e.currentTarget.value, to: h.to })}
                        />
                        –
                        <TextInput
                          type="time"
                          size="xs"
                          value={h.to}
                          aria-label={t('schedule:to')}
                          onChange={(e) => setDay(day, { from: h.from, to: e.currentTarget.value })}
                        />
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group grow>
          <Select
            label={t('schedule:deputy')}
            description={t('schedule:deputyHelp')}
            data={others}
            value={draft.deputyId}
            onChange={(v) => setDraft({ ...draft, deputyId: v })}
            clearable
            searchable
          />
          <Select
            label={t('schedule:manager')}
            description={t('schedule:managerHelp')}
            data={others}
            value={draft.managerId}
            onChange={(v) => setDraft({ ...draft, managerId: v })}
            clearable
            searchable
          />
        </Group>
        <Group justify="flex-end">
          <Button
            onClick={() => save.mutate(draft)}
            loading={save.isPending}
            data-testid="schedule-save"
          >
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Absences({
  userId,
  people,
}: {
  userId: string;
  people: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<string>('vacation');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [deputyId, setDeputyId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['absences', userId],
    queryFn: () => get<{ data: Absence[] }>(`/absences?userId=${userId}`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['absences', userId] });
  const add = useMutation({
    mutationFn: () =>
      post<{ handedOver: number }>('/absences', { userId, kind, startsOn, endsOn, deputyId }),
    meta: { silent: true },
    onSuccess: async (result) => {
      setStartsOn('');
      setEndsOn('');
      await refresh();
      notifications.show({
        color: 'green',
        message: t('schedule:handedOver', { count: result.handedOver }),
      });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        message:
          error instanceof ApiError ? (error.details[0]?.message ?? error.message) : error.message,
      }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/absences/${id}`),
    onSuccess: refresh,
  });
  const name = (id: string | null) => people.find((p) => p.value === id)?.label ?? '—';
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('schedule:absences')}</Title>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('schedule:kind')}
            data={['vacation', 'sick_leave', 'other'].map((k) => ({
              value: k,
              label: t(`schedule:kinds.${k}`),
            }))}
            value={kind}
            onChange={(v) => setKind(v ?? 'vacation')}
            allowDeselect={false}
            w={160}
          />
          <TextInput
            type="date"
            label={t('schedule:startsOn')}
            value={startsOn}
            onChange={(e) => setStartsOn(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('schedule:endsOn')}
            value={endsOn}
            onChange={(e) => setEndsOn(e.currentTarget.value)}
          />
          <Select
            label={t('schedule:deputy')}
            placeholder={t('schedule:scheduleDeputy')}
            data={people.filter((p) => p.value !== userId)}
            value={deputyId}
            onChange={setDeputyId}
            clearable
            w={200}
          />
          <Button
            onClick={() => add.mutate()}
            disabled={!startsOn || !endsOn}
            loading={add.isPending}
          >
            {t('schedule:addAbsence')}
          </Button>
        </Group>
        {(list.data?.data.length ?? 0) === 0 ? (
          <Text size="sm" c="dimmed">
            {t('schedule:noAbsences')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {list.data?.data.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{t(`schedule:kinds.${a.kind}`)}</Table.Td>
                  <Table.Td>
                    {formatDate(a.startsOn)} – {formatDate(a.endsOn)}
                  </Table.Td>
                  <Table.Td>
                    {a.deputyId ? name(a.deputyId) : t('schedule:scheduleDeputy')}
                  </Table.Td>
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common:actions.delete')}
                      onClick={() => remove.mutate(a.id)}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function CalendarFeed() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const feed = useQuery({
    queryKey: ['calendar-feed'],
    queryFn: () => get<{ url: string }>('/calendar/feed'),
  });
  const renew = useMutation({
    mutationFn: () => post<{ url: string }>('/calendar/feed'),
    onSuccess: (data) => queryClient.setQueryData(['calendar-feed'], data),
  });
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('schedule:feed.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('schedule:feed.help')}
        </Text>
        <Group wrap="nowrap">
          <TextInput
            value={feed.data?.url ?? ''}
            readOnly
            style={{ flex: 1 }}
            data-testid="feed-url"
          />
          <CopyButton value={feed.data?.url ?? ''}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('common:actions.copied') : t('common:actions.copy')}
              </Button>
            )}
          </CopyButton>
          <Button
            variant="light"
            color="orange"
            onClick={() => renew.mutate()}
            loading={renew.isPending}
          >
            {t('schedule:feed.renew')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
