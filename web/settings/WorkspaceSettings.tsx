import { Alert, Button, Card, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { COUNTRY_CODES, CURRENCIES, LOCALES, LOCALE_NAMES } from '../../common/locales.js';
import { meQuery, useMe } from '../app/session.js';
import { ApiError, patch } from '../lib/api.js';

export function WorkspaceSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { ...me.workspace } });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      patch('/workspace', {
        name: v.name,
        locale: v.locale,
        currency: v.currency,
        country: v.country,
        timezone: v.timezone,
      }),
    meta: { silent: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
    onError: (error) => error instanceof ApiError && form.setErrors(error.fieldErrors()),
  });
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <Card withBorder maw={560}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <Title order={4}>{t('settings:workspace.title')}</Title>
          {save.error && <Alert color="red">{save.error.message}</Alert>}
          <TextInput label={t('setup:workspaceName')} {...form.getInputProps('name')} />
          <Select
            label={t('setup:language')}
            data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            allowDeselect={false}
            {...form.getInputProps('locale')}
          />
          <Select
            label={t('setup:country')}
            data={COUNTRY_CODES.map((c) => ({ value: c, label: t(`common:countries.${c}`) }))}
            allowDeselect={false}
            {...form.getInputProps('country')}
          />
          <Select
            label={t('setup:currency')}
            data={[...CURRENCIES]}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          <Select
            label={t('settings:workspace.timezone')}
            data={zones}
            searchable
            allowDeselect={false}
            {...form.getInputProps('timezone')}
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
