import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Group,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { meQuery, useMe } from '../app/session.js';
import { del, get, post } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';

/** Settings → Sign-in & security: two-factor sign-in with QR code, signed-in devices. */
export function AccountSecurity() {
  return (
    <Stack maw={640}>
      <TwoFactorCard />
      <SessionsCard />
    </Stack>
  );
}

interface Setup {
  otpauthUri: string;
  qrSvg: string;
  secret: string;
}

function TwoFactorCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const user = useQuery({
    queryKey: ['users', me.user.id, '2fa'],
    queryFn: () => get<{ twoFactor: boolean }>(`/users/${me.user.id}`),
  });
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['users', me.user.id, '2fa'] });
    await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  };
  const start = useMutation({
    mutationFn: () => post<Setup>('/auth/2fa/setup'),
    onSuccess: setSetup,
  });
  const verify = useMutation({
    mutationFn: () => post<{ recoveryCodes: string[] }>('/auth/2fa/verify', { code }),
    meta: { silent: true },
    onSuccess: async (result) => {
      setSetup(null);
      setCode('');
      setRecovery(result.recoveryCodes);
      await refresh();
    },
  });
  const disable = useMutation({
    mutationFn: () => post('/auth/2fa/disable', { password }),
    meta: { silent: true },
    onSuccess: async () => {
      setPassword('');
      await refresh();
    },
  });
  const on = user.data?.twoFactor ?? false;
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('access:twoFactor.title')}</Title>
          <Badge color={on ? 'green' : 'gray'} data-testid="2fa-status">
            {on ? t('access:twoFactor.on') : t('access:twoFactor.off')}
          </Badge>
        </Group>
        {me.access.restricted === 'two_factor_setup' && (
          <Alert color="orange">{t('access:twoFactor.required')}</Alert>
        )}
        {recovery && (
          <Alert color="green" title={t('access:twoFactor.recoveryTitle')}>
            <Text size="sm" mb="xs">
              {t('access:twoFactor.recoveryText')}
            </Text>
            <SimpleGrid cols={2} spacing={4} data-testid="recovery-codes">
              {recovery.map((c) => (
                <Code key={c}>{c}</Code>
              ))}
            </SimpleGrid>
            <Button mt="sm" size="xs" onClick={() => setRecovery(null)}>
              {t('access:twoFactor.done')}
            </Button>
          </Alert>
        )}
        {!on && !setup && (
          <Group>
            <Button
              onClick={() => start.mutate()}
              loading={start.isPending}
              data-testid="enable-2fa"
            >
              {t('access:twoFactor.enable')}
            </Button>
          </Group>
        )}
        {setup && (
          <Stack>
            <Text size="sm">{t('access:twoFactor.scan')}</Text>
            <Group align="flex-start">
              <Box
                w={180}
                h={180}
                data-testid="2fa-qr"
                // The SVG comes from our own server (qrcode library), not from user input.
                dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
              />
              <Stack gap={4}>
                <Text size="xs" c="dimmed">
                  {t('access:twoFactor.key')}
                </Text>
                <Code data-testid="2fa-secret">{setup.secret}</Code>
              </Stack>
            </Group>
            {verify.error && <Alert color="red">{verify.error.message}</Alert>}
            <Group align="flex-end">
              <TextInput
                label={t('access:twoFactor.code')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                w={140}
                data-testid="2fa-code"
              />
              <Button
                onClick={() => verify.mutate()}
                loading={verify.isPending}
                data-testid="confirm-2fa"
              >
                {t('access:twoFactor.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
        {on && (
          <Group align="flex-end">
            <PasswordInput
              label={t('access:twoFactor.disablePassword')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={disable.error?.message}
              w={240}
            />
            <Button
              variant="default"
              color="red"
              onClick={() => disable.mutate()}
              loading={disable.isPending}
            >
              {t('access:twoFactor.disable')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

interface Session {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** A short name for a browser from its user agent. */
function browserName(ua: string | null, fallback: string): string {
  if (!ua) return fallback;
  const browser = /(Edg|Firefox|Chrome|Safari)\/[\d.]+/.exec(ua)?.[0]?.replace('Edg', 'Edge');
  const os = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(ua)?.[0];
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 40);
}

function SessionsCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: ['sessions'],
    queryFn: async () => (await get<{ data: Session[] }>('/sessions')).data,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sessions'] });
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/sessions/${id}`),
    onSuccess: refresh,
  });
  const everywhere = useMutation({
    mutationFn: () => del<{ revoked: number }>('/sessions'),
    onSuccess: async (result) => {
      notifications.show({ message: t('access:sessions.revoked', { count: result.revoked }) });
      await refresh();
    },
  });
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('access:sessions.title')}</Title>
          <Button
            size="xs"
            variant="default"
            onClick={() => everywhere.mutate()}
            loading={everywhere.isPending}
            data-testid="sign-out-everywhere"
          >
            {t('access:sessions.everywhere')}
          </Button>
        </Group>
        {(sessions.data ?? []).map((s) => (
          <Group key={s.id} justify="space-between" data-testid="session">
            <div>
              <Text size="sm" fw={500}>
                {browserName(s.userAgent, t('access:sessions.unknown'))}{' '}
                {s.current && (
                  <Badge size="xs" color="green">
                    {t('access:sessions.current')}
                  </Badge>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {s.ip ?? ''} ·{' '}
                {t('access:sessions.lastSeen', { date: formatDateTime(s.lastSeenAt) })}
              </Text>
            </div>
            {!s.current && (
              <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(s.id)}>
                {t('access:sessions.revoke')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
