import { ExportMenu } from '../imports/ExportMenu.js';
import {
  Button,
  Card,
  Center,
  Drawer,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../common/locales.js';
import { localized } from '../../common/records.js';
import { notifyError } from '../app/query.js';
import type { ListSearch } from '../app/router.js';
import { get, patch } from '../lib/api.js';
import { BulkBar } from './BulkBar.js';
import { ColumnChooser } from './ColumnChooser.js';
import { CustomValue } from './CustomValue.js';
import { DataTable } from './DataTable.js';
import { useFieldDefinitions, type FieldDefinition } from './fields.js';
import { FilterBar } from './FilterBar.js';
import type { BaseRecord, ColumnDef, FilterDef, RecordConfig } from './types.js';
import { useViews, ViewTabs, type ViewConfig } from './ViewTabs.js';
import { useSearchHighlight } from '../search/Highlighted.js';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const SORTABLE_CUSTOM = new Set([
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'boolean',
  'select',
  'phone',
  'email',
  'url',
]);

export function customColumns<T extends BaseRecord>(
  defs: FieldDefinition[],
  locale: string,
): ColumnDef<T>[] {
  return defs
    .filter((d) => !d.hidden)
    .map((d) => ({
      key: `custom.${d.key}`,
      label: localized(d.label, isLocale(locale) ? locale : 'en'),
      width: 150,
      ...(SORTABLE_CUSTOM.has(d.type) ? { sort: `custom.${d.key}` } : {}),
      render: (record: T) => <CustomValue field={d} value={record.custom[d.key]} />,
    }));
}

export function customFilters(defs: FieldDefinition[], locale: string): FilterDef[] {
  const kind = (d: FieldDefinition): FilterDef['kind'] => {
    switch (d.type) {
      case 'number':
      case 'money':
        return 'number';
      case 'date':
        return 'date';
      case 'boolean':
        return 'boolean';
      case 'select':
        return 'enum';
      case 'multi_select':
        return 'multi';
      case 'user':
        return 'owner';
      case 'record':
        return 'record';
      default:
        return 'text';
    }
  };
  const l = isLocale(locale) ? locale : 'en';
  return defs
    .filter((d) => !d.hidden)
    .map((d) => ({
      field: `custom.${d.key}`,
      label: localized(d.label, l),
      kind: kind(d),
      ...(d.options.choices
        ? {
            options: d.options.choices.map((c) => ({
              value: c.value,
              label: localized(c.label, l),
            })),
          }
        : {}),
    }));
}

/** The list of any record object: views, search, filters, sort, columns, bulk actions. */
export function RecordListPage<T extends BaseRecord>({ config }: { config: RecordConfig<T> }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const search: ListSearch = useSearch({ strict: false });
  const phone = useMediaQuery('(max-width: 48em)');
  const defs = useFieldDefinitions(config.object);
  const views = useViews(config.object);
  const activeView = search.deleted ? 'deleted' : (search.view ?? 'all');

  const [q, setQ] = useState(search.q ?? '');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [sort, setSort] = useState('-createdAt');
  const [columns, setColumns] = useLocalStorage<string[]>({
    key: `odnos.columns.${config.object}`,
    defaultValue: config.defaultColumns,
  });
  const [widths, setWidths] = useLocalStorage<Record<string, number>>({
    key: `odnos.widths.${config.object}`,
    defaultValue: {},
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(-1);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  useSearchHighlight(resultsRef, debouncedQ);

  // Selecting a saved view applies its columns, filters, sort and search.
  useEffect(() => {
    const view = views.find((v) => v.id === activeView);
    if (view) {
      setFilters(view.config.filters);
      setSort(view.config.sort ?? '-createdAt');
      setQ(view.config.q ?? '');
      if (view.config.columns.length) setColumns(view.config.columns);
    } else if (activeView === 'all') {
      setFilters({});
      setSort('-createdAt');
    }
    setSelected(new Set());
  }, [activeView, views, setColumns]);

  const allColumns = useMemo(
    () => [...config.columns, ...customColumns<T>(defs, i18n.language)],
    [config.columns, defs, i18n.language],
  );
  const allFilters = useMemo(
    () => [...config.filters, ...customFilters(defs, i18n.language)],
    [config.filters, defs, i18n.language],
  );
  const shownColumns = columns
    .map((key) => allColumns.find((c) => c.key === key))
    .filter((c) => c !== undefined);

  const params = useMemo(() => {
    const p = new URLSearchParams({ sort, limit: '100', ...filters });
    if (debouncedQ.trim()) p.set('q', debouncedQ.trim());
    if (activeView === 'deleted') p.set('deleted', 'true');
    return p;
  }, [sort, filters, debouncedQ, activeView]);

  const list = useInfiniteQuery({
    queryKey: [config.object, 'list', params.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams(params);
      if (pageParam) p.set('cursor', pageParam);
      return get<Page<T>>(`/${config.object}?${p.toString()}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.data) ?? [], [list.data]);

  const open = (record: T) =>
    void navigate({ to: `${config.path}/$id`, params: { id: record.id } });
  const refresh = () => queryClient.invalidateQueries({ queryKey: [config.object] });

  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['c', () => setCreating(true)],
    ['j', () => setCursor((c) => Math.min(rows.length - 1, c + 1))],
    ['k', () => setCursor((c) => Math.max(0, c - 1))],
    [
      'Enter',
      () => {
        const record = rows[cursor];
        if (record) open(record);
      },
    ],
    ['Escape', () => (selected.size ? setSelected(new Set()) : setCursor(-1))],
  ]);

  const inlineEdit = async (record: T, field: string, value: string) => {
    try {
      await patch(
        `/${config.object}/${record.id}`,
        { [field]: value },
        { headers: { 'if-match': String(record.version) } },
      );
      await refresh();
    } catch (error) {
      notifyError(error);
      throw error;
    }
  };

  const currentView: ViewConfig = { columns, filters, sort, ...(q ? { q } : {}) };
  const empty = !list.isLoading && rows.length === 0;
  const filtered = Boolean(debouncedQ || Object.keys(filters).length || activeView !== 'all');

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" align="baseline">
          <Title order={2}>{t(`${config.ns}:title`)}</Title>
          <Text c="dimmed" size="sm" data-testid="record-count">
            {list.hasNextPage
              ? t('common:list.countMore', { count: rows.length })
              : t('common:list.count', { count: rows.length })}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <ExportMenu
            object={config.object}
            query={new URLSearchParams([...params, ['fields', columns.join(',')]])}
          />
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="new-record"
          >
            {t(`${config.ns}:new`)}
          </Button>
        </Group>
      </Group>
      <ViewTabs
        object={config.object}
        active={activeView}
        current={currentView}
        onSelect={(view) =>
          void navigate({
            to: config.path,
            search: view === 'deleted' ? { deleted: true } : view === 'all' ? {} : { view },
          })
        }
      />
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Group gap="xs" wrap="wrap" style={{ flex: 1 }}>
          <TextInput
            ref={searchRef}
            size="xs"
            w={phone ? '100%' : 260}
            leftSection={<IconSearch size={14} />}
            placeholder={t('common:list.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            data-testid="list-search"
            aria-label={t('common:list.search')}
          />
          <FilterBar defs={allFilters} value={filters} onChange={setFilters} />
        </Group>
        {!phone && <ColumnChooser all={allColumns} visible={columns} onChange={setColumns} />}
      </Group>
      {selected.size > 0 && (
        <BulkBar
          object={config.object}
          ids={[...selected]}
          onDone={() => {
            setSelected(new Set());
            void refresh();
          }}
        />
      )}
      <div ref={resultsRef} style={{ display: 'contents' }}>
        {list.isLoading ? (
          <Stack gap={4}>
            {Array.from({ length: 8 }, (_, i) => (
              <Card key={i} h={36} withBorder p={0} bg="var(--mantine-color-default-hover)" />
            ))}
          </Stack>
        ) : list.isError ? (
          <Center py="xl">
            <Stack align="center">
              <Text c="red">{list.error.message}</Text>
              <Button variant="default" onClick={() => void list.refetch()}>
                {t('common:actions.retry')}
              </Button>
            </Stack>
          </Center>
        ) : empty ? (
          <Center py={60} data-testid="empty-state">
            <Stack align="center" gap="xs">
              <Title order={4}>
                {filtered ? t('common:list.noMatches') : t(`${config.ns}:empty.title`)}
              </Title>
              <Text c="dimmed" size="sm">
                {filtered ? t('common:list.noMatchesHint') : t(`${config.ns}:empty.text`)}
              </Text>
              {!filtered && (
                <Group>
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                    {t(`${config.ns}:empty.create`)}
                  </Button>
                </Group>
              )}
            </Stack>
          </Center>
        ) : phone ? (
          <Stack gap={6} data-testid="card-list">
            {rows.map((record) => (
              <Card
                key={record.id}
                withBorder
                padding="sm"
                onClick={() => open(record)}
                style={{ cursor: 'pointer' }}
                data-testid="record-card"
              >
                <Text fw={600}>{config.title(record)}</Text>
                {config.subtitle?.(record) && (
                  <Text size="sm" c="dimmed">
                    {config.subtitle(record)}
                  </Text>
                )}
              </Card>
            ))}
            {list.hasNextPage && (
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                {t('common:list.more')}
              </Button>
            )}
          </Stack>
        ) : (
          <DataTable
            rows={rows}
            columns={shownColumns}
            widths={widths}
            onResize={(key, width) => setWidths({ ...widths, [key]: width })}
            sort={sort}
            onSort={setSort}
            selected={selected}
            onSelect={setSelected}
            onOpen={open}
            onInlineEdit={inlineEdit}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onEndReached={() => void list.fetchNextPage()}
            cursor={cursor}
          />
        )}
      </div>
      {list.isFetching && !list.isLoading && !list.isFetchingNextPage && (
        <Loader size="xs" pos="fixed" bottom={16} right={16} />
      )}
      <Drawer
        opened={creating}
        onClose={() => setCreating(false)}
        title={t(`${config.ns}:new`)}
        position="right"
        size="lg"
      >
        {creating && (
          <config.Form
            onCancel={() => setCreating(false)}
            onSaved={(record) => {
              setCreating(false);
              void refresh();
              open(record);
            }}
          />
        )}
      </Drawer>
    </Stack>
  );
}
