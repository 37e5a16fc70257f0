import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentType } from '../../common/billing/totals.js';
import { AnchorLink } from '../app/links.js';
import { formatMoney } from '../lib/format.js';
import { collectionOf } from './api.js';

/** The document or payment a customer's timeline entry is about (issued, status, paid, sent). */
export function BillingTimelineDetail({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const currency = typeof data.currency === 'string' ? data.currency : null;
  if (typeof data.documentId === 'string' && typeof data.documentType === 'string') {
    const type = data.documentType as DocumentType;
    return (
      <Group gap="xs" mt={6} pl={36}>
        <AnchorLink
          to="/billing/$collection/$id"
          params={{ collection: collectionOf(type), id: data.documentId }}
          size="sm"
        >
          {t(`billing:types.${type}`)} {typeof data.number === 'string' ? data.number : ''}
        </AnchorLink>
        {typeof data.status === 'string' && (
          <Text size="sm" c="dimmed">
            {t(`billing:statuses.${data.status}`)}
          </Text>
        )}
        {typeof data.grossTotal === 'number' && currency && (
          <Text size="sm">{formatMoney(data.grossTotal, currency)}</Text>
        )}
      </Group>
    );
  }
  if (typeof data.paymentId === 'string' && typeof data.amount === 'number' && currency) {
    const numbers = Array.isArray(data.numbers) ? data.numbers.filter(Boolean).join(', ') : '';
    return (
      <Text size="sm" mt={6} pl={36}>
        {formatMoney(data.amount, currency)} {numbers && `· ${numbers}`}
      </Text>
    );
  }
  return null;
}
