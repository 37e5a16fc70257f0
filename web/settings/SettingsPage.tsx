import { Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/session.js';
import { AccountSecurity } from '../access/AccountSecurity.js';
import { ACCESS_ADMIN_TABS } from '../access/tabs.js';
import { ApiKeysSettings } from './ApiKeysSettings.js';
import { FieldsSettings } from './FieldsSettings.js';
import { ProfileSettings } from './ProfileSettings.js';
import { UsersSettings } from './UsersSettings.js';
import { WorkspaceSettings } from './WorkspaceSettings.js';
import { NotificationSettings } from '../notifications/NotificationSettings.js';
import { ScheduleSettings } from '../schedule/ScheduleSettings.js';
import { TelephonySettings } from '../telephony/TelephonySettings.js';
import { MailSettings } from '../mail/MailSettings.js';
import { SalesSettings } from '../deals/SalesSettings.js';

export function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab } = useSearch({ strict: false });
  const admin = me.user.role === 'admin';
  const tabs: { key: string; Component: () => React.JSX.Element; label?: string }[] = [
    { key: 'profile', Component: ProfileSettings },
    { key: 'account', Component: AccountSecurity, label: 'access:tabs.account' },
    ...(admin ? [{ key: 'workspace', Component: WorkspaceSettings }] : []),
    { key: 'users', Component: UsersSettings },
    ...(admin ? [{ key: 'fields', Component: FieldsSettings }] : []),
    ...(admin ? [{ key: 'sales', Component: SalesSettings }] : []),
    ...(admin ? ACCESS_ADMIN_TABS : []),
    { key: 'apiKeys', Component: ApiKeysSettings },
    { key: 'notifications', Component: NotificationSettings },
    { key: 'schedule', Component: ScheduleSettings },
    { key: 'telephony', Component: TelephonySettings },
    ...(admin ? [{ key: 'mail', Component: MailSettings }] : []),
  ];
  const fallback = me.access.restricted === 'two_factor_setup' ? 'account' : 'profile';
  const active = tabs.some((x) => x.key === tab) ? (tab ?? fallback) : fallback;
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
          {tabs.map(({ key, label }) => (
            <Tabs.Tab key={key} value={key} data-testid={`settings-${key}`}>
              {t(label ?? `settings:tabs.${key}`)}
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
