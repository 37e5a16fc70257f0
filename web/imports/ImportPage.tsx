import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DUPLICATE_KEYS_OF, UNKNOWN_OWNER_MODES } from '../../common/imports.js';
import { LEAD_SOURCES } from '../../common/records.js';
import { AnchorLink } from '../app/links.js';
import { UserSelect } from '../records/form/inputs.js';
import { get, post, type ApiError } from '../lib/api.js';
import { ACTIVE, type ImportJob, type ImportOptions, type ImportStatus } from './api.js';

export const STATUS_COLOR: Record<ImportStatus, string> = {
  uploaded: 'gray',
  queued: 'blue',
  running: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'orange',
  undoing: 'grape',
  undone: 'gray',
};

const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1250', 'windows-1251', 'iso-8859-7'];
const DELIMITERS: [string, string][] = [
  [',', 'comma'],
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

export function ImportPage() {
  const id = useParams({ strict: false }).id ?? '';
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['imports', id],
    queryFn: ({ signal }) => get<ImportJob>(`/imports/${id}`, { signal }),
    // Progress is polled once a second while the job runs.
    refetchInterval: (query) =>
      query.state.data && ACTIVE.includes(query.state.data.status) ? 1000 : false,
  });
  const onError = (error: ApiError) =>
    notifications.show({ color: 'red', message: error.details[0]?.message ?? error.message });
  const update = useMutation({
    mutationFn: (body: object) => post<ImportJob>(`/imports/${id}/mapping`, body),
    onSuccess: (data) => queryClient.setQueryData(['imports', id], data),
    onError,
  });
  const action = useMutation({
    mutationFn: (name: 'start' | 'cancel' | 'undo') => post<ImportJob>(`/imports/${id}/${name}`),
    onSuccess: (data) => {
      queryClient.setQueryData(['imports', id], data);
      void queryClient.invalidateQueries({ queryKey: ['imports'], exact: true });
    },
    onError,
  });
  const data = job.data;
  const status = data?.status;
  const object = data?.object;
  useEffect(() => {
    // Lists of the imported object show the new (or removed) records at once.
    if (object && (status === 'done' || status === 'undone' || status === 'cancelled'))
      void queryClient.invalidateQueries({ queryKey: [object] });
  }, [status, object, queryClient]);
  if (!data) return <Skeleton h={300} />;
  const options = data.options;
  const setOptions = (patch: Partial<ImportOptions>) =>
    update.mutate({ options: { ...options, ...patch } });
  const editable = data.status === 'uploaded';

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{data.fileName}</Title>
          <Badge color={STATUS_COLOR[data.status]} size="lg" data-testid="import-status">
            {t(`imports:status.${data.status}`)}
          </Badge>
        </Group>
        <AnchorLink to="/imports">{t('imports:actions.another')}</AnchorLink>
      </Group>

      {editable ? (
        <>
          <Paper withBorder p="md">
            <Title order={4} mb="sm">
              {t('imports:settings.title')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {data.format === 'xlsx' ? (
                <Select
                  label={t('imports:settings.sheet')}
                  data={data.sheets}
                  value={data.settings.sheet}
                  onChange={(sheet) => sheet && update.mutate({ settings: { sheet } })}
                  allowDeselect={false}
                />
              ) : (
                <>
                  <Select
                    label={t('imports:settings.encoding')}
                    data={ENCODINGS}
                    value={data.settings.encoding}
                    onChange={(encoding) => encoding && update.mutate({ settings: { encoding } })}
                    allowDeselect={false}
                  />
                  {data.format === 'csv' && (
                    <Select
                      label={t('imports:settings.delimiter')}
                      data={DELIMITERS.map(([value, key]) => ({
                        value,
                        label: t(`imports:delimiters.${key}`),
                      }))}
                      value={data.settings.delimiter}
                      onChange={(delimiter) =>
                        delimiter && update.mutate({ settings: { delimiter } })
                      }
                      allowDeselect={false}
                    />
                  )}
                </>
              )}
              <Select
                label={t('imports:settings.dateFormat')}
                data={['auto', 'DMY', 'YMD', 'MDY'].map((f) => ({
                  value: f,
                  label: t(`imports:dateFormats.${f}`),
                }))}
                value={options.dateFormat}
                onChange={(v) => v && setOptions({ dateFormat: v as ImportOptions['dateFormat'] })}
                allowDeselect={false}
              />
            </SimpleGrid>
            <Checkbox
              mt="sm"
              label={t('imports:settings.decimalComma')}
              checked={options.decimalComma}
              onChange={(e) => setOptions({ decimalComma: e.currentTarget.checked })}
            />
          </Paper>

          <Paper withBorder p="md">
            <Title order={4} mb="sm">
              {t('imports:mapping.title')}
            </Title>
            {data.mappingRemembered && (
              <Alert color="blue" mb="sm">
                {t('imports:mapping.remembered')}
              </Alert>
            )}
            <Table data-testid="mapping-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports:mapping.column')}</Table.Th>
                  <Table.Th>{t('imports:mapping.sample')}</Table.Th>
                  <Table.Th>{t('imports:mapping.target')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.headers.map((header, index) => (
                  <Table.Tr key={index}>
                    <Table.Td fw={500}>{header}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" lineClamp={1} maw={260}>
                        {data.preview
                          .slice(0, 3)
                          .map((r) => r[index] ?? '')
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={header}
                        placeholder={t('imports:mapping.ignore')}
                        data={data.targets.map((x) => ({ value: x.value, label: x.label }))}
                        value={data.mapping[index] ?? null}
                        clearable
                        searchable
                        onChange={(value) => {
                          const mapping = [...data.mapping];
                          mapping[index] = value;
                          update.mutate({ mapping });
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>

          <Paper withBorder p="md">
            <Title order={4} mb="sm">
              {t('imports:duplicatesOptions.title')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label={t('imports:duplicatesOptions.mode')}
                data={['skip', 'update', 'create'].map((m) => ({
                  value: m,
                  label: t(`imports:modes.${m}`),
                }))}
                value={options.duplicateMode}
                onChange={(v) =>
                  v && setOptions({ duplicateMode: v as ImportOptions['duplicateMode'] })
                }
                allowDeselect={false}
              />
              <Select
                label={t('imports:duplicatesOptions.key')}
                data={DUPLICATE_KEYS_OF[data.object].map((k) => ({
                  value: k,
                  label: t(`imports:keys.${k}`),
                }))}
                value={options.duplicateKey}
                onChange={(v) => v && setOptions({ duplicateKey: v })}
                allowDeselect={false}
              />
            </SimpleGrid>
          </Paper>

          {/* The catalog has no owners or tags. */}
          {data.object !== 'products' && (
            <Paper withBorder p="md">
              <Title order={4} mb="sm">
                {t('imports:defaultsOptions.title')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <UserSelect
                  label={t('imports:defaultsOptions.owner')}
                  placeholder={t('imports:defaultsOptions.ownerMe')}
                  value={options.defaults.ownerId}
                  onChange={(ownerId) => setOptions({ defaults: { ...options.defaults, ownerId } })}
                />
                <TagsInput
                  label={t('imports:duplicatesOptions.tags')}
                  value={options.defaults.tags}
                  onChange={(tags) => setOptions({ defaults: { ...options.defaults, tags } })}
                />
                {data.object === 'leads' && (
                  <Select
                    label={t('imports:defaultsOptions.source')}
                    placeholder={t('leads:sources.import')}
                    data={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads:sources.${s}`) }))}
                    value={options.defaults.source}
                    onChange={(source) => setOptions({ defaults: { ...options.defaults, source } })}
                    clearable
                  />
                )}
                {data.mapping.includes('ownerEmail') && (
                  <Select
                    label={t('imports:defaultsOptions.unknownOwner')}
                    data={UNKNOWN_OWNER_MODES.map((m) => ({
                      value: m,
                      label: t(`imports:unknownOwnerModes.${m}`),
                    }))}
                    value={options.unknownOwner}
                    onChange={(v) => v && setOptions({ unknownOwner: v })}
                    allowDeselect={false}
                    data-testid="unknown-owner"
                  />
                )}
              </SimpleGrid>
            </Paper>
          )}
          <Group>
            <Button
              onClick={() => action.mutate('start')}
              loading={action.isPending}
              data-testid="import-start"
            >
              {t('imports:actions.start')}
            </Button>
          </Group>
        </>
      ) : (
        <ImportProgress
          job={data}
          onAction={(name) => action.mutate(name)}
          busy={action.isPending}
        />
      )}
    </Stack>
  );
}

function ImportProgress({
  job,
  onAction,
  busy,
}: {
  job: ImportJob;
  onAction: (name: 'cancel' | 'undo') => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const { progress, counts } = job;
  const finished = ['done', 'cancelled', 'failed', 'undone'].includes(job.status);
  const percent =
    job.status === 'done'
      ? 100
      : progress.totalRows
        ? Math.min(99, (100 * progress.rowsDone) / Math.max(progress.totalRows, 1))
        : 0;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Progress value={percent} animated={!finished} size="lg" />
        <Group gap="lg">
          <Text data-testid="import-rows">
            {progress.totalRows
              ? t('imports:progress.rows', { done: progress.rowsDone, total: progress.totalRows })
              : t('imports:progress.rowsOnly', { done: progress.rowsDone })}
          </Text>
          {progress.rowsPerSecond !== null && (
            <Text c="dimmed">{t('imports:progress.rate', { rate: progress.rowsPerSecond })}</Text>
          )}
          {progress.etaSeconds !== null && !finished && (
            <Text c="dimmed">{t('imports:progress.eta', { seconds: progress.etaSeconds })}</Text>
          )}
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {(['created', 'updated', 'skipped', 'failed'] as const).map((k) => (
            <Paper key={k} withBorder p="sm" data-testid={`count-${k}`}>
              <Text size="xs" c="dimmed" tt="uppercase">
                {t(`imports:counts.${k}`)}
              </Text>
              <Text size="xl" fw={700}>
                {counts[k]}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {job.error && <Alert color="red">{job.error}</Alert>}
        <Group>
          {(job.status === 'running' || job.status === 'queued') && (
            <Button
              color="orange"
              variant="light"
              onClick={() => onAction('cancel')}
              loading={busy}
            >
              {t('imports:actions.cancel')}
            </Button>
          )}
          {counts.failed > 0 && (
            <Anchor href={`/api/v1/imports/${job.id}/errors`} download>
              {t('imports:actions.errors')}
            </Anchor>
          )}
          {['done', 'cancelled', 'failed'].includes(job.status) && (
            <Button
              color="red"
              variant="light"
              loading={busy}
              data-testid="import-undo"
              onClick={() =>
                modals.openConfirmModal({
                  children: <Text>{t('imports:undoConfirm')}</Text>,
                  labels: {
                    confirm: t('imports:actions.undo'),
                    cancel: t('common:actions.cancel'),
                  },
                  confirmProps: { color: 'red' },
                  onConfirm: () => onAction('undo'),
                })
              }
            >
              {t('imports:actions.undo')}
            </Button>
          )}
          {job.status === 'done' && (
            <AnchorLink to={`/${job.object}`}>{t(`common:objects.${job.object}`)}</AnchorLink>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
