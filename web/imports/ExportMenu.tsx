import { Button, Menu } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EXPORT_OBJECTS } from '../../common/imports.js';

/**
 * Export of the list as shown: the same query string as the list (filters, search, sort,
 * visible columns), streamed by the server as a file download.
 */
export function ExportMenu({ object, query }: { object: string; query: URLSearchParams }) {
  const { t } = useTranslation();
  if (!(EXPORT_OBJECTS as readonly string[]).includes(object)) return null;
  const href = (format: string) => {
    const params = new URLSearchParams(query);
    params.delete('limit');
    params.delete('cursor');
    params.set('format', format);
    return `/api/v1/${object}/export?${params.toString()}`;
  };
  const formats = ['csv', 'xlsx', ...(object === 'contacts' ? ['vcf'] : [])];
  const labels: Record<string, string> = { csv: 'exportCsv', xlsx: 'exportXlsx', vcf: 'exportVcf' };
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
            {t(`imports:actions.${labels[format]}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
