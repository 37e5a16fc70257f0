import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  ActionIcon,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, LOCALE_NAMES, isLocale } from '../../common/locales.js';
import { useRoles, useTeams } from '../access/api.js';
import { useMe, useUsers, usersQuery, type UserSummary } from '../app/session.js';
import { ApiError, patch, post } from '../lib/api.js';

export function UsersSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const queryClient = useQueryClient();
  const admin = me.user.role === 'admin';
  const roles = useRoles();
  const [adding, setAdding] = useState(false);
  const [handOver, setHandOver] = useState<UserSummary | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
      patch(`/users/${id}`, body),
    onSuccess: refresh,
  });

  return (
    <Stack>
      {admin && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setAdding(true)}
            data-testid="add-user"
          >
            {t('settings:users.add')}
          </Button>
        </Group>
      )}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auth:fields.name')}</Table.Th>
            <Table.Th>{t('auth:fields.email')}</Table.Th>
            <Table.Th>{t('settings:users.role')}</Table.Th>
            <Table.Th>{t('common:user.language')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} opacity={user.active ? 1 : 0.5}>
              <Table.Td>
                {user.name}{' '}
                {!user.active && (
                  <Badge size="xs" color="gray">
                    {t('settings:users.inactive')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>
                {admin ? (
                  <Select
                    size="xs"
                    w={160}
                    data={roles.map((r) => ({ value: r.key, label: r.name }))}
                    value={user.roleKey ?? null}
                    allowDeselect={false}
                    onChange={(role) => role && update.mutate({ id: user.id, body: { role } })}
                    aria-label={t('settings:users.role')}
                    data-testid={`user-role-${user.email}`}
                  />
                ) : (
                  (roles.find((r) => r.key === user.roleKey)?.name ??
                  t(`settings:roles.${user.role}`, { defaultValue: user.role }))
                )}
                {user.twoFactor && (
                  <Badge size="xs" ml={4} variant="light" color="green">
                    {t('access:users.twoFactor')}
                  </Badge>
                )}
                {user.lockedUntil && (
                  <Badge size="xs" ml={4} color="red">
                    {t('access:users.locked')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{isLocale(user.locale) ? LOCALE_NAMES[user.locale] : user.locale}</Table.Td>
              <Table.Td>
                {(admin || me.user.role === 'manager') && (
                  <Menu withinPortal position="bottom-end">
                    <Menu.Target>
                      <ActionIcon variant="subtle" aria-label={t('common:actions.more')}>
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setHandOver(user)}>
                        {t('settings:users.handOver')}
                      </Menu.Item>
                      {admin && user.id !== me.user.id && (
                        <Menu.Item
                          color={user.active ? 'red' : undefined}
                          onClick={() =>
                            update.mutate({ id: user.id, body: { active: !user.active } })
                          }
                        >
                          {user.active
                            ? t('settings:users.deactivate')
                            : t('settings:users.activate')}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('settings:users.add')}>
        {adding && (
          <AddUser
            onDone={() => {
              setAdding(false);
              void refresh();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={handOver !== null}
        onClose={() => setHandOver(null)}
        title={t('settings:users.handOverTitle', { name: handOver?.name ?? '' })}
      >
        {handOver && <HandOver from={handOver} onDone={() => setHandOver(null)} />}
      </Modal>
    </Stack>
  );
}

function AddUser({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useForm({
    initialValues: {
      name: '',
      email: '',
      password: '',
      role: 'sales_rep',
      locale: me.workspace.locale,
      teamIds: [] as string[],
    },
  });
  const roles = useRoles();
  const teams = useTeams();
  const create = useMutation({
    mutationFn: (v: typeof form.values) => post('/users', v),
    meta: { silent: true },
    onSuccess: onDone,
    onError: (error) => error instanceof ApiError && form.setErrors(error.fieldErrors()),
  });
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        {create.error && <Alert color="red">{create.error.message}</Alert>}
        <TextInput
          label={t('auth:fields.name')}
          required
          data-testid="user-name"
          {...form.getInputProps('name')}
        />
        <TextInput
          label={t('auth:fields.email')}
          type="email"
          required
          data-testid="user-email"
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label={t('auth:fields.password')}
          description={t('setup:passwordHint')}
          required
          data-testid="user-password"
          {...form.getInputProps('password')}
        />
        <Select
          label={t('settings:users.role')}
          data={roles.map((r) => ({ value: r.key, label: r.name }))}
          allowDeselect={false}
          data-testid="user-role"
          {...form.getInputProps('role')}
        />
        {teams.length > 0 && (
          <MultiSelect
            label={t('access:users.teams')}
            data={teams.map((x) => ({ value: x.id, label: x.name }))}
            data-testid="user-teams"
            {...form.getInputProps('teamIds')}
          />
        )}
        <Select
          label={t('common:user.language')}
          data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          allowDeselect={false}
          {...form.getInputProps('locale')}
        />
        <Button type="submit" loading={create.isPending} data-testid="save-user">
          {t('common:actions.save')}
        </Button>
      </Stack>
    </form>
  );
}

/** R4: everything one employee owns goes to a colleague in one step. */
function HandOver({ from, onDone }: { from: UserSummary; onDone: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const queryClient = useQueryClient();
  const [to, setTo] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () =>
      post<{ moved: Record<string, number> }>(`/users/${from.id}/hand-over`, { toUserId: to }),
    onSuccess: async (result) => {
      const total = Object.values(result.moved).reduce((a, b) => a + b, 0);
      notifications.show({
        color: 'green',
        message: t('settings:users.handedOver', { count: total }),
      });
      await queryClient.invalidateQueries();
      onDone();
    },
  });
  return (
    <Stack>
      <Text size="sm">{t('settings:users.handOverText', { name: from.name })}</Text>
      <Select
        label={t('settings:users.handOverTo')}
        data={users
          .filter((u) => u.active && u.id !== from.id)
          .map((u) => ({ value: u.id, label: u.name }))}
        value={to}
        onChange={setTo}
        searchable
      />
      <Button disabled={!to} onClick={() => run.mutate()} loading={run.isPending}>
        {t('settings:users.handOverConfirm')}
      </Button>
    </Stack>
  );
}
