import { Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecordObject } from '../../common/records.js';
import { formatDateTime } from '../lib/format.js';
import { show, useAudit } from './AuditLog.js';

/** The "History" tab of a record page: every change with who, when and before → after. */
export function HistoryTab({ object, id }: { object: RecordObject; id: string }) {
  const { t } = useTranslation();
  const audit = useAudit({ recordId: id, object });
  const events = audit.data?.pages.flatMap((p) => p.data) ?? [];
  if (!audit.isLoading && events.length === 0)
    return <Text c="dimmed">{t('access:history.empty')}</Text>;
  return (
    <Stack gap="sm" data-testid="history">
      {events.map((e) => (
        <Stack key={e.id} gap={2}>
          <Group gap="xs">
            <Badge variant="light" size="sm">
              {t(`access:audit.actionNames.${e.action}`, { defaultValue: e.action })}
            </Badge>
            <Text size="sm" fw={500}>
              {e.actorName ?? t('access:audit.system')}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.at)}
            </Text>
          </Group>
          {e.changes && Object.keys(e.changes).length > 0 && (
            <Table verticalSpacing={2} withRowBorders={false}>
              <Table.Tbody>
                {Object.entries(e.changes).map(([field, [before, after]]) => (
                  <Table.Tr key={field}>
                    <Table.Td w={160}>
                      <Text size="xs">
                        {t(`${object}:fields.${field}`, { defaultValue: field })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        <Code>{show(before)}</Code> → <Code>{show(after)}</Code>
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ))}
      {audit.hasNextPage && (
        <Button variant="default" size="xs" onClick={() => void audit.fetchNextPage()}>
          {t('access:audit.more')}
        </Button>
      )}
    </Stack>
  );
}
