import {
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_OBJECTS } from '../../common/imports.js';
import { AnchorLink } from '../app/links.js';
import { get, type ApiError } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { uploadFile, type ImportJob } from './api.js';
import { STATUS_COLOR } from './ImportPage.js';

/** Upload a spreadsheet, then map it on the import's own page; recent imports below. */
export function ImportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [object, setObject] = useState<string>('contacts');
  const [file, setFile] = useState<File | null>(null);
  const history = useQuery({
    queryKey: ['imports'],
    queryFn: ({ signal }) => get<{ data: ImportJob[] }>('/imports', { signal }),
  });
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFile(object, chosen),
    onSuccess: (job) => void navigate({ to: '/imports/$id', params: { id: job.id } }),
    onError: (error: ApiError) =>
      notifications.show({ color: 'red', message: error.details[0]?.message ?? error.message }),
  });
  return (
    <Stack>
      <Title order={2}>{t('imports:title')}</Title>
      <Paper withBorder p="md">
        <Stack>
          <Title order={4}>{t('imports:upload.title')}</Title>
          <Group align="flex-end">
            <Select
              label={t('imports:upload.object')}
              value={object}
              onChange={(v) => setObject(v ?? 'contacts')}
              data={IMPORT_OBJECTS.map((o) => ({
                value: o,
                label: t(`common:objects.${o}`),
              }))}
              allowDeselect={false}
              w={200}
            />
            <FileInput
              label={t('imports:upload.file')}
              value={file}
              onChange={setFile}
              accept=".csv,.txt,.tsv,.xlsx,.vcf,.vcard,text/csv"
              leftSection={<IconUpload size={16} />}
              w={320}
              clearable
              data-testid="import-file"
            />
            <Button
              onClick={() => {
                if (file) upload.mutate(file);
              }}
              disabled={!file}
              loading={upload.isPending}
            >
              {t('imports:upload.submit')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('imports:upload.hint')}
          </Text>
        </Stack>
      </Paper>
      <Title order={4}>{t('imports:history.title')}</Title>
      {history.data?.data.length === 0 ? (
        <Text c="dimmed">{t('imports:history.empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports:history.file')}</Table.Th>
              <Table.Th>{t('imports:upload.object')}</Table.Th>
              <Table.Th>{t('imports:history.status')}</Table.Th>
              <Table.Th>{t('imports:history.created')}</Table.Th>
              <Table.Th>{t('imports:history.when')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(history.data?.data ?? []).map((job) => (
              <Table.Tr key={job.id}>
                <Table.Td>
                  <AnchorLink to="/imports/$id" params={{ id: job.id }}>
                    {job.fileName}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{t(`common:objects.${job.object}`)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[job.status]} variant="light">
                    {t(`imports:status.${job.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{job.counts.created}</Table.Td>
                <Table.Td>{formatDateTime(job.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
