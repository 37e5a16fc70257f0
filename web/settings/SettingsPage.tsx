import { Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/session.js';
import { ApiKeysSettings } from './ApiKeysSettings.js';
import { FieldsSettings } from './FieldsSettings.js';
import { ProfileSettings } from './ProfileSettings.js';
import { UsersSettings } from './UsersSettings.js';
import { WorkspaceSettings } from './WorkspaceSettings.js';

export function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab } = useSearch({ strict: false });
  const admin = me.user.role === 'admin';
  const tabs = [
    { key: 'profile', Component: ProfileSettings },
    ...(admin ? [{ key: 'workspace', Component: WorkspaceSettings }] : []),
    { key: 'users', Component: UsersSettings },
    ...(admin ? [{ key: 'fields', Component: FieldsSettings }] : []),
    { key: 'apiKeys', Component: ApiKeysSettings },
  ];
  const active = tabs.some((x) => x.key === tab) ? (tab ?? 'profile') : 'profile';
  return (
    <Stack>
      <Title order={2}>{t('settings:title')}</Title>
      <Tabs
        value={active}
        onChange={(value) =>
          void navigate({ to: '/settings', search: { tab: value ?? 'profile' } })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {tabs.map(({ key }) => (
            <Tabs.Tab key={key} value={key} data-testid={`settings-${key}`}>
              {t(`settings:tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map(({ key, Component }) => (
          <Tabs.Panel key={key} value={key}>
            <Component />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
