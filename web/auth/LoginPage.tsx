import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../../server/auth/schema.js';
import { ApiError, post } from '../lib/api.js';
import { meQuery } from '../app/session.js';
import { AuthFrame } from './AuthFrame.js';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { email: '', password: '', code: '' } });
  // Two-factor sign-in: the server asks for the code after a right password (issue 9).
  const [needsCode, setNeedsCode] = useState(false);
  const login = useMutation({
    mutationFn: ({ code, ...values }: typeof form.values) =>
      post<MeResponse>('/auth/login', needsCode ? { ...values, code } : values),
    meta: { silent: true },
    onSuccess: async (me) => {
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      if (me.access.restricted) await navigate({ to: '/settings', search: { tab: 'account' } });
      else await navigate({ to: '/' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'two_factor_required') setNeedsCode(true);
      else if (error instanceof ApiError) form.setErrors(error.fieldErrors());
    },
  });
  const showError =
    login.error && !(login.error instanceof ApiError && login.error.code === 'two_factor_required');

  return (
    <AuthFrame title={t('auth:login.title')} subtitle={t('auth:login.subtitle')}>
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack>
          {showError && <Alert color="red">{login.error.message}</Alert>}
          <TextInput
            label={t('auth:fields.email')}
            type="email"
            autoComplete="email"
            required
            autoFocus
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth:fields.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          {needsCode && (
            <TextInput
              label={t('access:login.code')}
              description={t('access:login.codeHint')}
              autoComplete="one-time-code"
              autoFocus
              data-testid="login-code"
              {...form.getInputProps('code')}
            />
          )}
          <Button type="submit" loading={login.isPending} fullWidth>
            {t('auth:login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
