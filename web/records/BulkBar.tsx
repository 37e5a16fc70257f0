import { Button, Group, Paper, Popover, Select, Stack, TagsInput, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordObject } from '../../common/records.js';
import { useUsers } from '../app/session.js';
import { post } from '../lib/api.js';

export function BulkBar({
  object,
  ids,
  onDone,
}: {
  object: RecordObject;
  ids: string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const [tags, setTags] = useState<string[]>([]);
  const bulk = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      post<{ updated: number }>(`/${object}/bulk`, { ...body, ids }),
    onSuccess: onDone,
  });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('common:bulk.deleteTitle', { count: ids.length }),
      children: <Text size="sm">{t('common:bulk.deleteText')}</Text>,
      labels: { confirm: t('common:actions.delete'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red', 'data-testid': 'confirm-delete' } as Record<string, string>,
      onConfirm: () => bulk.mutate({ action: 'delete' }),
    });

  return (
    <Paper
      withBorder
      p={6}
      px="sm"
      radius="sm"
      bg="var(--mantine-primary-color-light)"
      data-testid="bulk-bar"
    >
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {t('common:bulk.selected', { count: ids.length })}
        </Text>
        <Select
          size="xs"
          w={180}
          placeholder={t('common:bulk.assign')}
          data={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          searchable
          value={null}
          onChange={(ownerId) => ownerId && bulk.mutate({ action: 'assign', ownerId })}
          aria-label={t('common:bulk.assign')}
        />
        <Popover withinPortal>
          <Popover.Target>
            <Button size="xs" variant="default">
              {t('common:bulk.tag')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs" w={240}>
              <TagsInput
                size="xs"
                value={tags}
                onChange={setTags}
                placeholder={t('common:bulk.tagPlaceholder')}
                comboboxProps={{ withinPortal: false }}
              />
              <Group gap="xs">
                <Button
                  size="xs"
                  disabled={!tags.length}
                  onClick={() => bulk.mutate({ action: 'tag', tags })}
                >
                  {t('common:bulk.addTags')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={!tags.length}
                  onClick={() => bulk.mutate({ action: 'untag', tags })}
                >
                  {t('common:bulk.removeTags')}
                </Button>
              </Group>
            </Stack>
          </Popover.Dropdown>
        </Popover>
        <Button
          size="xs"
          color="red"
          variant="light"
          onClick={confirmDelete}
          loading={bulk.isPending}
          data-testid="bulk-delete"
        >
          {t('common:actions.delete')}
        </Button>
        <Button size="xs" variant="subtle" onClick={onDone}>
          {t('common:bulk.clear')}
        </Button>
      </Group>
    </Paper>
  );
}
