import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Stack align="center" gap="sm">
        <Title order={2}>{t('common:notFound.title')}</Title>
        <Text c="dimmed">{t('common:notFound.text')}</Text>
        <Button component={Link} to="/">
          {t('common:notFound.home')}
        </Button>
      </Stack>
    </Center>
  );
}
