import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { AnchorLink } from '../app/links.js';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../common/records.js';
import type { LeadOut } from '../../server/leads/schema.js';
import { useUsers } from '../app/session.js';
import { formatDateTime } from '../lib/format.js';
import { i18next } from '../lib/i18n.js';
import { Fact } from '../records/RecordPage.js';
import type { RecordConfig } from '../records/types.js';
import { ConvertLead } from './ConvertLead.js';
import { LeadForm } from './LeadForm.js';
import { PhoneLink } from '../telephony/PhoneLink.js';

const STATUS_COLOR: Record<string, string> = {
  new: 'blue',
  in_progress: 'yellow',
  qualified: 'teal',
  disqualified: 'gray',
  converted: 'green',
};

export function LeadStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={STATUS_COLOR[status] ?? 'gray'}>
      {t(`leads:statuses.${status}`)}
    </Badge>
  );
}

function OwnerName({ id }: { id: string | null }) {
  const users = useUsers();
  return <>{users.find((u) => u.id === id)?.name ?? ''}</>;
}

function Details({ record }: { record: LeadOut }) {
  const { t } = useTranslation();
  return (
    <>
      <Fact label={t('leads:fields.status')}>
        <LeadStatus status={record.status} />
        {record.disqualifyReason && (
          <Text size="xs" c="dimmed">
            {record.disqualifyReason}
          </Text>
        )}
      </Fact>
      {record.convertedContactId && (
        <Fact label={t('leads:convertedTo')}>
          <AnchorLink to="/contacts/$id" params={{ id: record.convertedContactId }}>
            {t('leads:openContact')}
          </AnchorLink>
        </Fact>
      )}
      <Fact label={t('leads:fields.companyName')}>{record.companyName}</Fact>
      <Fact label={t('common:fields.email')}>
        {record.email && <Anchor href={`mailto:${record.email}`}>{record.email}</Anchor>}
      </Fact>
      <Fact label={t('common:fields.phone')}>
        {record.phone && <PhoneLink value={record.phone}>{record.phoneFormatted}</PhoneLink>}
      </Fact>
      <Fact label={t('leads:fields.source')}>{t(`leads:sources.${record.source}`)}</Fact>
      <Fact label={t('leads:fields.message')}>
        {record.message && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {record.message}
          </Text>
        )}
      </Fact>
      {(['utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent'] as const).map((f) => (
        <Fact key={f} label={t(`leads:fields.${f}`)}>
          {record[f]}
        </Fact>
      ))}
    </>
  );
}

export const leadConfig: RecordConfig<LeadOut> = {
  object: 'leads',
  ns: 'leads',
  path: '/leads',
  title: (l) => l.name || l.companyName || l.email || l.phoneFormatted || '—',
  subtitle: (l) => [l.companyName, l.email].filter(Boolean).join(' · ') || null,
  get columns() {
    const t = i18next.t.bind(i18next);
    return [
      {
        key: 'name',
        label: t('leads:fields.name'),
        width: 200,
        sort: 'name',
        render: (l: LeadOut) => leadConfig.title(l),
      },
      {
        key: 'companyName',
        label: t('leads:fields.companyName'),
        width: 180,
        sort: 'companyName',
        render: (l: LeadOut) => l.companyName,
        inlineEdit: { field: 'companyName', value: (l: LeadOut) => l.companyName ?? '' },
      },
      {
        key: 'status',
        label: t('leads:fields.status'),
        width: 130,
        sort: 'status',
        render: (l: LeadOut) => <LeadStatus status={l.status} />,
      },
      {
        key: 'source',
        label: t('leads:fields.source'),
        width: 130,
        sort: 'source',
        render: (l: LeadOut) => t(`leads:sources.${l.source}`),
      },
      {
        key: 'email',
        label: t('common:fields.email'),
        width: 200,
        sort: 'email',
        render: (l: LeadOut) => l.email,
      },
      {
        key: 'phone',
        label: t('common:fields.phone'),
        width: 150,
        render: (l: LeadOut) => l.phoneFormatted,
      },
      {
        key: 'utmCampaign',
        label: t('leads:fields.utmCampaign'),
        width: 150,
        sort: 'utmCampaign',
        render: (l: LeadOut) => l.utmCampaign,
      },
      {
        key: 'owner',
        label: t('common:record.owner'),
        width: 140,
        render: (l: LeadOut) => <OwnerName id={l.ownerId} />,
      },
      {
        key: 'tags',
        label: t('common:record.tags'),
        width: 150,
        render: (l: LeadOut) => (
          <Group gap={2} wrap="nowrap">
            {l.tags.map((tag) => (
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
        render: (l: LeadOut) => formatDateTime(l.createdAt),
      },
    ];
  },
  defaultColumns: ['name', 'companyName', 'status', 'source', 'email', 'owner', 'createdAt'],
  get filters() {
    const t = i18next.t.bind(i18next);
    return [
      {
        field: 'status',
        label: t('leads:fields.status'),
        kind: 'enum' as const,
        options: LEAD_STATUSES.map((s) => ({ value: s, label: t(`leads:statuses.${s}`) })),
      },
      {
        field: 'source',
        label: t('leads:fields.source'),
        kind: 'enum' as const,
        options: LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads:sources.${s}`) })),
      },
      { field: 'ownerId', label: t('common:record.owner'), kind: 'owner' as const },
      { field: 'tags', label: t('common:record.tags'), kind: 'tags' as const },
      { field: 'utmCampaign', label: t('leads:fields.utmCampaign'), kind: 'text' as const },
      { field: 'createdAt', label: t('common:record.createdAt'), kind: 'date' as const },
    ];
  },
  Form: LeadForm,
  Details,
  Actions: ConvertLead,
  facts: (l) => (
    <>
      {l.phone && (
        <PhoneLink value={l.phone} size="sm" icon>
          {l.phoneFormatted}
        </PhoneLink>
      )}
      {l.email && (
        <Anchor href={`mailto:${l.email}`} size="sm">
          <Group gap={4}>
            <IconMail size={14} />
            {l.email}
          </Group>
        </Anchor>
      )}
    </>
  ),
};
