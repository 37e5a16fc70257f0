import {
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AnchorLink } from '../app/links.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/session.js';
import { api, ApiError } from '../lib/api.js';
import {
  agentsQuery,
  telephonySettingsQuery,
  type Agent,
  type TelephonySettings as Settings,
} from './api.js';

/** Settings → Telephony: everyone maps their extension; administrators connect the PBX. */
export function TelephonySettings() {
  const me = useMe();
  const admin = me.user.role === 'admin';
  return (
    <Stack maw={820}>
      <MyExtension />
      {admin && <PbxSettings />}
      {admin && <AgentExtensions />}
    </Stack>
  );
}

function useSaveExtension() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, extension }: { userId: string; extension: string }) =>
      api<Agent>('PUT', `/telephony/agents/${userId}`, { extension: extension.trim() || null }),
    meta: { silent: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: agentsQuery.queryKey });
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
  });
}

function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? (error.fieldErrors()[path] ?? error.message) : undefined;
}

function MyExtension() {
  const { t } = useTranslation();
  const me = useMe();
  const agents = useQuery(agentsQuery);
  const mine = agents.data?.find((a) => a.userId === me.user.id);
  const [value, setValue] = useState('');
  useEffect(() => setValue(mine?.extension ?? ''), [mine?.extension]);
  const save = useSaveExtension();
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('telephony:settings.myExtension')}</Title>
        <Text size="sm" c="dimmed">
          {t('telephony:settings.myExtensionHint')}
        </Text>
        <Group align="flex-end">
          <TextInput
            label={t('telephony:settings.extension')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={save.error ? fieldError(save.error, 'extension') : undefined}
            w={200}
            data-testid="my-extension"
          />
          <Button
            loading={save.isPending}
            onClick={() => save.mutate({ userId: me.user.id, extension: value })}
            data-testid="my-extension-save"
          >
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function PbxSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery(telephonySettingsQuery);
  const agents = useQuery(agentsQuery).data ?? [];
  const [form, setForm] = useState({
    clickToCallUrl: '',
    callbackSlaMinutes: 60,
    callbackUserId: null as string | null,
  });
  const [newSecret, setNewSecret] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data)
      setForm({
        clickToCallUrl: settings.data.clickToCallUrl ?? '',
        callbackSlaMinutes: settings.data.callbackSlaMinutes,
        callbackUserId: settings.data.callbackUserId,
      });
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<Settings>('PUT', '/telephony/settings', body),
    meta: { silent: true },
    onSuccess: (data) => {
      queryClient.setQueryData(telephonySettingsQuery.queryKey, data);
      notifications.show({ color: 'green', message: t('settings:saved') });
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  if (!settings.data) return null;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('telephony:settings.pbx')}</Title>
        <Text size="sm">{t('telephony:settings.eventsUrl')}</Text>
        <Group gap="xs">
          <Code data-testid="events-url">POST {settings.data.eventsUrl}</Code>
          <CopyButton value={settings.data.eventsUrl}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="default" onClick={copy}>
                {copied ? t('telephony:settings.copied') : t('telephony:settings.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t('telephony:settings.apiKeyHint')}{' '}
          <AnchorLink to="/settings" search={{ tab: 'apiKeys' }}>
            {t('telephony:settings.apiKeys')}
          </AnchorLink>{' '}
          ·{' '}
          <Anchor href="/api/docs#tag/telephony" target="_blank">
            {t('telephony:settings.docs')}
          </Anchor>
        </Text>

        <Group gap="xs" align="center">
          <Text size="sm" fw={600}>
            {t('telephony:settings.signingSecret')}
          </Text>
          <Badge color={settings.data.signingSecretSet ? 'green' : 'gray'} variant="light">
            {settings.data.signingSecretSet
              ? t('telephony:settings.secretOn')
              : t('telephony:settings.secretOff')}
          </Badge>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => {
              const secret = randomSecret();
              save.mutate({ signingSecret: secret }, { onSuccess: () => setNewSecret(secret) });
            }}
            data-testid="generate-secret"
          >
            {t('telephony:settings.generateSecret')}
          </Button>
          {settings.data.signingSecretSet && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={() =>
                save.mutate({ signingSecret: null }, { onSuccess: () => setNewSecret(null) })
              }
            >
              {t('telephony:settings.removeSecret')}
            </Button>
          )}
        </Group>
        {newSecret && (
          <Text size="sm">
            {t('telephony:settings.secretOnce')} <Code data-testid="new-secret">{newSecret}</Code>
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('telephony:settings.secretHint')}
        </Text>

        <TextInput
          label={t('telephony:settings.clickToCallUrl')}
          description={t('telephony:settings.clickToCallHint')}
          placeholder="https://pbx.example.com/odnos/dial"
          value={form.clickToCallUrl}
          onChange={(e) => setForm({ ...form, clickToCallUrl: e.currentTarget.value })}
          error={errors.clickToCallUrl}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('telephony:settings.sla')}
            description={t('telephony:settings.slaHint')}
            min={1}
            max={10080}
            value={form.callbackSlaMinutes}
            onChange={(v) =>
              setForm({ ...form, callbackSlaMinutes: typeof v === 'number' ? v : 60 })
            }
            error={errors.callbackSlaMinutes}
            data-testid="sla-minutes"
          />
          <Select
            label={t('telephony:settings.callbackUser')}
            description={t('telephony:settings.callbackUserHint')}
            clearable
            value={form.callbackUserId}
            onChange={(v) => setForm({ ...form, callbackUserId: v })}
            data={agents.map((a) => ({ value: a.userId, label: a.name }))}
            error={errors.callbackUserId}
          />
        </Group>
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                clickToCallUrl: form.clickToCallUrl.trim() || null,
                callbackSlaMinutes: form.callbackSlaMinutes,
                callbackUserId: form.callbackUserId,
              })
            }
            data-testid="telephony-save"
          >
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function AgentExtensions() {
  const { t } = useTranslation();
  const agents = useQuery(agentsQuery).data ?? [];
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('telephony:settings.agents')}</Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('telephony:calls.agent')}</Table.Th>
              <Table.Th>{t('telephony:settings.extension')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agents.map((agent) => (
              <AgentRow key={agent.userId} agent={agent} />
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

function AgentRow({ agent }: { agent: Agent }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(agent.extension ?? '');
  const save = useSaveExtension();
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">{agent.name}</Text>
        <Text size="xs" c="dimmed">
          {agent.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            w={120}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={save.error ? fieldError(save.error, 'extension') : undefined}
            aria-label={t('telephony:settings.extension')}
          />
          {value !== (agent.extension ?? '') && (
            <Button
              size="compact-xs"
              loading={save.isPending}
              onClick={() => save.mutate({ userId: agent.userId, extension: value })}
            >
              {t('common:actions.save')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
