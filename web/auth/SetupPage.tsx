import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import {
  COUNTRIES,
  COUNTRY_CODES,
  CURRENCIES,
  LOCALES,
  LOCALE_NAMES,
  type Country,
  type Locale,
} from '../../common/locales.js';
import { ApiError, post } from '../lib/api.js';
import { currentLocale, setLocale } from '../lib/i18n.js';
import { AuthFrame } from './AuthFrame.js';

const COUNTRY_OF_LOCALE: Partial<Record<Locale, Country>> = {
  sl: 'SI',
  hr: 'HR',
  bs: 'BA',
  'sr-Cyrl': 'RS',
  'sr-Latn': 'RS',
  mk: 'MK',
  el: 'GR',
};

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const locale = currentLocale();
  const country = COUNTRY_OF_LOCALE[locale] ?? 'SI';
  const form = useForm({
    initialValues: {
      workspaceName: '',
      locale,
      country: country,
      currency: COUNTRIES[country].currency,
      name: '',
      email: '',
      password: '',
      demo: false,
    },
  });
  const setup = useMutation({
    mutationFn: (values: typeof form.values) => post('/setup', values),
    meta: { silent: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      await navigate({ to: '/' });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.fieldErrors());
    },
  });

  return (
    <AuthFrame title={t('setup:title')} subtitle={t('setup:subtitle')} width={560}>
      <form onSubmit={form.onSubmit((values) => setup.mutate(values))} noValidate>
        <Stack>
          {setup.error && <Alert color="red">{setup.error.message}</Alert>}
          <TextInput
            label={t('setup:workspaceName')}
            placeholder={t('setup:workspacePlaceholder')}
            required
            autoFocus
            {...form.getInputProps('workspaceName')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('setup:language')}
              data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
              allowDeselect={false}
              {...form.getInputProps('locale')}
              onChange={(value) => {
                if (!value) return;
                form.setFieldValue('locale', value as Locale);
                setLocale(value as Locale);
              }}
            />
            <Select
              label={t('setup:country')}
              data={COUNTRY_CODES.map((c) => ({ value: c, label: t(`common:countries.${c}`) }))}
              allowDeselect={false}
              searchable
              {...form.getInputProps('country')}
              onChange={(value) => {
                if (!value) return;
                const picked = value as Country;
                form.setFieldValue('country', picked);
                form.setFieldValue('currency', COUNTRIES[picked].currency);
              }}
            />
            <Select
              label={t('setup:currency')}
              data={[...CURRENCIES]}
              allowDeselect={false}
              {...form.getInputProps('currency')}
            />
          </SimpleGrid>
          <Divider label={t('setup:administrator')} labelPosition="left" />
          <TextInput
            label={t('auth:fields.name')}
            required
            autoComplete="name"
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('auth:fields.email')}
            type="email"
            required
            autoComplete="email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth:fields.password')}
            description={t('setup:passwordHint')}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Checkbox label={t('setup:demo')} {...form.getInputProps('demo', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button type="submit" loading={setup.isPending}>
              {t('setup:submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthFrame>
  );
}
