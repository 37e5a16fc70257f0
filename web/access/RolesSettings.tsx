import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NavLink,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACCESS_ACTIONS,
  ACCESS_OBJECTS,
  ACCESS_SCOPES,
  type AccessScope,
} from '../../common/access.js';
import { ApiError, del, patch, post } from '../lib/api.js';
import { rolesQuery, useRoles, type Role } from './api.js';

/** Settings → Roles: the role list and the object × action matrix of the selected role. */
export function RolesSettings() {
  const { t } = useTranslation();
  const roles = useRoles();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const selected = roles.find((r) => r.id === selectedId) ?? roles[0];
  return (
    <Group align="flex-start" gap="lg" wrap="nowrap">
      <Stack gap={4} w={220} style={{ flexShrink: 0 }}>
        {roles.map((role) => (
          <NavLink
            key={role.id}
            label={role.name}
            description={t('access:role.users', { count: role.userCount })}
            active={role.id === selected?.id}
            onClick={() => setSelectedId(role.id)}
            leftSection={role.isAdmin ? <IconShieldLock size={16} /> : null}
            data-testid={`role-${role.key}`}
          />
        ))}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          onClick={() => setCreating(true)}
          data-testid="new-role"
          mt="sm"
        >
          {t('access:role.new')}
        </Button>
      </Stack>
      {selected && <RoleEditor key={`${selected.id}:${selected.version}`} role={selected} />}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('access:role.new')}>
        {creating && (
          <NewRole
            roles={roles}
            onDone={(id) => {
              setCreating(false);
              setSelectedId(id);
            }}
          />
        )}
      </Modal>
    </Group>
  );
}

function NewRole({ roles, onDone }: { roles: Role[]; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [copyFrom, setCopyFrom] = useState<string | null>(
    roles.find((r) => r.key === 'read_only')?.id ?? null,
  );
  const create = useMutation({
    mutationFn: () => post<Role>('/roles', { name, ...(copyFrom ? { copyFrom } : {}) }),
    meta: { silent: true },
    onSuccess: async (role) => {
      await queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey });
      onDone(role.id);
    },
  });
  const error = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  return (
    <Stack>
      <TextInput
        label={t('access:role.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={error.name}
        data-testid="role-name"
        autoFocus
      />
      <Select
        label={t('access:role.copyFrom')}
        data={roles.filter((r) => !r.isAdmin).map((r) => ({ value: r.id, label: r.name }))}
        value={copyFrom}
        onChange={setCopyFrom}
        data-testid="role-copy-from"
      />
      <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="create-role">
        {t('common:actions.save')}
      </Button>
    </Stack>
  );
}

function RoleEditor({ role }: { role: Role }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(role.name);
  const [permissions, setPermissions] = useState(role.permissions);
  const [require2fa, setRequire2fa] = useState(role.require2fa);
  useEffect(() => setPermissions(role.permissions), [role.permissions]);
  const save = useMutation({
    mutationFn: () =>
      patch<Role>(
        `/roles/${role.id}`,
        role.isAdmin ? { name, require2fa } : { name, require2fa, permissions },
        { headers: { 'if-match': String(role.version) } },
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey });
      notifications.show({ color: 'green', message: t('access:role.saved') });
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/roles/${role.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey }),
  });
  const set = (object: string, action: string, scope: AccessScope) =>
    setPermissions((p) => ({ ...p, [object]: { ...p[object], [action]: scope } }));
  return (
    <Stack style={{ flex: 1, minWidth: 0 }}>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            label={t('access:role.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            w={260}
          />
          <Badge variant="light" color="gray">
            {role.key}
          </Badge>
        </Group>
        <Switch
          label={t('access:role.require2fa')}
          checked={require2fa}
          onChange={(e) => setRequire2fa(e.currentTarget.checked)}
          data-testid="role-require-2fa"
        />
      </Group>
      {role.isAdmin ? (
        <Alert color="blue">{t('access:role.adminFixed')}</Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('access:role.matrixHint')}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table withTableBorder striped verticalSpacing={4} data-testid="role-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  {ACCESS_ACTIONS.map((action) => (
                    <Table.Th key={action}>{t(`access:actions.${action}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ACCESS_OBJECTS.map((object) => (
                  <Table.Tr key={object}>
                    <Table.Td fw={500}>{t(`access:objects.${object}`)}</Table.Td>
                    {ACCESS_ACTIONS.map((action) => (
                      <Table.Td key={action}>
                        <Select
                          size="xs"
                          w={92}
                          allowDeselect={false}
                          aria-label={`${t(`access:objects.${object}`)} ${t(`access:actions.${action}`)}`}
                          data-testid={`scope-${object}-${action}`}
                          data={ACCESS_SCOPES.map((s) => ({
                            value: s,
                            label: t(`access:scopes.${s}`),
                          }))}
                          value={permissions[object]?.[action] ?? 'none'}
                          onChange={(v) => v && set(object, action, v)}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      {(save.error ?? remove.error) && (
        <Alert color="red">{(save.error ?? remove.error)?.message}</Alert>
      )}
      <Group justify="space-between">
        {!role.isAdmin ? (
          <Button variant="subtle" color="red" onClick={() => remove.mutate()}>
            {t('access:role.delete')}
          </Button>
        ) : (
          <span />
        )}
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="save-role">
          {t('common:actions.save')}
        </Button>
      </Group>
    </Stack>
  );
}
