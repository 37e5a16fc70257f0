import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersQuery, useUsers } from '../app/session.js';
import { ApiError, del, patch, post } from '../lib/api.js';
import { teamsQuery, teamTree, useTeams, type Team } from './api.js';

/** Settings → Teams: departments in a tree, a manager and members each. */
export function TeamsSettings() {
  const { t } = useTranslation();
  const teams = useTeams();
  const users = useUsers();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const name = (id: string | null) => users.find((u) => u.id === id)?.name ?? '';
  const remove = useMutation({
    mutationFn: (id: string) => del(`/teams/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey }),
  });
  return (
    <Stack>
      <Group justify="flex-end">
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          data-testid="new-team"
        >
          {t('access:team.new')}
        </Button>
      </Group>
      {teams.length === 0 ? (
        <Text c="dimmed">{t('access:team.none')}</Text>
      ) : (
        <Table striped data-testid="teams-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access:team.name')}</Table.Th>
              <Table.Th>{t('access:team.manager')}</Table.Th>
              <Table.Th>{t('access:team.members')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teamTree(teams).map(({ team, depth }) => (
              <Table.Tr key={team.id}>
                <Table.Td style={{ paddingLeft: 12 + depth * 24 }} fw={depth === 0 ? 600 : 400}>
                  {depth > 0 ? '└ ' : ''}
                  {team.name}
                </Table.Td>
                <Table.Td>{name(team.managerId)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {team.memberIds.map((id) => (
                      <Badge key={id} variant="light" size="sm">
                        {name(id)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('common:actions.edit')}
                      onClick={() => setEditing(team)}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('access:team.delete')}
                      onClick={() => remove.mutate(team.id)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('access:team.new') : (editing?.name ?? '')}
      >
        {editing && (
          <TeamForm
            team={editing === 'new' ? null : editing}
            teams={teams}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function TeamForm({
  team,
  teams,
  onDone,
}: {
  team: Team | null;
  teams: Team[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const users = useUsers().filter((u) => u.active);
  const queryClient = useQueryClient();
  const [name, setName] = useState(team?.name ?? '');
  const [parentId, setParentId] = useState<string | null>(team?.parentId ?? null);
  const [managerId, setManagerId] = useState<string | null>(team?.managerId ?? null);
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);
  const save = useMutation({
    mutationFn: () => {
      const body = { name, parentId, managerId, memberIds };
      return team ? patch(`/teams/${team.id}`, body) : post('/teams', body);
    },
    meta: { silent: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey });
      await queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
      onDone();
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const people = users.map((u) => ({ value: u.id, label: u.name }));
  return (
    <Stack>
      {save.error && !Object.keys(errors).length && <Alert color="red">{save.error.message}</Alert>}
      <TextInput
        label={t('access:team.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-testid="team-name"
        autoFocus
      />
      <Select
        label={t('access:team.parent')}
        placeholder={t('access:team.topLevel')}
        data={teams.filter((x) => x.id !== team?.id).map((x) => ({ value: x.id, label: x.name }))}
        value={parentId}
        onChange={setParentId}
        error={errors.parentId}
        clearable
        data-testid="team-parent"
      />
      <Select
        label={t('access:team.manager')}
        data={people}
        value={managerId}
        onChange={setManagerId}
        clearable
        searchable
        data-testid="team-manager"
      />
      <MultiSelect
        label={t('access:team.members')}
        data={people}
        value={memberIds}
        onChange={setMemberIds}
        searchable
        data-testid="team-members"
      />
      <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="save-team">
        {t('common:actions.save')}
      </Button>
    </Stack>
  );
}
