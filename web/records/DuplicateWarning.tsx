import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../app/links.js';
import { useTranslation } from 'react-i18next';
import type { DuplicateMatch } from '../../server/duplicates/schema.js';
import { post } from '../lib/api.js';

export function useDuplicates(input: {
  name?: string;
  companyName?: string;
  emails?: string[];
  phones?: string[];
  vatId?: string;
  excludeId?: string;
}) {
  const [debounced] = useDebouncedValue(input, 400);
  const emails = (debounced.emails ?? []).filter((e) => e.includes('@'));
  const phones = (debounced.phones ?? []).filter((p) => p.replace(/\D/g, '').length >= 6);
  const enabled = Boolean(
    (debounced.name?.trim().length ?? 0) >= 5 ||
    (debounced.companyName?.trim().length ?? 0) >= 3 ||
    emails.length ||
    phones.length ||
    debounced.vatId,
  );
  return useQuery({
    queryKey: ['duplicates', { ...debounced, emails, phones }],
    queryFn: async () =>
      (
        await post<{ data: DuplicateMatch[] }>('/duplicates/check', {
          ...debounced,
          emails,
          phones,
        })
      ).data,
    enabled,
  });
}

export const PATH_OF: Record<
  DuplicateMatch['type'],
  '/contacts/$id' | '/companies/$id' | '/leads/$id'
> = {
  contacts: '/contacts/$id',
  companies: '/companies/$id',
  leads: '/leads/$id',
};

export function DuplicateList({ matches }: { matches: DuplicateMatch[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      {matches.map((m) => (
        <Group key={`${m.type}:${m.id}`} gap={6} wrap="nowrap">
          <Badge size="xs" variant="light">
            {t(`common:objects.${m.type}`)}
          </Badge>
          <AnchorLink to={PATH_OF[m.type]} params={{ id: m.id }} size="sm" target="_blank">
            {m.title}
          </AnchorLink>
          {m.subtitle && (
            <Text size="xs" c="dimmed" truncate>
              {m.subtitle}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            ({m.reasons.map((r) => t(`common:duplicates.reasons.${r}`)).join(', ')})
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** "Possible duplicates" shown while typing a new record (R3). */
export function DuplicateWarning(props: {
  object: string;
  name?: string;
  companyName?: string;
  emails?: string[];
  phones?: string[];
  vatId?: string;
}) {
  const { t } = useTranslation();
  const { object: _object, ...input } = props;
  const duplicates = useDuplicates(input);
  const matches = duplicates.data ?? [];
  if (!matches.length) return null;
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={16} />}
      title={t('common:duplicates.title')}
      data-testid="duplicate-warning"
    >
      <DuplicateList matches={matches} />
    </Alert>
  );
}
