import { ActionIcon, Button, Group, Menu, Modal, Stack, Tabs, TextInput } from '@mantine/core';
import { IconDots, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordObject } from '../../common/records.js';
import { del, get, post } from '../lib/api.js';

export interface ViewConfig {
  columns: string[];
  filters: Record<string, string>;
  sort?: string;
  q?: string;
}

export interface SavedView {
  id: string;
  name: string;
  config: ViewConfig;
}

export const viewsKey = (object: RecordObject) => ['views', object];

export function useViews(object: RecordObject): SavedView[] {
  return (
    useQuery({
      queryKey: viewsKey(object),
      queryFn: async () => (await get<{ data: SavedView[] }>(`/views?object=${object}`)).data,
    }).data ?? []
  );
}

/** "All", "Deleted" and the user's saved views as tabs; saving the current list as a view. */
export function ViewTabs(props: {
  object: RecordObject;
  active: string;
  onSelect: (view: string) => void;
  current: ViewConfig;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const views = useViews(props.object);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () =>
      post<SavedView>('/views', { object: props.object, name, config: props.current }),
    onSuccess: async (view) => {
      setNaming(false);
      setName('');
      await queryClient.invalidateQueries({ queryKey: viewsKey(props.object) });
      props.onSelect(view.id);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/views/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: viewsKey(props.object) });
      props.onSelect('all');
    },
  });

  return (
    <Group gap="xs" wrap="nowrap" style={{ overflowX: 'auto' }}>
      <Tabs
        value={props.active}
        onChange={(v) => v && props.onSelect(v)}
        variant="pills"
        radius="sm"
      >
        <Tabs.List style={{ flexWrap: 'nowrap' }}>
          <Tabs.Tab value="all" size="xs">
            {t('common:views.all')}
          </Tabs.Tab>
          {views.map((view) => (
            <Tabs.Tab
              key={view.id}
              value={view.id}
              rightSection={
                props.active === view.id ? (
                  <Menu withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        size="xs"
                        variant="transparent"
                        component="span"
                        aria-label={t('common:views.menu')}
                      >
                        <IconDots size={12} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => remove.mutate(view.id)}
                      >
                        {t('common:views.delete')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                ) : null
              }
            >
              {view.name}
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="deleted" c="dimmed">
            {t('common:views.deleted')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconPlus size={12} />}
        onClick={() => setNaming(true)}
      >
        {t('common:views.save')}
      </Button>
      <Modal opened={naming} onClose={() => setNaming(false)} title={t('common:views.saveTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('common:views.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              autoFocus
            />
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('common:actions.save')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
