import { Alert, Button, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_OBJECTS, type AccessObject, type FieldAccess } from '../../common/access.js';
import { get, patch } from '../lib/api.js';
import { rolesQuery, useRoles, type Role } from './api.js';

/** Settings → Field permissions: hidden / read-only / editable per role, object and field. */
export function FieldPermissionsSettings() {
  const { t } = useTranslation();
  const roles = useRoles().filter((r) => !r.isAdmin);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [object, setObject] = useState<AccessObject>('contacts');
  const role = roles.find((r) => r.id === roleId) ?? roles[0];
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('access:fields.hint')}
      </Text>
      <Group>
        <Select
          label={t('access:role.select')}
          data={roles.map((r) => ({ value: r.id, label: r.name }))}
          value={role?.id ?? null}
          onChange={setRoleId}
          allowDeselect={false}
          data-testid="field-role"
        />
        <Select
          label={t('access:fields.object')}
          data={ACCESS_OBJECTS.filter((o) => o !== 'settings' && o !== 'reports').map((o) => ({
            value: o,
            label: t(`access:objects.${o}`),
          }))}
          value={object}
          onChange={(v) => v && setObject(v)}
          allowDeselect={false}
          data-testid="field-object"
        />
      </Group>
      {role && (
        <FieldTable key={`${role.id}:${role.version}:${object}`} role={role} object={object} />
      )}
    </Stack>
  );
}

function FieldTable({ role, object }: { role: Role; object: AccessObject }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fields = useQuery({
    queryKey: ['access-fields', object],
    queryFn: async () => (await get<{ data: string[] }>(`/access-fields?object=${object}`)).data,
  });
  const [rules, setRules] = useState<Record<string, 'hidden' | 'read_only'>>(
    role.fieldPermissions[object] ?? {},
  );
  const save = useMutation({
    mutationFn: () =>
      patch(
        `/roles/${role.id}`,
        { fieldPermissions: { ...role.fieldPermissions, [object]: rules } },
        { headers: { 'if-match': String(role.version) } },
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey });
      notifications.show({ color: 'green', message: t('access:role.saved') });
    },
  });
  const label = (field: string) =>
    field.startsWith('custom.')
      ? `${field.slice(7)} (${t('access:fields.custom')})`
      : t(`${object}:fields.${field}`, { defaultValue: field });
  const set = (field: string, value: FieldAccess) =>
    setRules((r) => {
      const rest = Object.fromEntries(Object.entries(r).filter(([k]) => k !== field));
      return value === 'editable' ? rest : { ...rest, [field]: value };
    });
  return (
    <Stack>
      <Table striped withTableBorder maw={640} verticalSpacing={4} data-testid="field-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('access:fields.field')}</Table.Th>
            <Table.Th>{t('access:fields.access')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(fields.data ?? []).map((field) => (
            <Table.Tr key={field}>
              <Table.Td>{label(field)}</Table.Td>
              <Table.Td>
                <SegmentedControl
                  size="xs"
                  data-testid={`field-${field}`}
                  value={rules[field] ?? 'editable'}
                  onChange={(v) => set(field, v)}
                  data={(['editable', 'read_only', 'hidden'] as const).map((v) => ({
                    value: v,
                    label: t(`access:fieldAccess.${v}`),
                  }))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {save.error && <Alert color="red">{save.error.message}</Alert>}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="save-fields">
          {t('common:actions.save')}
        </Button>
      </Group>
    </Stack>
  );
}
