import { Avatar, Group, Menu, Text, UnstyledButton, useMantineColorScheme } from '@mantine/core';
import {
  IconCheck,
  IconLanguage,
  IconLogout,
  IconMoon,
  IconSettings,
  IconSun,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../common/locales.js';
import { patch, post } from '../lib/api.js';
import { initials } from '../lib/format.js';
import { setLocale } from '../lib/i18n.js';
import { meQuery, useMe } from './session.js';

export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { colorScheme, setColorScheme } = useMantineColorScheme();

  const changeLanguage = useMutation({
    mutationFn: (locale: Locale) => patch('/me', { locale }),
    onMutate: (locale) => setLocale(locale),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQuery.queryKey }),
  });
  const signOut = useMutation({
    mutationFn: () => post('/auth/logout'),
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: '/login' });
    },
  });

  return (
    <Menu position="top-start" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={t('common:user.menu')}
          data-testid="user-menu"
          style={{ width: '100%' }}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar color="blue" radius="xl" size="sm">
              {initials(me.user.name)}
            </Avatar>
            {!compact && (
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {me.user.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {me.workspace.name}
                </Text>
              </div>
            )}
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Group gap={6}>
            <IconLanguage size={14} />
            {t('common:user.language')}
          </Group>
        </Menu.Label>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale}
            onClick={() => changeLanguage.mutate(locale)}
            rightSection={i18n.language === locale ? <IconCheck size={14} /> : null}
            data-testid={`language-${locale}`}
          >
            {LOCALE_NAMES[locale]}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item
          leftSection={colorScheme === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
          onClick={() => setColorScheme(colorScheme === 'dark' ? 'light' : 'dark')}
        >
          {colorScheme === 'dark' ? t('common:user.lightTheme') : t('common:user.darkTheme')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconSettings size={16} />}
          onClick={() => void navigate({ to: '/settings', search: { tab: 'profile' } })}
        >
          {t('common:user.profile')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          color="red"
          onClick={() => signOut.mutate()}
          data-testid="sign-out"
        >
          {t('common:user.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
