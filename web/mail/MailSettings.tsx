import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/session.js';
import { api, ApiError } from '../lib/api.js';
import { mailSettingsQuery, type MailSettings as Settings, type MailSettingsInput } from './api.js';

const emptyForm = {
  host: '',
  port: 587 as number,
  secure: false,
  user: '',
  password: '',
  fromName: '',
  fromEmail: '',
};

/** Settings → Email (administrators): the workspace's own SMTP server and a test message. */
export function MailSettings() {
  return (
    <Stack maw={820}>
      <SmtpSettings />
      <TestMail />
    </Stack>
  );
}

function SmtpSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery(mailSettingsQuery);
  const [form, setForm] = useState(emptyForm);
  useEffect(() => {
    if (settings.data?.configured)
      setForm({
        host: settings.data.host ?? '',
        port: settings.data.port ?? 587,
        secure: settings.data.secure,
        user: settings.data.user ?? '',
        password: '',
        fromName: settings.data.fromName,
        fromEmail: settings.data.fromEmail ?? '',
      });
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: MailSettingsInput) => api<Settings>('PUT', '/mail/settings', body),
    meta: { silent: true },
    onSuccess: (data) => {
      queryClient.setQueryData(mailSettingsQuery.queryKey, data);
      setForm((f) => ({ ...f, password: '' }));
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  if (!settings.data) return null;
  const submit = () =>
    save.mutate({
      host: form.host.trim(),
      port: form.port,
      secure: form.secure,
      user: form.user.trim() || null,
      // An empty field keeps the stored password.
      ...(form.password ? { password: form.password } : {}),
      fromName: form.fromName.trim(),
      fromEmail: form.fromEmail.trim(),
    });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={4}>{t('settings:mail.title')}</Title>
          <Badge color={settings.data.configured ? 'green' : 'gray'} variant="light">
            {settings.data.configured ? t('settings:mail.own') : t('settings:mail.default')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('settings:mail.hint')}
        </Text>
        <Group grow align="flex-start">
          <TextInput
            label={t('settings:mail.host')}
            placeholder="smtp.example.com"
            required
            value={form.host}
            onChange={(e) => setForm({ ...form, host: e.currentTarget.value })}
            error={errors.host}
            data-testid="mail-host"
          />
          <NumberInput
            label={t('settings:mail.port')}
            required
            min={1}
            max={65535}
            value={form.port}
            onChange={(v) => setForm({ ...form, port: typeof v === 'number' ? v : 0 })}
            error={errors.port}
            data-testid="mail-port"
          />
        </Group>
        <Checkbox
          label={t('settings:mail.secure')}
          description={t('settings:mail.secureHint')}
          checked={form.secure}
          onChange={(e) => setForm({ ...form, secure: e.currentTarget.checked })}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('settings:mail.user')}
            description={t('settings:mail.userHint')}
            autoComplete="off"
            value={form.user}
            onChange={(e) => setForm({ ...form, user: e.currentTarget.value })}
            error={errors.user}
          />
          <PasswordInput
            label={t('settings:mail.password')}
            description={
              settings.data.passwordSet
                ? t('settings:mail.passwordKeep')
                : t('settings:mail.passwordNone')
            }
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={errors.password}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('settings:mail.fromName')}
            value={form.fromName}
            onChange={(e) => setForm({ ...form, fromName: e.currentTarget.value })}
            error={errors.fromName}
          />
          <TextInput
            label={t('settings:mail.fromEmail')}
            placeholder="crm@example.com"
            required
            value={form.fromEmail}
            onChange={(e) => setForm({ ...form, fromEmail: e.currentTarget.value })}
            error={errors.fromEmail}
            data-testid="mail-from-email"
          />
        </Group>
        {save.error && !Object.keys(errors).length && (
          <Alert color="red">{save.error.message}</Alert>
        )}
        <Group justify="flex-end">
          <Button loading={save.isPending} onClick={submit} data-testid="mail-save">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function TestMail() {
  const { t } = useTranslation();
  const me = useMe();
  const [testTo, setTestTo] = useState(me.user.email);
  const test = useMutation({
    mutationFn: (to: string) =>
      api<{ messageId: string | null }>('POST', '/mail/settings/test', { to }),
    meta: { silent: true },
  });
  const testErrors = test.error instanceof ApiError ? test.error.fieldErrors() : {};
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('settings:mail.testTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('settings:mail.testHint')}
        </Text>
        <Group align="flex-end">
          <TextInput
            label={t('settings:mail.testTo')}
            value={testTo}
            onChange={(e) => setTestTo(e.currentTarget.value)}
            error={testErrors.to}
            w={320}
            data-testid="mail-test-to"
          />
          <Button
            variant="default"
            loading={test.isPending}
            onClick={() => test.mutate(testTo.trim())}
            data-testid="mail-test-send"
          >
            {t('settings:mail.sendTest')}
          </Button>
        </Group>
        {test.isSuccess && (
          <Alert color="green" data-testid="mail-test-result">
            {t('settings:mail.testSent', { to: test.variables })}
          </Alert>
        )}
        {test.error && !testErrors.to && (
          <Alert color="red" data-testid="mail-test-result">
            {test.error.message}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
