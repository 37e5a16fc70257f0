import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Typography,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconDots,
  IconEdit,
  IconNote,
  IconPencil,
  IconPhone,
  IconPlus,
  IconTarget,
  IconTrash,
  IconMail,
  IconChecklist,
  type Icon,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../common/locales.js';
import { localized, type RecordObject } from '../../common/records.js';
import type { TimelineItem } from '../../server/timeline/schema.js';
import { del, get, patch, post } from '../lib/api.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { BillingTimelineDetail } from '../billing/TimelineDetail.js';
import { valueText } from './CustomValue.js';
import { useFieldDefinitions } from './fields.js';
import { NoteEditor } from './NoteEditor.js';
import { TaskTimelineDetails } from '../tasks/RecordTasks.js';
import { CallEntry } from '../telephony/CallEntry.js';

const ICONS: Record<string, Icon> = {
  note: IconNote,
  created: IconPlus,
  changed: IconEdit,
  deleted: IconTrash,
  restored: IconArrowBackUp,
  converted: IconTarget,
  lead_converted: IconTarget,
  call: IconPhone,
  email: IconMail,
  task: IconChecklist,
};

export const timelineKey = (object: RecordObject, id: string) => [object, 'timeline', id];

/** Notes composer, then everything that happened to the record, newest first. */
export function Timeline({ object, id, ns }: { object: RecordObject; id: string; ns: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kinds, setKinds] = useState('all');
  const timeline = useInfiniteQuery({
    queryKey: [...timelineKey(object, id), kinds],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: '50' });
      if (kinds !== 'all') p.set('kinds', kinds);
      if (pageParam) p.set('cursor', pageParam);
      return get<{ data: TimelineItem[]; nextCursor: string | null }>(
        `/${object}/${id}/timeline?${p.toString()}`,
        { signal },
      );
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchOnMount: 'always',
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: timelineKey(object, id) });
  const addNote = useMutation({
    mutationFn: (body: string) => post(`/${object}/${id}/notes`, { body }),
    onSuccess: refresh,
  });
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="sm">
      <NoteEditor
        submitLabel={t('common:timeline.addNote')}
        busy={addNote.isPending}
        onSubmit={(html) => addNote.mutate(html)}
      />
      <SegmentedControl
        size="xs"
        value={kinds}
        onChange={setKinds}
        data={[
          { value: 'all', label: t('common:timeline.filters.all') },
          { value: 'note', label: t('common:timeline.filters.notes') },
          { value: 'change', label: t('common:timeline.filters.changes') },
          { value: 'call', label: t('common:timeline.filters.calls') },
          { value: 'email', label: t('common:timeline.filters.emails') },
          { value: 'task', label: t('tasks:title') },
        ]}
      />
      <Stack gap="xs" data-testid="timeline">
        {items.map((item) => (
          <TimelineEntry
            key={item.id}
            item={item}
            object={object}
            recordId={id}
            ns={ns}
            onChanged={refresh}
          />
        ))}
        {!timeline.isLoading && items.length === 0 && (
          <Text c="dimmed" size="sm" ta="center" py="md">
            {t('common:timeline.empty')}
          </Text>
        )}
        {timeline.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            onClick={() => void timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
          >
            {t('common:list.more')}
          </Button>
        )}
      </Stack>
    </Stack>
  );
}

function TimelineEntry({
  item,
  object,
  recordId,
  ns,
  onChanged,
}: {
  item: TimelineItem;
  object: RecordObject;
  recordId: string;
  ns: string;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const defs = useFieldDefinitions(object);
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: (body: string) => patch(`/${object}/${recordId}/notes/${item.id}`, { body }),
    onSuccess: async () => {
      setEditing(false);
      await onChanged();
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/${object}/${recordId}/notes/${item.id}`),
    onSuccess: onChanged,
  });
  const EntryIcon = ICONS[item.kind] ?? IconPencil;
  const locale = isLocale(i18n.language) ? i18n.language : 'en';

  const fieldLabel = (field: string) => {
    if (field.startsWith('custom.')) {
      const def = defs.find((d) => d.key === field.slice(7));
      return def ? localized(def.label, locale) : field;
    }
    return t(`${ns}:fields.${field}`, { defaultValue: field });
  };
  const show = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (Array.isArray(value))
      return (
        value
          .map((v) =>
            typeof v === 'object' && v && 'value' in v
              ? String((v as { value: unknown }).value)
              : String(v),
          )
          .join(', ') || '—'
      );
    if (typeof value === 'object') return JSON.stringify(value);
    return valueText(value);
  };

  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`timeline-${item.kind}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size="md" radius="xl">
            <EntryIcon size={14} />
          </ThemeIcon>
          <div>
            <Text size="sm">
              <Text span fw={600}>
                {item.actor?.name ?? t('common:timeline.system')}
              </Text>{' '}
              {t(`common:timeline.kinds.${item.kind}`, {
                defaultValue: t(`billing:timeline.${item.kind}`, { defaultValue: item.kind }),
              })}
            </Text>
            <Text size="xs" c="dimmed" title={formatDateTime(item.at)}>
              {formatRelative(item.at)}
            </Text>
          </div>
        </Group>
        {item.editable && !editing && (
          <Menu withinPortal position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={t('common:actions.more')}>
                <IconDots size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
                {t('common:actions.edit')}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconTrash size={14} />}
                color="red"
                onClick={() => remove.mutate()}
              >
                {t('common:actions.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <div style={{ marginTop: 8 }}>
          <NoteEditor
            initial={item.body ?? ''}
            submitLabel={t('common:actions.save')}
            busy={save.isPending}
            onSubmit={(html) => save.mutate(html)}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : item.body ? (
        <Typography mt={6} pl={36} fz="sm">
          {/* Note bodies are sanitized on the server (allow-list of formatting tags). */}
          <div dangerouslySetInnerHTML={{ __html: item.body }} />
        </Typography>
      ) : null}
      {item.changes && item.kind === 'changed' && (
        <Stack gap={2} mt={6} pl={36}>
          {item.changes.map((change) => (
            <Text key={change.field} size="sm">
              <Text span c="dimmed">
                {fieldLabel(change.field)}:
              </Text>{' '}
              <Text span td="line-through" c="dimmed">
                {show(change.from)}
              </Text>{' '}
              → {show(change.to)}
            </Text>
          ))}
        </Stack>
      )}
      {item.kind === 'task' && <TaskTimelineDetails data={item.data} />}
      {item.data && <BillingTimelineDetail data={item.data} />}
      {item.kind === 'call' && item.data && <CallEntry data={item.data} />}
      {item.kind === 'lead_converted' && item.data && (
        <Group gap={4} mt={6} pl={36}>
          {typeof item.data.source === 'string' && (
            <Badge variant="light">{t(`leads:sources.${item.data.source}`)}</Badge>
          )}
          {typeof item.data.utmCampaign === 'string' && (
            <Badge variant="outline">{item.data.utmCampaign}</Badge>
          )}
        </Group>
      )}
    </Paper>
  );
}
