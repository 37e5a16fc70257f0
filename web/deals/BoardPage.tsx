import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import {
  Avatar,
  Badge,
  Button,
  Card,
  Center,
  Drawer,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardOut, DealOut, PipelineOut, StageOut } from '../../server/deals/schema.js';
import { useUsers } from '../app/session.js';
import { ApiError, get, post } from '../lib/api.js';
import { useServerEvent } from '../lib/events.js';
import { formatDate, formatMoney, initials } from '../lib/format.js';
import { i18next } from '../lib/i18n.js';
import { DealForm } from './DealForm.js';
import { LostDialog } from './config.js';
import { pipelinesQuery, usePipelines } from './queries.js';

interface Column {
  stageId: string;
  count: number;
  total: number;
  unconverted: number;
  deals: CardOut[];
  nextCursor: string | null;
}
interface Board {
  pipeline: PipelineOut;
  currency: string;
  columns: Column[];
}
interface Filters {
  ownerId: string | null;
  source: string;
  tag: string;
  close: [string | null, string | null];
  q: string;
}
interface PendingMove {
  card: CardOut;
  stage: StageOut;
  index: number;
}

const LIMIT = 50;

function boardParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams({ limit: String(LIMIT) });
  if (f.ownerId) p.set('ownerId', f.ownerId);
  if (f.source.trim()) p.set('source', f.source.trim());
  if (f.tag.trim()) p.set('tag', f.tag.trim());
  if (f.close[0]) p.set('closeFrom', f.close[0]);
  if (f.close[1]) p.set('closeTo', f.close[1]);
  if (f.q.trim()) p.set('q', f.q.trim());
  return p;
}

/** The board with one card moved: out of its column, into the target at `index` (open stages). */
export function moveLocally(board: Board, move: PendingMove): Board {
  const { card, stage, index } = move;
  const inBase = card.currency === board.currency ? card.amount : 0;
  return {
    ...board,
    columns: board.columns.map((col) => {
      let deals = col.deals;
      let { count, total } = col;
      if (col.stageId === card.stageId) {
        deals = deals.filter((d) => d.id !== card.id);
        count -= 1;
        total -= inBase;
      }
      if (col.stageId === stage.id) {
        deals = [...deals.filter((d) => d.id !== card.id)];
        deals.splice(Math.min(index, deals.length), 0, { ...card, stageId: stage.id });
        count += 1;
        total += inBase;
      }
      return { ...col, deals, count, total };
    }),
  };
}

function DealCard({
  card,
  index,
  onOpen,
  overlay,
}: {
  card: CardOut;
  index: number;
  onOpen?: (card: CardOut) => void;
  overlay?: boolean;
}) {
  const users = useUsers();
  const drag = useDraggable({ id: card.id, data: { card }, disabled: overlay ?? false });
  const drop = useDroppable({
    id: `card:${card.id}`,
    data: { stageId: card.stageId, index },
    disabled: overlay ?? false,
  });
  const owner = users.find((u) => u.id === card.ownerId);
  return (
    <Card
      ref={(node) => {
        drag.setNodeRef(node);
        drop.setNodeRef(node);
      }}
      withBorder
      padding="xs"
      radius="sm"
      shadow={overlay ? 'md' : undefined}
      style={{
        cursor: 'grab',
        opacity: drag.isDragging && !overlay ? 0.4 : 1,
        borderTop: drop.isOver ? '2px solid var(--mantine-color-blue-5)' : undefined,
        touchAction: 'none',
      }}
      onClick={() => onOpen?.(card)}
      data-testid={overlay ? 'deal-card-dragged' : 'deal-card'}
      data-deal-id={card.id}
      {...drag.attributes}
      {...drag.listeners}
    >
      <Text size="sm" fw={600} lineClamp={2}>
        {card.title}
      </Text>
      {(card.companyName ?? card.contactName) && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {[card.companyName, card.contactName].filter(Boolean).join(' · ')}
        </Text>
      )}
      <Group justify="space-between" mt={4} gap={4} wrap="nowrap">
        <Text size="xs" fw={500}>
          {formatMoney(card.amount, card.currency)}
        </Text>
        <Group gap={4} wrap="nowrap">
          {card.expectedCloseDate && (
            <Text size="xs" c="dimmed">
              {formatDate(card.expectedCloseDate)}
            </Text>
          )}
          {owner && (
            <Tooltip label={owner.name}>
              <Avatar size={18} radius="xl" color="blue">
                <Text size="9px">{initials(owner.name)}</Text>
              </Avatar>
            </Tooltip>
          )}
        </Group>
      </Group>
    </Card>
  );
}

