import {
  ActionIcon,
  Alert,
  Button,
  Card,
  ColorSwatch,
  Group,
  Menu,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { DateInput } from '@mantine/dates';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, isLocale } from '../../common/locales.js';
import type { PipelineOut } from '../../server/deals/schema.js';
import { useMe } from '../app/session.js';
import { ApiError, del, get, patch, post, put } from '../lib/api.js';
import { formatDate, formatNumber } from '../lib/format.js';
import {
  lostReasonsQuery,
  pipelinesQuery,
  usePipelines,
  useLostReasons,
  useVatRates,
  vatRatesQuery,
} from './queries.js';

const COLORS = [
  'gray',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
];

interface StageDraft {
  id?: string;
  name: Record<string, string>;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  color: string;
}

function PipelineEditor({ pipeline }: { pipeline: PipelineOut }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const [name, setName] = useState(pipeline.name[locale] ?? pipeline.displayName);
  const [stages, setStages] = useState<StageDraft[]>(
    pipeline.stages.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
      color: s.color,
    })),
  );
  const save = useMutation({
    mutationFn: () =>
      patch(
        `/pipelines/${pipeline.id}`,
        { name: { ...pipeline.name, [locale]: name.trim() }, stages },
        { headers: { 'if-match': String(pipeline.version) } },
      ),
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey }),
  });
  const errors = save.error instanceof ApiError ? save.error : null;
  const update = (index: number, change: Partial<StageDraft>) =>
    setStages(stages.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const swap = (a: number, b: number) => {
    const next = [...stages];
    const [x, y] = [next[a], next[b]];
    if (!x || !y) return;
    next[a] = y;
    next[b] = x;
    setStages(next);
  };
  return (
    <Card withBorder padding="md" data-testid="pipeline-editor">
      <Stack gap="sm">
        {errors && (
          <Alert color="red">
            {[errors.message, ...errors.details.map((d) => d.message)].join(' ')}
          </Alert>
        )}
        <TextInput
          label={t('deals:settings.pipelineName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maw={320}
        />
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deals:settings.stage')}</Table.Th>
              <Table.Th>{t('deals:settings.kind')}</Table.Th>
              <Table.Th>{t('deals:fields.probability')}</Table.Th>
              <Table.Th>{t('deals:settings.color')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stages.map((stage, index) => (
              <Table.Tr key={stage.id ?? `new-${index}`} data-testid="stage-row">
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('deals:settings.stage')}
                    value={stage.name[locale] ?? Object.values(stage.name)[0] ?? ''}
                    onChange={(e) =>
                      update(index, { name: { ...stage.name, [locale]: e.currentTarget.value } })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    w={130}
                    aria-label={t('deals:settings.kind')}
                    data={(['open', 'won', 'lost'] as const).map((k) => ({
                      value: k,
                      label: t(`deals:settings.kinds.${k}`),
                    }))}
                    value={stage.kind}
                    onChange={(kind) => update(index, { kind: kind ?? 'open' })}
                    allowDeselect={false}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    w={90}
                    min={0}
                    max={100}
                    suffix=" %"
                    aria-label={t('deals:fields.probability')}
                    value={stage.probability}
                    onChange={(v) => update(index, { probability: Number(v) || 0 })}
                  />
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-start">
                    <Menu.Target>
                      <UnstyledButton aria-label={t('deals:settings.color')} p={4}>
                        <ColorSwatch size={18} color={`var(--mantine-color-${stage.color}-5)`} />
                      </UnstyledButton>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <SimpleGrid cols={5} spacing={6} p={4}>
                        {COLORS.map((color) => (
                          <UnstyledButton
                            key={color}
                            aria-label={color}
                            onClick={() => update(index, { color })}
                          >
                            <ColorSwatch size={20} color={`var(--mantine-color-${color}-5)`} />
                          </UnstyledButton>
                        ))}
                      </SimpleGrid>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      disabled={index === 0}
                      onClick={() => swap(index, index - 1)}
                      aria-label={t('deals:settings.up')}
                    >
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      disabled={index === stages.length - 1}
                      onClick={() => swap(index, index + 1)}
                      aria-label={t('deals:settings.down')}
                    >
                      <IconArrowDown size={14} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() => setStages(stages.filter((_, i) => i !== index))}
                      aria-label={t('common:actions.remove')}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              const firstFinal = stages.findIndex((s) => s.kind !== 'open');
              const next = [...stages];
              next.splice(firstFinal < 0 ? next.length : firstFinal, 0, {
                name: { [locale]: t('deals:settings.newStage') },
                kind: 'open',
                probability: 50,
                color: 'blue',
              });
              setStages(next);
            }}
            data-testid="add-stage"
          >
            {t('deals:settings.addStage')}
          </Button>
          <Button
            size="xs"
            onClick={() => save.mutate()}
            loading={save.isPending}
            data-testid="save-pipeline"
          >
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function LostReasons() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const reasons = useLostReasons();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: lostReasonsQuery.queryKey });
  const add = useMutation({
    mutationFn: () => post('/lost-reasons', { name: { [locale]: name.trim() } }),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      patch(`/lost-reasons/${id}`, { active }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <Title order={4}>{t('deals:settings.lostReasons')}</Title>
      <Table maw={480}>
        <Table.Tbody>
          {reasons.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text size="sm" c={r.active ? undefined : 'dimmed'}>
                  {r.displayName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Switch
                  size="xs"
                  checked={r.active}
                  label={t('deals:products.active')}
                  onChange={(e) => toggle.mutate({ id: r.id, active: e.currentTarget.checked })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="xs">
        <TextInput
          size="xs"
          placeholder={t('deals:settings.newReason')}
          aria-label={t('deals:settings.newReason')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button
          size="xs"
          disabled={!name.trim()}
          onClick={() => add.mutate()}
          loading={add.isPending}
        >
          {t('deals:settings.add')}
        </Button>
      </Group>
    </Stack>
  );
}

function VatRates() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rates = useVatRates();
  const [name, setName] = useState('');
  const [rate, setRate] = useState<number | string>('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: vatRatesQuery.queryKey });
  const add = useMutation({
    mutationFn: () => post('/vat-rates', { name: name.trim(), rate: Number(rate) }),
    onSuccess: async () => {
      setName('');
      setRate('');
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: ({ id, ...body }: { id: string; active?: boolean; isDefault?: boolean }) =>
      patch(`/vat-rates/${id}`, body),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <Title order={4}>{t('deals:settings.vatRates')}</Title>
      <Table maw={560}>
        <Table.Tbody>
          {rates.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td ta="right">{r.rate} %</Table.Td>
              <Table.Td>
                <Switch
                  size="xs"
                  checked={r.isDefault}
                  label={t('deals:settings.default')}
                  onChange={() => change.mutate({ id: r.id, isDefault: true })}
                  disabled={r.isDefault}
                />
              </Table.Td>
              <Table.Td>
                <Switch
                  size="xs"
                  checked={r.active}
                  label={t('deals:products.active')}
                  onChange={(e) => change.mutate({ id: r.id, active: e.currentTarget.checked })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="xs">
        <TextInput
          size="xs"
          placeholder={t('deals:settings.vatName')}
          aria-label={t('deals:settings.vatName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NumberInput
          size="xs"
          w={100}
          suffix=" %"
          min={0}
          max={99.999}
          decimalScale={3}
          aria-label={t('deals:settings.vatRate')}
          placeholder={t('deals:settings.vatRate')}
          value={rate}
          onChange={setRate}
        />
        <Button
          size="xs"
          disabled={!name.trim() || rate === ''}
          onClick={() => add.mutate()}
          loading={add.isPending}
        >
          {t('deals:settings.add')}
        </Button>
      </Group>
    </Stack>
  );
}

interface ExchangeRate {
  currency: string;
  validOn: string;
  rate: number;
  source: string;
}

/** Exchange rates against the workspace currency (prices convert through them). */
function ExchangeRates() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const base = me.workspace.currency;
  const rates = useQuery({
    queryKey: ['exchange-rates'],
    queryFn: () => get<{ data: ExchangeRate[] }>('/exchange-rates'),
  });
  const [currency, setCurrency] = useState<string | null>(null);
  const [rate, setRate] = useState<number | string>('');
  const [validOn, setValidOn] = useState<string | null>(new Date().toISOString().slice(0, 10));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['exchange-rates'] });
  const add = useMutation({
    mutationFn: () => put('/exchange-rates', { currency, rate: Number(rate), validOn }),
    meta: { silent: true },
    onSuccess: async () => {
      setRate('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (r: ExchangeRate) => del(`/exchange-rates/${r.currency}/${r.validOn}`),
    onSuccess: refresh,
  });
  const errors = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  const other = add.error && Object.keys(errors).length === 0 ? add.error.message : null;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('deals:settings.exchangeRates')}</Title>
      <Text size="sm" c="dimmed">
        {t('deals:settings.exchangeRatesHint', { currency: base })}
      </Text>
      <Table maw={560} data-testid="exchange-rates-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('deals:fields.currency')}</Table.Th>
            <Table.Th ta="right">{t('deals:settings.exchangeRate')}</Table.Th>
            <Table.Th>{t('deals:settings.validOn')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(rates.data?.data ?? []).map((r) => (
            <Table.Tr key={`${r.currency}-${r.validOn}`} data-testid="exchange-rate-row">
              <Table.Td>{r.currency}</Table.Td>
              <Table.Td ta="right">
                1 {r.currency} = {formatNumber(r.rate)} {base}
              </Table.Td>
              <Table.Td>{formatDate(r.validOn)}</Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('common:actions.delete')}
                  onClick={() => remove.mutate(r)}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {other && (
        <Alert color="red" maw={560}>
          {other}
        </Alert>
      )}
      <Group gap="xs" align="flex-start">
        <Select
          size="xs"
          w={110}
          placeholder={t('deals:fields.currency')}
          aria-label={t('deals:fields.currency')}
          data={CURRENCIES.filter((c) => c !== base)}
          value={currency}
          onChange={setCurrency}
          searchable
          error={errors.currency}
          data-testid="rate-currency"
        />
        <NumberInput
          size="xs"
          w={140}
          min={0}
          decimalScale={8}
          placeholder={t('deals:settings.exchangeRate')}
          aria-label={t('deals:settings.exchangeRate')}
          value={rate}
          onChange={setRate}
          error={errors.rate}
          data-testid="rate-value"
        />
        <DateInput
          size="xs"
          w={140}
          valueFormat="DD.MM.YYYY"
          aria-label={t('deals:settings.validOn')}
          value={validOn}
          onChange={setValidOn}
          error={errors.validOn}
        />
        <Button
          size="xs"
          disabled={!currency || rate === '' || !validOn}
          onClick={() => add.mutate()}
          loading={add.isPending}
          data-testid="add-rate"
        >
          {t('deals:settings.add')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Settings → Sales: pipelines and their stages, VAT rates, lost reasons (administrators). */
export function SalesSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const [chosen, setChosen] = useState<string | null>(null);
  const pipeline = pipelines.find((p) => p.id === chosen) ?? pipelines[0];
  const create = useMutation({
    mutationFn: () =>
      post<PipelineOut>('/pipelines', { name: { en: t('deals:settings.newPipeline') } }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey });
      setChosen(created.id);
    },
  });
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('deals:settings.pipelines')}</Title>
          <Group gap="xs">
            {pipelines.length > 1 && (
              <Select
                size="xs"
                w={200}
                aria-label={t('deals:fields.pipelineId')}
                data={pipelines.map((p) => ({ value: p.id, label: p.displayName }))}
                value={pipeline?.id ?? null}
                onChange={setChosen}
                allowDeselect={false}
              />
            )}
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} />}
              onClick={() => create.mutate()}
              loading={create.isPending}
            >
              {t('deals:settings.addPipeline')}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('deals:settings.fewStages')}
        </Text>
        {pipeline && (
          <PipelineEditor key={`${pipeline.id}-${pipeline.version}`} pipeline={pipeline} />
        )}
      </Stack>
      <VatRates />
      <ExchangeRates />
      <LostReasons />
    </Stack>
  );
}
