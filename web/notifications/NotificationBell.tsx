import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../lib/api.js';
import { useServerEvent } from '../lib/events.js';
import { formatRelative } from '../lib/format.js';

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
}

const KEY = ['notifications'];

function browserNotify(n: AppNotification, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const shown = new Notification(n.title, { body: n.body ?? undefined, tag: n.id });
  shown.onclick = () => {
    window.focus();
    onClick();
  };
}

/** The bell with the unread count: latest notifications, toasts and browser notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [opened, setOpened] = useState(false);
  const [permission, setPermission] = useState(
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => get<{ data: AppNotification[]; unread: number }>('/notifications?limit=15'),
    refetchInterval: 5 * 60_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const read = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => post('/notifications/read', body),
    onSuccess: refresh,
  });
  const open = (n: AppNotification) => {
    if (!n.read) read.mutate({ ids: [n.id] });
    setOpened(false);
    if (n.link?.startsWith('/')) router.history.push(n.link);
    else if (n.link) window.open(n.link, '_blank', 'noopener');
  };
  useServerEvent('notification.created', (data) => {
    const n = data as AppNotification & { quiet?: boolean };
    void refresh();
    if (n.quiet) return;
    toasts.show({
      id: n.id,
      title: n.title,
      message: n.body ?? t('notifications:toast.open'),
      onClick: () => open(n),
      autoClose: 8000,
      style: { cursor: 'pointer' },
    });
    browserNotify(n, () => open(n));
  });
  useServerEvent('notification.read', () => void refresh());

  const unread = list.data?.unread ?? 0;
  const items = list.data?.data ?? [];
  return (
    <Popover opened={opened} onChange={setOpened} width={340} position="bottom-end" shadow="md">
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={16}
          disabled={unread === 0}
          color="red"
          offset={4}
          data-testid="bell-count"
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t('notifications:bell', { count: unread })}
            onClick={() => setOpened((o) => !o)}
            data-testid="bell"
          >
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" mb={6}>
          <Text fw={600} size="sm">
            {t('notifications:title')}
          </Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => read.mutate({ all: true })}>
              {t('notifications:markAllRead')}
            </Button>
          )}
        </Group>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={2} data-testid="notification-list">
            {items.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="md">
                {t('notifications:empty')}
              </Text>
            )}
            {items.map((n) => (
              <UnstyledButton
                key={n.id}
                onClick={() => open(n)}
                p={6}
                style={{
                  borderRadius: 4,
                  background: n.read ? undefined : 'var(--mantine-color-blue-light)',
                }}
                data-testid="notification-item"
              >
                <Text size="sm" fw={n.read ? 400 : 600}>
                  {n.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatRelative(n.createdAt)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        {permission === 'default' && (
          <Button
            mt="xs"
            fullWidth
            size="compact-xs"
            variant="light"
            onClick={() => void Notification.requestPermission().then((p) => setPermission(p))}
          >
            {t('notifications:enableDesktop')}
          </Button>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
