import { Alert, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconFilePlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links.js';
import { ApiError, get, post } from '../lib/api.js';
import { formatDate, formatMoney } from '../lib/format.js';
import { collectionOf, COLLECTIONS, type DocumentOut } from './api.js';
import { StatusBadge } from './DocumentPage.js';

/**
 * The deal page's documents: a quote or invoice from the deal's line items in one click, and
 * every document made for the deal.
 */
export function DealDocuments({ record }: { record: { id: string } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const documents = useQuery({
    queryKey: ['billing', 'deal-documents', record.id],
    queryFn: async () =>
      (
        await Promise.all(
          COLLECTIONS.map((c) =>
            get<{ data: DocumentOut[] }>(`/${c}?limit=50&filter[dealId]=${record.id}`),
          ),
        )
      ).flatMap((page) => page.data),
  });
  const create = useMutation({
    mutationFn: (type: 'quote' | 'invoice') =>
      post<DocumentOut>(`/deals/${record.id}/documents`, { type }),
    onSuccess: (doc) =>
      void navigate({
        to: '/billing/$collection/$id',
        params: { collection: collectionOf(doc.type), id: doc.id },
      }),
  });
  const rows = documents.data ?? [];
  return (
    <Stack gap="sm" data-testid="deal-documents">
      <Group justify="flex-end" gap="xs">
        <Button
          size="xs"
          leftSection={<IconFilePlus size={14} />}
          onClick={() => create.mutate('quote')}
          loading={create.isPending && create.variables === 'quote'}
          data-testid="deal-create-quote"
        >
          {t('billing:deal.createQuote')}
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconFilePlus size={14} />}
          onClick={() => create.mutate('invoice')}
          loading={create.isPending && create.variables === 'invoice'}
          data-testid="deal-create-invoice"
        >
          {t('billing:deal.createInvoice')}
        </Button>
      </Group>
      {create.error && (
        <Alert color="red">
          {create.error instanceof ApiError && create.error.details[0]
            ? create.error.details[0].message
            : create.error.message}
        </Alert>
      )}
      <Card withBorder p={0}>
        <Table fz="sm">
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <AnchorLink
                    to="/billing/$collection/$id"
                    params={{ collection: collectionOf(d.type), id: d.id }}
                    size="sm"
                  >
                    {t(`billing:types.${d.type}`)} {d.number ?? `(${t('billing:draft')})`}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(d.issueDate)}</Table.Td>
                <Table.Td ta="right">{formatMoney(d.grossTotal, d.currency)}</Table.Td>
                <Table.Td>
                  <StatusBadge doc={d} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!documents.isLoading && rows.length === 0 && (
          <Text size="sm" c="dimmed" p="sm">
            {t('billing:deal.none')}
          </Text>
        )}
      </Card>
    </Stack>
  );
}
