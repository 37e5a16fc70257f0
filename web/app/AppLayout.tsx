import { AppShell, Group, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconDots } from '@tabler/icons-react';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../common/locales.js';
import { currentLocale, setLocale } from '../lib/i18n.js';
import { NAV_ITEMS } from './nav.js';
import { SearchButton, SearchPalette } from '../search/SearchPalette.js';
import { useMe } from './session.js';
import { UserMenu } from './UserMenu.js';
import { NotificationBell } from '../notifications/NotificationBell.js';
import { ScreenPopHost } from '../telephony/ScreenPopHost.js';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const phone = useMediaQuery('(max-width: 48em)');
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  // Each user works in their own language.
  useEffect(() => {
    if (isLocale(me.user.locale) && me.user.locale !== currentLocale()) setLocale(me.user.locale);
  }, [me.user.locale]);
  useEffect(close, [pathname, close]);

  const active = (to: string) => pathname === to || pathname.startsWith(`${to}/`);
  const mobileItems = NAV_ITEMS.filter((item) => item.mobile).slice(0, 4);

  return (
    <AppShell
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      header={phone ? { height: 48 } : undefined}
      footer={phone ? { height: 60 } : undefined}
      padding={phone ? 'xs' : 'md'}
    >
      {phone && (
        <AppShell.Header px="sm">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Text fw={700}>Odnos</Text>
            <Group gap={4} wrap="nowrap">
              <SearchButton compact />
              <NotificationBell />
              <UserMenu compact />
            </Group>
          </Group>
        </AppShell.Header>
      )}
      <AppShell.Navbar p="xs" aria-label={t('common:nav.label')}>
        <AppShell.Section>
          <Group px="xs" py={6} gap={8}>
            <img src="/icon.svg" width={22} height={22} alt="" />
            <Text fw={700} truncate style={{ flex: 1 }}>
              {me.workspace.name}
            </Text>
            {!phone && <NotificationBell />}
          </Group>
          {!phone && <SearchButton />}
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} mt="xs">
          {NAV_ITEMS.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(`common:${item.label}`)}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={active(item.to)}
              data-testid={`nav-${item.to.slice(1)}`}
            />
          ))}
        </AppShell.Section>
        {!phone && (
          <AppShell.Section
            pt="xs"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <UserMenu />
          </AppShell.Section>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
        <ScreenPopHost />
      </AppShell.Main>
      <SearchPalette />
      {phone && (
        <AppShell.Footer>
          <Group grow h="100%" gap={0} component="nav" aria-label={t('common:nav.label')}>
            {mobileItems.map((item) => (
              <UnstyledButton
                key={item.to}
                component={Link}
                to={item.to}
                py={6}
                data-testid={`tab-${item.to.slice(1)}`}
              >
                <Stack gap={2} align="center" c={active(item.to) ? 'blue' : 'dimmed'}>
                  <item.icon size={20} />
                  <Text size="10px">{t(`common:${item.label}`)}</Text>
                </Stack>
              </UnstyledButton>
            ))}
            <UnstyledButton onClick={toggle} py={6} aria-label={t('common:nav.more')}>
              <Stack gap={2} align="center" c="dimmed">
                <IconDots size={20} />
                <Text size="10px">{t('common:nav.more')}</Text>
              </Stack>
            </UnstyledButton>
          </Group>
        </AppShell.Footer>
      )}
    </AppShell>
  );
}
