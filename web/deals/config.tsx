import {
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { IconChevronDown, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealOut } from '../../server/deals/schema.js';
import { AnchorLink } from '../app/links.js';
import { DealDocuments } from '../billing/DealDocuments.js';
import { useUsers } from '../app/session.js';
import { get, post } from '../lib/api.js';
import { i18next } from '../lib/i18n.js';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.js';
import { Fact, recordKey } from '../records/RecordPage.js';
import { timelineKey } from '../records/Timeline.js';
import type { RecordConfig } from '../records/types.js';
import { DealForm } from './DealForm.js';
import { DealLines } from './DealLines.js';
import { pipelinesQuery, useLostReasons, usePipelines } from './queries.js';

const STATUS_COLOR = { open: 'blue', won: 'green', lost: 'red' } as const;

export function StatusBadge({ status }: { status: DealOut['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {t(`deals:status.${status}`)}
    </Badge>
  );
}

function Details({ record }: { record: DealOut }) {
  const { t } = useTranslation();
  const users = useUsers();
  const pipeline = usePipelines().find((p) => p.id === record.pipelineId);
  const reason = useLostReasons().find((r) => r.id === record.lostReasonId);
  return (
    <>
      <Fact label={t('deals:fields.amount')}>
        <Text fw={700} data-testid="deal-amount-fact">
          {formatMoney(record.amount, record.currency)}
        </Text>
      </Fact>
      <Fact label={t('deals:fields.stageId')}>
        {[pipeline?.displayName, record.stageName].filter(Boolean).join(' · ')}
      </Fact>
      <Fact label={t('deals:fields.status')}>
        <StatusBadge status={record.status} />
      </Fact>
      <Fact label={t('deals:fields.lostReasonId')}>
        {reason ? [reason.displayName, record.lostNote].filter(Boolean).join(' — ') : null}
      </Fact>
      <Fact label={t('deals:fields.probability')}>{`${record.probability} %`}</Fact>
      <Fact label={t('deals:fields.expectedCloseDate')}>
        {record.expectedCloseDate ? formatDate(record.expectedCloseDate) : null}
      </Fact>
      <Fact label={t('deals:fields.companyId')}>
        {record.companyId && (
          <AnchorLink to="/companies/$id" params={{ id: record.companyId }}>
            {record.companyName}
          </AnchorLink>
        )}
      </Fact>
      <Fact label={t('deals:fields.contactId')}>
        {record.contactId && (
          <AnchorLink to="/contacts/$id" params={{ id: record.contactId }}>
            {record.contactName}
          </AnchorLink>
        )}
      </Fact>
      <Fact label={t('deals:fields.source')}>{record.source}</Fact>
      <Fact label={t('deals:fields.campaign')}>{record.campaign}</Fact>
      <Fact label={t('common:record.owner')}>
        {users.find((u) => u.id === record.ownerId)?.name}
      </Fact>
    </>
  );
}

/** Picks the reason before a deal moves to the lost stage. */
export function LostDialog(props: {
  opened: boolean;
  onClose: () => void;
  onConfirm: (lostReasonId: string | null, lostNote: string | null) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const reasons = useLostReasons().filter((r) => r.active);
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('deals:lost.title')}>
      <Stack>
        <Select
          label={t('deals:fields.lostReasonId')}
          data={reasons.map((r) => ({ value: r.id, label: r.displayName }))}
          value={reason}
          onChange={setReason}
          required={reasons.length > 0}
          data-testid="lost-reason"
        />
        <Textarea
          label={t('deals:fields.lostNote')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button
            color="red"
            disabled={reasons.length > 0 && !reason}
            loading={props.loading ?? false}
            onClick={() => props.onConfirm(reason, note.trim() || null)}
            data-testid="confirm-lost"
          >
            {t('deals:actions.markLost')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Actions({ record }: { record: DealOut }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pipeline = usePipelines().find((p) => p.id === record.pipelineId);
  const [losing, setLosing] = useState(false);
  const move = useMutation({
    mutationFn: (body: {
      stageId: string;
      lostReasonId?: string | null;
      lostNote?: string | null;
    }) =>
      post<DealOut>(`/deals/${record.id}/move`, body, {
        headers: { 'if-match': String(record.version) },
      }),
    onSuccess: async () => {
      setLosing(false);
      await queryClient.invalidateQueries({ queryKey: recordKey('deals', record.id) });
      await queryClient.invalidateQueries({ queryKey: timelineKey('deals', record.id) });
      await queryClient.invalidateQueries({ queryKey: ['deals'] });
    },
  });
  if (!pipeline) return null;
  const won = pipeline.stages.find((s) => s.kind === 'won');
  const lost = pipeline.stages.find((s) => s.kind === 'lost');
  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            rightSection={<IconChevronDown size={14} />}
            data-testid="stage-menu"
          >
            {record.stageName}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {pipeline.stages
            .filter((s) => s.kind === 'open')
            .map((s) => (
              <Menu.Item
                key={s.id}
                disabled={s.id === record.stageId}
                onClick={() => move.mutate({ stageId: s.id })}
              >
                {s.displayName}
              </Menu.Item>
            ))}
        </Menu.Dropdown>
      </Menu>
      {won && record.status !== 'won' && (
        <Button
          size="xs"
          color="green"
          leftSection={<IconThumbUp size={14} />}
          onClick={() => move.mutate({ stageId: won.id })}
          data-testid="mark-won"
        >
          {t('deals:actions.markWon')}
        </Button>
      )}
      {lost && record.status !== 'lost' && (
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconThumbDown size={14} />}
          onClick={() => setLosing(true)}
          data-testid="mark-lost"
        >
          {t('deals:actions.markLost')}
        </Button>
      )}
      {lost && (
        <LostDialog
          opened={losing}
          onClose={() => setLosing(false)}
          loading={move.isPending}
          onConfirm={(lostReasonId, lostNote) =>
            move.mutate({ stageId: lost.id, lostReasonId, lostNote })
          }
        />
      )}
    </>
  );
}

interface HistoryItem {
  id: string;
  fromStageId: string | null;
  toStageId: string;
  at: string;
  leftAt: string | null;
  actorId: string | null;
  amount: number;
  currency: string;
}

function StageHistory({ record }: { record: DealOut }) {
  const { t } = useTranslation();
  const users = useUsers();
  const stages = new Map(
    (useQuery(pipelinesQuery).data ?? []).flatMap((p) => p.stages).map((s) => [s.id, s]),
  );
  const history = useQuery({
    queryKey: ['deals', 'history', record.id, record.version],
    queryFn: () => get<{ data: HistoryItem[] }>(`/deals/${record.id}/stage-history`),
  });
  const days = (h: HistoryItem) =>
    ((h.leftAt ? Date.parse(h.leftAt) : Date.now()) - Date.parse(h.at)) / 86_400_000;
  return (
    <Table data-testid="stage-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('deals:history.stage')}</Table.Th>
          <Table.Th>{t('deals:history.entered')}</Table.Th>
          <Table.Th ta="right">{t('deals:history.days')}</Table.Th>
          <Table.Th ta="right">{t('deals:fields.amount')}</Table.Th>
          <Table.Th>{t('deals:history.by')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...(history.data?.data ?? [])].reverse().map((h) => (
          <Table.Tr key={h.id}>
            <Table.Td>{stages.get(h.toStageId)?.displayName ?? '—'}</Table.Td>
            <Table.Td>{formatDateTime(h.at)}</Table.Td>
            <Table.Td ta="right">{days(h).toFixed(1)}</Table.Td>
            <Table.Td ta="right">{formatMoney(h.amount, h.currency)}</Table.Td>
            <Table.Td>{users.find((u) => u.id === h.actorId)?.name}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export const dealConfig: RecordConfig<DealOut> = {
  object: 'deals',
  ns: 'deals',
  path: '/deals',
  title: (d) => d.title,
  subtitle: (d) => [d.companyName, d.contactName].filter(Boolean).join(' · ') || null,
  get columns() {
    const t = i18next.t.bind(i18next);
    return [
      {
        key: 'title',
        label: t('deals:fields.title'),
        width: 240,
        sort: 'title',
        render: (d: DealOut) => d.title,
        inlineEdit: { field: 'title', value: (d: DealOut) => d.title },
      },
      {
        key: 'company',
        label: t('deals:fields.companyId'),
        width: 180,
        render: (d: DealOut) => d.companyName,
      },
      {
        key: 'contact',
        label: t('deals:fields.contactId'),
        width: 160,
        render: (d: DealOut) => d.contactName,
      },
      {
        key: 'stage',
        label: t('deals:fields.stageId'),
        width: 140,
        render: (d: DealOut) => d.stageName,
      },
      {
        key: 'status',
        label: t('deals:fields.status'),
        width: 100,
        render: (d: DealOut) => <StatusBadge status={d.status} />,
      },
      {
        key: 'amount',
        label: t('deals:fields.amount'),
        width: 130,
        sort: 'amount',
        render: (d: DealOut) => formatMoney(d.amount, d.currency),
      },
      {
        key: 'probability',
        label: t('deals:fields.probability'),
        width: 90,
        render: (d: DealOut) => `${d.probability} %`,
      },
      {
        key: 'expectedCloseDate',
        label: t('deals:fields.expectedCloseDate'),
        width: 130,
        sort: 'expectedCloseDate',
        render: (d: DealOut) => formatDate(d.expectedCloseDate),
      },
      {
        key: 'source',
        label: t('deals:fields.source'),
        width: 120,
        sort: 'source',
        render: (d: DealOut) => d.source,
      },
      {
        key: 'owner',
        label: t('common:record.owner'),
        width: 140,
        render: (d: DealOut) => <OwnerName id={d.ownerId} />,
      },
      {
        key: 'tags',
        label: t('common:record.tags'),
        width: 160,
        render: (d: DealOut) => (
          <Group gap={4} wrap="nowrap">
            {d.tags.map((tag) => (
              <Badge key={tag} size="xs" variant="light">
                {tag}
              </Badge>
            ))}
          </Group>
        ),
      },
      {
        key: 'createdAt',
        label: t('common:record.createdAt'),
        width: 150,
        sort: 'createdAt',
        render: (d: DealOut) => formatDateTime(d.createdAt),
      },
    ];
  },
  defaultColumns: ['title', 'company', 'stage', 'status', 'amount', 'expectedCloseDate', 'owner'],
  get filters() {
    const t = i18next.t.bind(i18next);
    return [
      { field: 'ownerId', label: t('common:record.owner'), kind: 'owner' as const },
      { field: 'tags', label: t('common:record.tags'), kind: 'tags' as const },
      {
        field: 'status',
        label: t('deals:fields.status'),
        kind: 'enum' as const,
        options: (['open', 'won', 'lost'] as const).map((s) => ({
          value: s,
          label: t(`deals:status.${s}`),
        })),
      },
      { field: 'source', label: t('deals:fields.source'), kind: 'text' as const },
      {
        field: 'expectedCloseDate',
        label: t('deals:fields.expectedCloseDate'),
        kind: 'date' as const,
      },
      { field: 'amount', label: t('deals:fields.amount'), kind: 'number' as const },
      { field: 'createdAt', label: t('common:record.createdAt'), kind: 'date' as const },
    ];
  },
  Form: DealForm,
  Details,
  Actions,
  get tabs() {
    const t = i18next.t.bind(i18next);
    return [
      { key: 'lines', label: t('deals:lines.title'), Component: DealLines },
      { key: 'history', label: t('deals:history.title'), Component: StageHistory },
      { key: 'documents', label: t('billing:deal.documents'), Component: DealDocuments },
    ];
  },
  facts: (d) => (
    <>
      <Text size="sm" fw={600}>
        {formatMoney(d.amount, d.currency)}
      </Text>
      <StatusBadge status={d.status} />
      <Text size="sm" c="dimmed">
        {d.stageName} · {d.probability} %
      </Text>
    </>
  ),
};

function OwnerName({ id }: { id: string | null }) {
  const users = useUsers();
  return <>{users.find((u) => u.id === id)?.name ?? ''}</>;
}
