import { Anchor, Button, Menu, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { EXPORT_OBJECTS } from '../../common/imports.js';
import type { ExportJobOut } from '../../server/imports/schema.js';
import { ApiError, get, post } from '../lib/api.js';

const LABELS: Record<string, string> = {
  csv: 'exportCsv',
  xlsx: 'exportXlsx',
  vcf: 'exportVcf',
};

/**
 * Follows an export prepared in the background in a notification: rows done of the total while
 * it runs, then a link to the file (or the reason it failed).
 */
async function follow(job: ExportJobOut, t: TFunction): Promise<void> {
  const id = `export-${job.id}`;
  notifications.show({
    id,
    loading: true,
    autoClose: false,
    withCloseButton: false,
    message: t('imports:exportJob.preparing', { done: 0, total: job.totalRows ?? '…' }),
  });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let now: ExportJobOut;
    try {
      now = await get<ExportJobOut>(`/exports/${job.id}`);
    } catch {
      continue;
    }
    if (now.status === 'done') {
      notifications.update({
        id,
        loading: false,
        color: 'green',
        autoClose: false,
        withCloseButton: true,
        message: (
          <Stack gap={4}>
            <Text size="sm">{t('imports:exportJob.ready', { rows: now.rowsDone })}</Text>
            <Anchor
              href={`/api/v1/exports/${now.id}/file`}
              download
              size="sm"
              data-testid="export-job-download"
            >
              {t('imports:exportJob.download', { file: now.fileName })}
            </Anchor>
          </Stack>
        ),
      });
      return;
    }
    if (now.status === 'failed') {
      notifications.update({
        id,
        loading: false,
        color: 'red',
        autoClose: false,
        withCloseButton: true,
        message: t('imports:exportJob.failed'),
      });
      return;
    }
    notifications.update({
      id,
      loading: true,
      autoClose: false,
      withCloseButton: false,
      message: t('imports:exportJob.preparing', {
        done: now.rowsDone,
        total: now.totalRows ?? '…',
      }),
    });
  }
}

/**
 * Export of the list as shown: the same query string as the list (filters, search, sort,
 * visible columns), streamed by the server as a file download — or, for big lists, prepared in
 * the background with its progress shown, and downloaded when ready.
 */
export function ExportMenu({ object, query }: { object: string; query: URLSearchParams }) {
  const { t } = useTranslation();
  if (!(EXPORT_OBJECTS as readonly string[]).includes(object)) return null;
  const params = new URLSearchParams(query);
  params.delete('limit');
  params.delete('cursor');
  const href = (format: string) => {
    const withFormat = new URLSearchParams(params);
    withFormat.set('format', format);
    return `/api/v1/${object}/export?${withFormat.toString()}`;
  };
  const background = async (format: string) => {
    try {
      const job = await post<ExportJobOut>('/exports', {
        object,
        format,
        query: Object.fromEntries(params),
      });
      await follow(job, t);
    } catch (error) {
      notifications.show({
        color: 'red',
        message:
          error instanceof ApiError
            ? (error.details[0]?.message ?? error.message)
            : t('imports:exportJob.failed'),
      });
    }
  };
  const formats = ['csv', 'xlsx', ...(object === 'contacts' ? ['vcf'] : [])];
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="export">
          {t('imports:actions.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {formats.map((format) => (
          <Menu.Item
            key={format}
            component="a"
            href={href(format)}
            download
            data-testid={`export-${format}`}
          >
            {t(`imports:actions.${LABELS[format]}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Label>{t('imports:exportJob.background')}</Menu.Label>
        {formats.map((format) => (
          <Menu.Item
            key={format}
            onClick={() => void background(format)}
            data-testid={`export-job-${format}`}
          >
            {t(`imports:actions.${LABELS[format]}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
