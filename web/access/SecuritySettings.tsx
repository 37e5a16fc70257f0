import { Alert, Button, Card, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, patch } from '../lib/api.js';

interface Security {
  passwordMinLength: number;
  passwordBlockCommon: boolean;
  passwordExpiryDays: number | null;
  lockoutThreshold: number;
  lockoutMinutes: number;
  auditRetentionDays: number | null;
}

/** Settings → Security: password policy, lock-out and audit retention of the workspace. */
export function SecuritySettings() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: ['security'], queryFn: () => get<Security>('/security') });
  const form = useForm<{
    passwordMinLength: number;
    passwordBlockCommon: boolean;
    passwordExpiryDays: number | string;
    lockoutThreshold: number;
    lockoutMinutes: number;
    auditRetentionDays: number | string;
  }>({
    initialValues: {
      passwordMinLength: 10,
      passwordBlockCommon: true,
      passwordExpiryDays: '',
      lockoutThreshold: 5,
      lockoutMinutes: 15,
      auditRetentionDays: '',
    },
  });
  useEffect(() => {
    if (current.data)
      form.setValues({
        ...current.data,
        passwordExpiryDays: current.data.passwordExpiryDays ?? '',
        auditRetentionDays: current.data.auditRetentionDays ?? '',
      });
  }, [current.data]);
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      patch('/security', {
        ...v,
        passwordExpiryDays: v.passwordExpiryDays === '' ? null : Number(v.passwordExpiryDays),
        auditRetentionDays: v.auditRetentionDays === '' ? null : Number(v.auditRetentionDays),
      }),
    meta: { silent: true },
    onSuccess: () => notifications.show({ color: 'green', message: t('access:security.saved') }),
    onError: (error) => error instanceof ApiError && form.setErrors(error.fieldErrors()),
  });
  return (
    <Card withBorder maw={520}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          {save.error && <Alert color="red">{save.error.message}</Alert>}
          <NumberInput
            label={t('access:security.passwordMinLength')}
            min={8}
            max={128}
            data-testid="password-min-length"
            {...form.getInputProps('passwordMinLength')}
          />
          <Switch
            label={t('access:security.passwordBlockCommon')}
            {...form.getInputProps('passwordBlockCommon', { type: 'checkbox' })}
          />
          <NumberInput
            label={t('access:security.passwordExpiryDays')}
            placeholder={t('access:security.never')}
            min={1}
            {...form.getInputProps('passwordExpiryDays')}
          />
          <NumberInput
            label={t('access:security.lockoutThreshold')}
            min={3}
            max={100}
            {...form.getInputProps('lockoutThreshold')}
          />
          <NumberInput
            label={t('access:security.lockoutMinutes')}
            min={1}
            max={1440}
            {...form.getInputProps('lockoutMinutes')}
          />
          <NumberInput
            label={t('access:security.auditRetentionDays')}
            placeholder={t('access:security.forever')}
            min={30}
            {...form.getInputProps('auditRetentionDays')}
          />
          <Text size="sm" c="dimmed">
            {t('access:security.twoFactorHint')}
          </Text>
          <Button type="submit" loading={save.isPending} data-testid="save-security">
            {t('common:actions.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
