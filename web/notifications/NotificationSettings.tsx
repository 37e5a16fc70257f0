import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/session.js';
import { get, post, patch, api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';

interface Preferences {
  inApp: boolean;
  email: boolean;
  quietFrom: number | null;
  quietTo: number | null;
}

const toHhmm = (minutes: number | null) =>
  minutes === null
    ? ''
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const fromHhmm = (value: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** My channels and quiet hours; for administrators also escalation and failed emails. */
export function NotificationSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => get<Preferences>('/notifications/preferences'),
  });
  const [quietFrom, setQuietFrom] = useState('');
  const [quietTo, setQuietTo] = useState('');
  useEffect(() => {
    if (!prefs.data) return;
    setQuietFrom(toHhmm(prefs.data.quietFrom));
    setQuietTo(toHhmm(prefs.data.quietTo));
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: (body: Partial<Preferences>) =>
      api<Preferences>('PUT', '/notifications/preferences', body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['notification-preferences'] });
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
  });
  const permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  return (
    <Stack maw={640}>
      <Card withBorder>
        <Stack>
          <Title order={4}>{t('notifications:settings.channels')}</Title>
          <Switch
            label={t('notifications:settings.inApp')}
            checked={prefs.data?.inApp ?? true}
            onChange={(e) => save.mutate({ inApp: e.currentTarget.checked })}
          />
          <Switch
            label={t('notifications:settings.email')}
            checked={prefs.data?.email ?? true}
            onChange={(e) => save.mutate({ email: e.currentTarget.checked })}
          />
          <Group>
            <Text size="sm">{t('notifications:settings.desktop')}:</Text>
            <Badge variant="light">{t(`notifications:permission.${permission}`)}</Badge>
            {permission === 'default' && (
              <Button size="compact-xs" onClick={() => void Notification.requestPermission()}>
                {t('notifications:enableDesktop')}
              </Button>
            )}
          </Group>
          <Title order={5}>{t('notifications:settings.quietHours')}</Title>
          <Text size="sm" c="dimmed">
            {t('notifications:settings.quietHelp')}
          </Text>
          <Group align="flex-end">
            <TextInput
              type="time"
              label={t('notifications:settings.from')}
              value={quietFrom}
              onChange={(e) => setQuietFrom(e.currentTarget.value)}
            />
            <TextInput
              type="time"
              label={t('notifications:settings.to')}
              value={quietTo}
              onChange={(e) => setQuietTo(e.currentTarget.value)}
            />
            <Button
              onClick={() =>
                save.mutate({ quietFrom: fromHhmm(quietFrom), quietTo: fromHhmm(quietTo) })
              }
              loading={save.isPending}
            >
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
      {me.user.role === 'admin' && <EscalationSettings />}
      {me.user.role === 'admin' && <FailedMail />}
    </Stack>
  );
}

function EscalationSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['task-settings'],
    queryFn: () => get<{ escalationDays: number; escalateToManager: boolean }>('/tasks/settings'),
  });
  const save = useMutation({
    mutationFn: (body: { escalationDays?: number; escalateToManager?: boolean }) =>
      patch('/tasks/settings', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['task-settings'] }),
  });
  if (!settings.data) return null;
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('notifications:settings.escalation')}</Title>
        <NumberInput
          label={t('notifications:settings.escalationDays')}
          min={1}
          max={365}
          w={220}
          defaultValue={settings.data.escalationDays}
          onBlur={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isInteger(n) && n >= 1) save.mutate({ escalationDays: n });
          }}
        />
        <Switch
          label={t('notifications:settings.escalateToManager')}
          checked={settings.data.escalateToManager}
          onChange={(e) => save.mutate({ escalateToManager: e.currentTarget.checked })}
        />
      </Stack>
    </Card>
  );
}

interface OutboxItem {
  id: string;
  to: string[];
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

function FailedMail() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const failed = useQuery({
    queryKey: ['mail-outbox', 'failed'],
    queryFn: () => get<{ data: OutboxItem[] }>('/mail/outbox?status=failed'),
  });
  const retry = useMutation({
    mutationFn: (id: string) => post(`/mail/outbox/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mail-outbox'] }),
  });
  const rows = failed.data?.data ?? [];
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('notifications:settings.failedMail')}</Title>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('notifications:settings.noFailedMail')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm">{m.subject}</Text>
                    <Text size="xs" c="dimmed">
                      {m.to.join(', ')} · {formatDateTime(m.createdAt)} · {m.lastError}
                    </Text>
                  </Table.Td>
                  <Table.Td w={100}>
                    <Button size="compact-xs" variant="light" onClick={() => retry.mutate(m.id)}>
                      {t('common:actions.retry')}
                    </Button>
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
