import { Center, Group, Menu, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, LOCALE_NAMES, isLocale } from '../../common/locales.js';
import { setLocale } from '../lib/i18n.js';

/** The centered card of the sign-in and setup pages, with a language picker. */
export function AuthFrame({
  title,
  subtitle,
  children,
  width = 420,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  width?: number;
}) {
  const { i18n, t } = useTranslation();
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Stack w="100%" maw={width} gap="md">
        <Group justify="space-between">
          <Group gap={8}>
            <img src="/icon.svg" width={28} height={28} alt="" />
            <Text fw={700} size="lg">
              Odnos
            </Text>
          </Group>
          <Menu>
            <Menu.Target>
              <UnstyledButton aria-label={t('common:user.language')}>
                <Group gap={4}>
                  <IconLanguage size={16} />
                  <Text size="sm">
                    {isLocale(i18n.language) ? LOCALE_NAMES[i18n.language] : ''}
                  </Text>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              {LOCALES.map((locale) => (
                <Menu.Item key={locale} onClick={() => setLocale(locale)}>
                  {LOCALE_NAMES[locale]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Paper withBorder p="xl" radius="md">
          <Stack gap="md">
            <div>
              <Title order={2}>{title}</Title>
              {subtitle && (
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
