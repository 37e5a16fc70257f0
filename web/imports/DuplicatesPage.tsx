import {
  Badge,
  Button,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type ApiError } from '../lib/api.js';

type DupObject = 'contacts' | 'companies' | 'leads';
interface Pair {
  reasons: ('email' | 'phone' | 'name' | 'vat_id')[];
  records: [PairRecord, PairRecord];
}
interface PairRecord {
  id: string;
  title: string;
  subtitle: string | null;
}

const FIELDS: Record<DupObject, string[]> = {
  contacts: [
    'firstName',
    'lastName',
    'jobTitle',
    'emails',
    'phones',
    'companyName',
    'birthday',
    'tags',
  ],
  companies: [
    'name',
    'legalName',
    'vatId',
    'registrationNumber',
    'emails',
    'phones',
    'website',
    'industry',
    'tags',
  ],
  leads: ['name', 'companyName', 'email', 'phone', 'source', 'message', 'tags'],
};
/** Merge choice key per shown field (companyName is chosen through companyId). */
const CHOICE_KEY: Record<string, string> = { companyName: 'companyId' };
const LABEL_KEY: Record<string, string> = {
  emails: 'email',
  phones: 'phone',
  name: 'name',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value
      .map((v) => (typeof v === 'object' && v ? (v as { value: string }).value : String(v)))
      .join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Possible duplicates of one kind, each pair with a side-by-side merge. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const [object, setObject] = useState<DupObject>('contacts');
  const [pair, setPair] = useState<Pair | null>(null);
  const list = useQuery({
    queryKey: ['duplicates', object],
    queryFn: ({ signal }) => get<{ data: Pair[] }>(`/duplicates?object=${object}`, { signal }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('imports:duplicates.title')}</Title>
        <SegmentedControl
          value={object}
          onChange={(v) => setObject(v)}
          data={(['contacts', 'companies', 'leads'] as const).map((o) => ({
            value: o,
            label: t(`common:objects.${o}`),
          }))}
        />
      </Group>
      {list.isLoading ? (
        <Skeleton h={200} />
      ) : list.data?.data.length === 0 ? (
        <Text c="dimmed">{t('imports:duplicates.empty')}</Text>
      ) : (
        <Table striped data-testid="duplicates-table">
          <Table.Tbody>
            {(list.data?.data ?? []).map((p) => (
              <Table.Tr key={p.records.map((r) => r.id).join('|')}>
                {p.records.map((r) => (
                  <Table.Td key={r.id}>
                    <Text fw={500}>{r.title}</Text>
                    <Text size="xs" c="dimmed">
                      {r.subtitle}
                    </Text>
                  </Table.Td>
                ))}
                <Table.Td>
                  <Group gap={4}>
                    {p.reasons.map((reason) => (
                      <Badge key={reason} variant="light">
                        {t(`imports:duplicates.reasons.${reason}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setPair(p)}>
                    {t('imports:duplicates.merge')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pair && <MergeDialog object={object} pair={pair} onClose={() => setPair(null)} />}
    </Stack>
  );
}

function MergeDialog({
  object,
  pair,
  onClose,
}: {
  object: DupObject;
  pair: Pair;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [choices, setChoices] = useState<Record<string, 'primary' | 'duplicate'>>({});
  const [a, b] = pair.records;
  const records = useQuery({
    queryKey: ['merge', a.id, b.id],
    queryFn: async () =>
      Promise.all([
        get<Record<string, unknown>>(`/${object}/${a.id}`),
        get<Record<string, unknown>>(`/${object}/${b.id}`),
      ]),
  });
  const merge = useMutation({
    mutationFn: () =>
      post(`/${object}/merge`, { primaryId: a.id, duplicateId: b.id, values: choices }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('imports:duplicates.merged') });
      void queryClient.invalidateQueries({ queryKey: ['duplicates'] });
      void queryClient.invalidateQueries({ queryKey: [object] });
      onClose();
    },
    onError: (error: ApiError) => notifications.show({ color: 'red', message: error.message }),
  });
  const [left, right] = records.data ?? [null, null];
  return (
    <Modal opened onClose={onClose} title={t('imports:duplicates.mergeTitle')} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('imports:duplicates.mergeHint')}
        </Text>
        {!left ? (
          <Skeleton h={200} />
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports:duplicates.field')}</Table.Th>
                <Table.Th>{a.title}</Table.Th>
                <Table.Th>{b.title}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIELDS[object].map((field) => {
                const key = CHOICE_KEY[field] ?? field;
                const l = show(left[field]);
                const r = show(right[field]);
                if (!l && !r) return null;
                const value = choices[key] ?? (l ? 'primary' : 'duplicate');
                return (
                  <Table.Tr key={field}>
                    <Table.Td>{t(`imports:fields.${LABEL_KEY[field] ?? field}`)}</Table.Td>
                    {(['primary', 'duplicate'] as const).map((side) => (
                      <Table.Td key={side}>
                        <Radio
                          label={side === 'primary' ? l : r}
                          checked={value === side}
                          disabled={l === r}
                          onChange={() => setChoices((c) => ({ ...c, [key]: side }))}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={() => merge.mutate()} loading={merge.isPending} disabled={!left}>
            {t('imports:duplicates.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