function StageColumn(props: {
  stage: StageOut;
  column: Column;
  currency: string;
  onOpen: (card: CardOut) => void;
  onMore: () => void;
  loadingMore: boolean;
}) {
  const { t } = useTranslation();
  const { stage, column } = props;
  const drop = useDroppable({
    id: `stage:${stage.id}`,
    data: { stageId: stage.id, index: column.deals.length },
  });
  return (
    <Paper
      ref={drop.setNodeRef}
      withBorder
      radius="md"
      p="xs"
      w={272}
      miw={272}
      bg={drop.isOver ? 'var(--mantine-color-blue-light)' : 'var(--mantine-color-default-hover)'}
      style={{ borderTop: `3px solid var(--mantine-color-${stage.color}-5)` }}
      data-testid="board-column"
      data-stage-id={stage.id}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={600} size="sm" lineClamp={1}>
            {stage.displayName}
          </Text>
          <Badge variant="light" size="sm" data-testid="column-count">
            {column.count}
          </Badge>
        </Group>
        <Group gap={4}>
          <Text size="xs" c="dimmed" data-testid="column-total">
            {formatMoney(column.total, props.currency)}
          </Text>
          {column.unconverted > 0 && (
            <Tooltip label={t('deals:board.unconverted', { count: column.unconverted })}>
              <Text size="xs" c="orange">
                +{column.unconverted}
              </Text>
            </Tooltip>
          )}
        </Group>
        <Stack gap={6} mih={60}>
          {column.deals.map((card, index) => (
            <DealCard key={card.id} card={card} index={index} onOpen={props.onOpen} />
          ))}
          {column.nextCursor && (
            <Button
              size="xs"
              variant="subtle"
              onClick={props.onMore}
              loading={props.loadingMore}
              data-testid="load-more"
            >
              {t('deals:board.more', { count: column.count - column.deals.length })}
            </Button>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function FinalZone({ stage, icon }: { stage: StageOut; icon: ReactNode }) {
  const drop = useDroppable({ id: `stage:${stage.id}`, data: { stageId: stage.id, index: 0 } });
  return (
    <Paper
      ref={drop.setNodeRef}
      withBorder
      p="md"
      style={{ flex: 1, borderStyle: 'dashed' }}
      bg={drop.isOver ? `var(--mantine-color-${stage.color}-light)` : 'var(--mantine-color-body)'}
      data-testid={`drop-${stage.kind}`}
    >
      <Group justify="center" gap="xs">
        {icon}
        <Text fw={600}>{stage.displayName}</Text>
      </Group>
    </Paper>
  );
}

/** The kanban board of one pipeline: drag cards between stages; colleagues' moves appear live. */
export function BoardPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const [chosen, setChosen] = useState<string | null>(null);
  const pipelineId = chosen ?? pipelines[0]?.id ?? null;
  const [filters, setFilters] = useState<Filters>({
    ownerId: null,
    source: '',
    tag: '',
    close: [null, null],
    q: '',
  });
  const [debounced] = useDebouncedValue(filters, 250);
  const params = boardParams(debounced).toString();
  const key = ['deals', 'board', pipelineId, params];
  const board = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => get<Board>(`/pipelines/${pipelineId}/board?${params}`, { signal }),
    enabled: Boolean(pipelineId),
  });
  const [active, setActive] = useState<CardOut | null>(null);
  const [losing, setLosing] = useState<PendingMove | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['deals', 'board', pipelineId] });
  useServerEvent<{ pipelineId?: string }>('deal.moved', (data) => {
    if (data.pipelineId === pipelineId) void refresh();
  });
  useServerEvent<{ pipelineId?: string }>('deal.changed', (data) => {
    if (data.pipelineId === pipelineId) void refresh();
  });
  useServerEvent('pipeline.changed', () => {
    void queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey });
    void refresh();
  });

  const move = useMutation({
    mutationFn: (m: PendingMove & { lostReasonId?: string | null; lostNote?: string | null }) =>
      post<DealOut>(
        `/deals/${m.card.id}/move`,
        {
          stageId: m.stage.id,
          ...(m.stage.kind === 'open' ? { position: m.index } : {}),
          ...(m.lostReasonId ? { lostReasonId: m.lostReasonId } : {}),
          ...(m.lostNote ? { lostNote: m.lostNote } : {}),
        },
        { headers: { 'if-match': String(m.card.version) } },
      ),
    meta: { silent: true },
    onMutate: async (m) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Board>(key);
      if (before) queryClient.setQueryData<Board>(key, moveLocally(before, m));
      return { before };
    },
    onError: (error, _m, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
      notifications.show({
        color: 'red',
        title: t('deals:board.moveRefused'),
        message:
          error instanceof ApiError && error.status === 409
            ? t('deals:board.conflict')
            : error instanceof ApiError
              ? [error.message, ...error.details.map((d) => d.message)].join(' ')
              : i18next.t('common:errors.unexpected'),
      });
    },
    onSettled: () => refresh(),
  });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );
  const data = board.data;
  const stages = useMemo(() => data?.pipeline.stages ?? [], [data]);
  const openStages = stages.filter((s) => s.kind === 'open');
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');

  const onDragStart = (event: DragStartEvent) => {
    setActive((event.active.data.current as { card: CardOut } | undefined)?.card ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const card = (event.active.data.current as { card: CardOut } | undefined)?.card;
    const target = event.over?.data.current as { stageId: string; index: number } | undefined;
    if (!card || !target || !data) return;
    const stage = stages.find((s) => s.id === target.stageId);
    if (!stage) return;
    const column = data.columns.find((c) => c.stageId === stage.id);
    let index = target.index;
    if (column && stage.id === card.stageId) {
      const from = column.deals.findIndex((d) => d.id === card.id);
      if (
        from === index ||
        (event.over?.id === `stage:${stage.id}` && from === column.deals.length - 1)
      )
        return;
      if (from >= 0 && from < index) index -= 1;
    }
    const pending = { card, stage, index };
    if (stage.kind === 'lost') setLosing(pending);
    else move.mutate(pending);
  };

  const loadMore = async (column: Column) => {
    if (!column.nextCursor || !pipelineId) return;
    setLoadingMore(column.stageId);
    try {
      const p = boardParams(debounced);
      p.set('cursor', column.nextCursor);
      const page = await get<{ deals: CardOut[]; nextCursor: string | null }>(
        `/pipelines/${pipelineId}/board/${column.stageId}?${p.toString()}`,
      );
      queryClient.setQueryData<Board>(key, (old) =>
        old
          ? {
              ...old,
              columns: old.columns.map((c) =>
                c.stageId === column.stageId
                  ? { ...c, deals: [...c.deals, ...page.deals], nextCursor: page.nextCursor }
                  : c,
              ),
            }
          : old,
      );
    } finally {
      setLoadingMore(null);
    }
  };

  const selected = useQuery({
    queryKey: ['deals', 'record', openId],
    queryFn: () => get<DealOut>(`/deals/${openId}`),
    enabled: Boolean(openId),
  });

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap">
          {pipelines.length > 1 && (
            <Select
              size="xs"
              w={200}
              aria-label={t('deals:fields.pipelineId')}
              data={pipelines.map((p) => ({ value: p.id, label: p.displayName }))}
              value={pipelineId}
              onChange={setChosen}
              allowDeselect={false}
              data-testid="pipeline-select"
            />
          )}
          <TextInput
            size="xs"
            w={200}
            leftSection={<IconSearch size={14} />}
            placeholder={t('common:list.search')}
            aria-label={t('common:list.search')}
            value={filters.q}
            onChange={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
            data-testid="board-search"
          />
          <Select
            size="xs"
            w={170}
            placeholder={t('common:record.owner')}
            aria-label={t('common:record.owner')}
            data={[
              { value: 'me', label: t('deals:board.mine') },
              ...users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
            ]}
            value={filters.ownerId}
            onChange={(ownerId) => setFilters({ ...filters, ownerId })}
            clearable
            searchable
            data-testid="board-owner"
          />
          <TextInput
            size="xs"
            w={130}
            placeholder={t('deals:fields.source')}
            aria-label={t('deals:fields.source')}
            value={filters.source}
            onChange={(e) => setFilters({ ...filters, source: e.currentTarget.value })}
          />
          <TextInput
            size="xs"
            w={110}
            placeholder={t('deals:board.tag')}
            aria-label={t('deals:board.tag')}
            value={filters.tag}
            onChange={(e) => setFilters({ ...filters, tag: e.currentTarget.value })}
          />
          <DatePickerInput
            size="xs"
            w={220}
            type="range"
            placeholder={t('deals:fields.expectedCloseDate')}
            aria-label={t('deals:fields.expectedCloseDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            value={filters.close}
            onChange={(close) => setFilters({ ...filters, close })}
          />
        </Group>
        <Button
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => setCreating(true)}
          data-testid="new-deal"
        >
          {t('deals:new')}
        </Button>
      </Group>
      {board.isLoading || !data ? (
        board.isError ? (
          <Center py="xl">
            <Stack align="center">
              <Text c="red">{board.error.message}</Text>
              <Button variant="default" onClick={() => void board.refetch()}>
                {t('common:actions.retry')}
              </Button>
            </Stack>
          </Center>
        ) : (
          <Group gap="sm" wrap="nowrap">
            {Array.from({ length: 3 }, (_, i) => (
              <Card key={i} w={272} h={240} withBorder bg="var(--mantine-color-default-hover)" />
            ))}
          </Group>
        )
      ) : (
        <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd}>
          <ScrollArea type="auto" offsetScrollbars>
            <Group gap="sm" align="flex-start" wrap="nowrap" pb="sm" data-testid="board">
              {openStages.map((stage) => {
                const column = data.columns.find((c) => c.stageId === stage.id);
                return column ? (
                  <StageColumn
                    key={stage.id}
                    stage={stage}
                    column={column}
                    currency={data.currency}
                    onOpen={(card) => setOpenId(card.id)}
                    onMore={() => void loadMore(column)}
                    loadingMore={loadingMore === stage.id}
                  />
                ) : null;
              })}
            </Group>
          </ScrollArea>
          <Group gap="sm" style={{ visibility: active ? 'visible' : 'hidden' }}>
            {won && <FinalZone stage={won} icon={<IconThumbUp size={18} />} />}
            {lost && <FinalZone stage={lost} icon={<IconThumbDown size={18} />} />}
          </Group>
          <DragOverlay>{active && <DealCard card={active} index={0} overlay />}</DragOverlay>
        </DndContext>
      )}
      {move.isPending && <Loader size="xs" pos="fixed" bottom={16} right={16} />}
      <LostDialog
        opened={Boolean(losing)}
        onClose={() => setLosing(null)}
        onConfirm={(lostReasonId, lostNote) => {
          if (losing) move.mutate({ ...losing, lostReasonId, lostNote });
          setLosing(null);
        }}
      />
      <Drawer
        opened={Boolean(openId)}
        onClose={() => setOpenId(null)}
        title={
          <Group gap="sm">
            <Text fw={600}>{t('deals:board.quickEdit')}</Text>
            {openId && (
              <Button
                onClick={() => void navigate({ to: '/deals/$id', params: { id: openId } })}
                size="compact-xs"
                variant="light"
                data-testid="open-deal"
              >
                {t('deals:board.openDeal')}
              </Button>
            )}
          </Group>
        }
        position="right"
        size="lg"
      >
        {selected.data && selected.data.id === openId ? (
          <DealForm
            key={`${selected.data.id}-${selected.data.version}`}
            record={selected.data}
            onCancel={() => setOpenId(null)}
            onSaved={() => {
              setOpenId(null);
              void refresh();
            }}
          />
        ) : (
          <Center h={200}>
            <Loader />
          </Center>
        )}
      </Drawer>
      <Drawer
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('deals:new')}
        position="right"
        size="lg"
      >
        {creating && (
          <DealForm
            pipelineId={pipelineId ?? undefined}
            onCancel={() => setCreating(false)}
            onSaved={() => {
              setCreating(false);
              void refresh();
            }}
          />
        )}
      </Drawer>
    </Stack>
  );
}
