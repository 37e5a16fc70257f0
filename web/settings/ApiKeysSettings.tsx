import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function ApiKeysSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const keys = useQuery({
    queryKey: ['api-keys'],
    queryFn: async () => (await get<{ data: ApiKey[] }>('/api-keys')).data,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: () => post<{ key: string }>('/api-keys', { name }),
    onSuccess: async (result) => {
      setCreated(result.key);
      setName('');
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/api-keys/${id}`),
    onSuccess: refresh,
  });
  return (
    <Stack maw={760}>
      <Text size="sm" c="dimmed">
        {t('settings:apiKeys.text')}{' '}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          /api/docs
        </a>
      </Text>
      <Group align="flex-end">
        <TextInput
          label={t('settings:apiKeys.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          placeholder="PBX, web form…"
        />
        <Button onClick={() => create.mutate()} disabled={!name.trim()} loading={create.isPending}>
          {t('settings:apiKeys.create')}
        </Button>
      </Group>
      {created && (
        <Alert color="green" title={t('settings:apiKeys.created')}>
          <Group>
            <Code>{created}</Code>
            <CopyButton value={created}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('common:actions.copied') : t('common:actions.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings:apiKeys.name')}</Table.Th>
            <Table.Th>{t('settings:apiKeys.prefix')}</Table.Th>
            <Table.Th>{t('common:record.createdAt')}</Table.Th>
            <Table.Th>{t('settings:apiKeys.lastUsed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.data ?? []).map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
              <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : '—'}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  color="red"
                  variant="subtle"
                  onClick={() => revoke.mutate(key.id)}
                >
                  {t('settings:apiKeys.revoke')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
