import {
  Badge,
  Group,
  Kbd,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconAddressBook,
  IconBuilding,
  IconClock,
  IconFileDescription,
  IconReportMoney,
  IconSearch,
  IconTargetArrow,
  type Icon,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../server/search/schema.js';
import { get, qs } from '../lib/api.js';
import { Highlighted } from './Highlighted.js';

/** Icon per searchable type; a type registered later without an icon gets the generic one. */
const TYPE_ICONS: Record<string, Icon> = {
  contacts: IconAddressBook,
  companies: IconBuilding,
  leads: IconTargetArrow,
  deals: IconReportMoney,
};

const OPEN_EVENT = 'odnos:open-search';

/** Opens the palette from anywhere (the sidebar button, other features' shortcuts). */
export function openSearchPalette(): void {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface SearchResponse {
  data: SearchHit[];
  hint: 'too_short' | null;
}

/**
 * The global search and command palette (Ctrl/Cmd+K on every page): results as you type
 * (debounced; a newer query cancels the older request), recent records when empty, arrows to
 * move, Enter to open, Esc to close. The matched part is marked in the record's own script.
 */
export function SearchPalette() {
  const { t } = useTranslation();
  const router = useRouter();
  const [opened, { open, close }] = useDisclosure(false);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 120);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  useHotkeys([['mod+K', () => (opened ? close() : open()), { preventDefault: true }]], []);
  useEffect(() => {
    window.addEventListener(OPEN_EVENT, open);
    return () => window.removeEventListener(OPEN_EVENT, open);
  }, [open]);

  const results = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) =>
      get<SearchResponse>(`/search${qs({ q: debounced, limit: 20 })}`, { signal }),
    enabled: opened && debounced !== '',
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  const recent = useQuery({
    queryKey: ['search', 'recent'],
    queryFn: ({ signal }) => get<{ data: SearchHit[] }>('/search/recent?limit=8', { signal }),
    enabled: opened && q.trim() === '',
    staleTime: 0,
  });

  const showingRecent = q.trim() === '';
  const hits: SearchHit[] = showingRecent
    ? (recent.data?.data ?? [])
    : debounced === ''
      ? []
      : (results.data?.data ?? []);
  const query = showingRecent ? '' : debounced;

  useEffect(() => setActive(0), [debounced, showingRecent]);
  useEffect(() => {
    listRef.current
      ?.querySelector(`[data-index="${active}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const reset = () => {
    close();
    setQ('');
  };
  const go = (hit: SearchHit | undefined) => {
    if (!hit) return;
    reset();
    void router.navigate({ href: `/${hit.type}/${hit.id}` });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => (hits.length ? (i + 1) % hits.length : 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (hits.length ? (i - 1 + hits.length) % hits.length : 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(hits[active]);
    }
  };

  const loading = showingRecent ? recent.isLoading : results.isFetching || debounced !== q.trim();
  let status: string | null = null;
  if (!showingRecent && results.data?.hint === 'too_short') status = t('search:too_short');
  else if (!showingRecent && results.isError) status = t('search:failed');
  else if (!showingRecent && !loading && hits.length === 0 && results.data)
    status = t('search:empty', { q: debounced });
  else if (showingRecent && recent.data && hits.length === 0) status = t('search:no_recent');

  return (
    <Modal
      opened={opened}
      onClose={reset}
      withCloseButton={false}
      size="lg"
      padding={0}
      yOffset="10vh"
      trapFocus
      aria-label={t('search:open')}
    >
      <TextInput
        data-autofocus
        value={q}
        onChange={(event) => setQ(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search:placeholder')}
        leftSection={<IconSearch size={18} />}
        rightSection={loading && !showingRecent ? <Loader size="xs" /> : null}
        size="lg"
        variant="unstyled"
        px="sm"
        styles={{ input: { borderBottom: '1px solid var(--mantine-color-default-border)' } }}
        aria-label={t('search:open')}
        role="combobox"
        aria-expanded
        aria-controls="search-results"
        aria-activedescendant={hits[active] ? `search-hit-${active}` : undefined}
        data-testid="search-input"
        maxLength={200}
      />
      <ScrollArea.Autosize mah="60vh" viewportRef={listRef}>
        <Stack gap={0} p={6} id="search-results" role="listbox" data-testid="search-results">
          {showingRecent && hits.length > 0 && (
            <Group gap={6} px="sm" py={4} c="dimmed">
              <IconClock size={14} />
              <Text size="xs" fw={600} tt="uppercase">
                {t('search:recent')}
              </Text>
            </Group>
          )}
          {hits.map((hit, index) => {
            const TypeIcon = TYPE_ICONS[hit.type] ?? IconFileDescription;
            const extra =
              query && hit.matched !== hit.title && hit.matched !== hit.subtitle
                ? hit.matched
                : null;
            return (
              <UnstyledButton
                key={`${hit.type}:${hit.id}`}
                id={`search-hit-${index}`}
                data-index={index}
                role="option"
                aria-selected={index === active}
                data-testid="search-hit"
                data-type={hit.type}
                onMouseMove={() => setActive(index)}
                onClick={() => go(hit)}
                px="sm"
                py={6}
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  background:
                    index === active ? 'var(--mantine-color-default-hover)' : 'transparent',
                }}
              >
                <Group gap="sm" wrap="nowrap">
                  <TypeIcon size={18} stroke={1.6} color="var(--mantine-color-dimmed)" />
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate data-testid="search-hit-title">
                      <Highlighted text={hit.title} query={query} />
                    </Text>
                    {(hit.subtitle || extra) && (
                      <Text size="xs" c="dimmed" truncate>
                        {hit.subtitle && <Highlighted text={hit.subtitle} query={query} />}
                        {hit.subtitle && extra && ' · '}
                        {extra && <Highlighted text={extra} query={query} />}
                      </Text>
                    )}
                  </Stack>
                  <Badge size="xs" variant="light" color="gray">
                    {t(`search:types.${hit.type}`, { defaultValue: t('search:other') })}
                  </Badge>
                </Group>
              </UnstyledButton>
            );
          })}
          {status && (
            <Text size="sm" c="dimmed" px="sm" py="md" ta="center" data-testid="search-status">
              {status}
            </Text>
          )}
        </Stack>
      </ScrollArea.Autosize>
      <Group
        justify="space-between"
        px="sm"
        py={6}
        style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text size="xs" c="dimmed">
          {t('search:keys')}
        </Text>
        <Kbd size="xs">{isMac ? '⌘ K' : t('search:shortcut')}</Kbd>
      </Group>
    </Modal>
  );
}

/** The sidebar's search box: opens the palette. */
export function SearchButton({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      onClick={openSearchPalette}
      data-testid="open-search"
      aria-label={t('search:open')}
      px="xs"
      py={6}
      style={{
        border: compact ? undefined : '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        width: compact ? undefined : '100%',
      }}
    >
      <Group gap={8} wrap="nowrap" c="dimmed">
        <IconSearch size={16} />
        {!compact && (
          <>
            <Text size="sm" style={{ flex: 1 }}>
              {t('search:open')}
            </Text>
            <Kbd size="xs">{isMac ? '⌘ K' : t('search:shortcut')}</Kbd>
          </>
        )}
      </Group>
    </UnstyledButton>
  );
}
