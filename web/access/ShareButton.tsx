import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { IconShare, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordObject } from '../../common/records.js';
import { useUsers } from '../app/session.js';
import { del, get, post } from '../lib/api.js';
import { useTeams } from './api.js';

interface Share {
  id: string;
  userId: string | null;
  teamId: string | null;
  access: 'read' | 'edit';
}

/** Shares one record with a user or a team beyond the role rules (R28). */
export function ShareButton({ object, id }: { object: RecordObject; id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconShare size={14} />}
        onClick={() => setOpen(true)}
        data-testid="share-record"
      >
        {t('access:share.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('access:share.title')}>
        {open && <SharePanel object={object} id={id} />}
      </Modal>
    </>
  );
}

function SharePanel({ object, id }: { object: RecordObject; id: string }) {
  const { t } = useTranslation();
  const users = useUsers();
  const teams = useTeams();
  const queryClient = useQueryClient();
  const key = ['shares', object, id];
  const shares = useQuery({
    queryKey: key,
    queryFn: async () => (await get<{ data: Share[] }>(`/${object}/${id}/shares`)).data,
  });
  const [target, setTarget] = useState<string | null>(null);
  const [access, setAccess] = useState<'read' | 'edit'>('read');
  const add = useMutation({
    mutationFn: () => {
      const [kind, targetId] = (target ?? '').split(':');
      return post(`/${object}/${id}/shares`, {
        [kind === 'team' ? 'teamId' : 'userId']: targetId,
        access,
      });
    },
    meta: { silent: true },
    onSuccess: async () => {
      setTarget(null);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (shareId: string) => del(`/${object}/${id}/shares/${shareId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const nameOf = (s: Share) =>
    s.userId
      ? (users.find((u) => u.id === s.userId)?.name ?? '')
      : `${teams.find((x) => x.id === s.teamId)?.name ?? ''} (${t('access:share.team')})`;
  return (
    <Stack>
      {(shares.data ?? []).length === 0 && (
        <Text size="sm" c="dimmed">
          {t('access:share.none')}
        </Text>
      )}
      {(shares.data ?? []).map((s) => (
        <Group key={s.id} justify="space-between">
          <Text size="sm">
            {nameOf(s)} · {t(`access:share.${s.access}`)}
          </Text>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('access:share.remove')}
            onClick={() => remove.mutate(s.id)}
          >
            <IconX size={14} />
          </ActionIcon>
        </Group>
      ))}
      {add.error && <Alert color="red">{add.error.message}</Alert>}
      <Select
        label={`${t('access:share.user')} / ${t('access:share.team')}`}
        data={[
          {
            group: t('access:share.user'),
            items: users
              .filter((u) => u.active)
              .map((u) => ({ value: `user:${u.id}`, label: u.name })),
          },
          {
            group: t('access:share.team'),
            items: teams.map((x) => ({ value: `team:${x.id}`, label: x.name })),
          },
        ]}
        value={target}
        onChange={setTarget}
        searchable
        data-testid="share-target"
      />
      <SegmentedControl
        value={access}
        onChange={(v) => setAccess(v)}
        data={[
          { value: 'read', label: t('access:share.read') },
          { value: 'edit', label: t('access:share.edit') },
        ]}
      />
      <Button disabled={!target} onClick={() => add.mutate()} loading={add.isPending}>
        {t('access:share.add')}
      </Button>
    </Stack>
  );
}
