import {
  Alert,
  Button,
  Card,
  Group,
  PasswordInput,
  Select,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LOCALES, LOCALE_NAMES } from '../../common/locales.js';

import { meQuery, useMe } from '../app/session.js';
import { ApiError, patch } from '../lib/api.js';
import { setLocale } from '../lib/i18n.js';

export function ProfileSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: me.user.name,
      locale: me.user.locale,
      currentPassword: '',
      password: '',
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      patch('/me', {
        name: v.name,
        locale: v.locale,
        ...(v.password ? { password: v.password, currentPassword: v.currentPassword } : {}),
      }),
    meta: { silent: true },
    onSuccess: async (_, v) => {
      setLocale(v.locale);
      form.setValues({ currentPassword: '', password: '' });
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
    onError: (error) => error instanceof ApiError && form.setErrors(error.fieldErrors()),
  });
  return (
    <Card withBorder maw={520}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <Title order={4}>{t('settings:profile.title')}</Title>
          {save.error && <Alert color="red">{save.error.message}</Alert>}
          <TextInput label={t('auth:fields.name')} {...form.getInputProps('name')} />
          <TextInput label={t('auth:fields.email')} value={me.user.email} disabled />
          <Select
            label={t('common:user.language')}
            data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            allowDeselect={false}
            {...form.getInputProps('locale')}
          />
          <PasswordInput
            label={t('settings:profile.currentPassword')}
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label={t('settings:profile.newPassword')}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
