import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconWorld } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { AnchorLink } from '../app/links.js';
import { useTranslation } from 'react-i18next';
import type { CompanyOut } from '../../server/companies/schema.js';
import type { ContactOut } from '../../server/contacts/schema.js';
import { useUsers } from '../app/session.js';
import { get } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { i18next } from '../lib/i18n.js';
import { BalanceFact, CompanyFinance } from '../billing/FinanceTab.js';
import { Fact } from '../records/RecordPage.js';
import type { RecordConfig } from '../records/types.js';
import { CompanyForm } from './CompanyForm.js';
import { PhoneLink } from '../telephony/PhoneLink.js';

function OwnerName({ id }: { id: string | null }) {
  const users = useUsers();
  return <>{users.find((u) => u.id === id)?.name ?? ''}</>;
}

function Kinds({ kinds }: { kinds: string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      {kinds.map((k) => (
        <Badge
          key={k}
          size="xs"
          variant="light"
          color={
            k === 'customer'
              ? 'blue'
              : k === 'supplier'
                ? 'teal'
                : k === 'partner'
                  ? 'grape'
                  : 'red'
          }
        >
          {t(`companies:kinds.${k}`)}
        </Badge>
      ))}
    </Group>
  );
}

function Details({ record }: { record: CompanyOut }) {
  const { t } = useTranslation();
  return (
    <>
      <Fact label={t('companies:fields.kinds')}>
        <Kinds kinds={record.kinds} />
      </Fact>
      <Fact label={t('companies:fields.legalName')}>{record.legalName}</Fact>
      <Fact label={t('companies:fields.vatId')}>{record.vatId}</Fact>
      <Fact label={t('companies:fields.registrationNumber')}>{record.registrationNumber}</Fact>
      <Fact label={t('companies:fields.parentId')}>
        {record.parentId && (
          <AnchorLink to="/companies/$id" params={{ id: record.parentId }}>
            {record.parentName}
          </AnchorLink>
        )}
      </Fact>
      <Fact label={t('common:fields.emails')}>
        {record.emails.map((e) => (
          <div key={e.value}>
            <Anchor href={`mailto:${e.value}`}>{e.value}</Anchor>
          </div>
        ))}
      </Fact>
      <Fact label={t('common:fields.phones')}>
        {record.phones.map((p) => (
          <div key={p.value}>
            <PhoneLink value={p.value}>{p.formatted}</PhoneLink>{' '}
            {p.label && (
              <Text span size="xs" c="dimmed">
                {p.label}
              </Text>
            )}
          </div>
        ))}
      </Fact>
      <Fact label={t('common:fields.addresses')}>
        {record.addresses.map((a, i) => (
          <div key={i}>
            {[
              a.street,
              [a.postalCode, a.city].filter(Boolean).join(' '),
              a.country ? t(`common:countries.${a.country}`, { defaultValue: a.country }) : null,
            ]
              .filter(Boolean)
              .join(', ')}
          </div>
        ))}
      </Fact>
      <Fact label={t('companies:fields.website')}>
        {record.website && (
          <Anchor href={record.website} target="_blank" rel="noopener noreferrer">
            {record.website.replace(/^https?:\/\//, '')}
          </Anchor>
        )}
      </Fact>
      <Fact label={t('companies:fields.industry')}>{record.industry}</Fact>
    </>
  );
}

/** The people who work at this organization. */
function ContactsTab({ record }: { record: CompanyOut }) {
  const { t } = useTranslation();
  const contacts = useQuery({
    queryKey: ['contacts', 'list', 'company', record.id],
    queryFn: () =>
      get<{ data: ContactOut[] }>(
        `/contacts?filter[companyId]=${record.id}&sort=lastName&limit=200`,
      ),
  });
  const rows = contacts.data?.data ?? [];
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} />}
          component={Link}
          to="/contacts"
        >
          {t('contacts:new')}
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="md">
          {t('companies:noContacts')}
        </Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/contacts/$id" params={{ id: c.id }}>
                    {c.name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{c.jobTitle}</Table.Td>
                <Table.Td>{c.emails[0]?.value}</Table.Td>
                <Table.Td>{c.phones[0]?.formatted}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export const companyConfig: RecordConfig<CompanyOut> = {
  object: 'companies',
  ns: 'companies',
  path: '/companies',
  title: (c) => c.name,
  subtitle: (c) => [c.industry, c.addresses[0]?.city].filter(Boolean).join(' · ') || null,
  get columns() {
    const t = i18next.t.bind(i18next);
    return [
      {
        key: 'name',
        label: t('companies:fields.name'),
        width: 240,
        sort: 'name',
        render: (c: CompanyOut) => c.name,
        inlineEdit: { field: 'name', value: (c: CompanyOut) => c.name },
      },
      {
        key: 'kinds',
        label: t('companies:fields.kinds'),
        width: 170,
        render: (c: CompanyOut) => <Kinds kinds={c.kinds} />,
      },
      {
        key: 'vatId',
        label: t('companies:fields.vatId'),
        width: 150,
        sort: 'vatId',
        render: (c: CompanyOut) => c.vatId,
      },
      {
        key: 'city',
        label: t('common:address.city'),
        width: 140,
        render: (c: CompanyOut) => c.addresses[0]?.city,
      },
      {
        key: 'phone',
        label: t('common:fields.phone'),
        width: 150,
        render: (c: CompanyOut) => c.phones[0]?.formatted,
      },
      {
        key: 'email',
        label: t('common:fields.email'),
        width: 200,
        render: (c: CompanyOut) => c.emails[0]?.value,
      },
      {
        key: 'industry',
        label: t('companies:fields.industry'),
        width: 150,
        sort: 'industry',
        render: (c: CompanyOut) => c.industry,
        inlineEdit: { field: 'industry', value: (c: CompanyOut) => c.industry ?? '' },
      },
      {
        key: 'owner',
        label: t('common:record.owner'),
        width: 140,
        render: (c: CompanyOut) => <OwnerName id={c.ownerId} />,
      },
      {
        key: 'tags',
        label: t('common:record.tags'),
        width: 150,
        render: (c: CompanyOut) => (
          <Group gap={2} wrap="nowrap">
            {c.tags.map((tag) => (
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
        render: (c: CompanyOut) => formatDateTime(c.createdAt),
      },
    ];
  },
  defaultColumns: ['name', 'kinds', 'vatId', 'city', 'phone', 'owner', 'createdAt'],
  get filters() {
    const t = i18next.t.bind(i18next);
    return [
      { field: 'kinds', label: t('companies:fields.kinds'), kind: 'tags' as const },
      { field: 'ownerId', label: t('common:record.owner'), kind: 'owner' as const },
      { field: 'tags', label: t('common:record.tags'), kind: 'tags' as const },
      { field: 'name', label: t('companies:fields.name'), kind: 'text' as const },
      { field: 'vatId', label: t('companies:fields.vatId'), kind: 'text' as const },
      { field: 'industry', label: t('companies:fields.industry'), kind: 'text' as const },
      { field: 'createdAt', label: t('common:record.createdAt'), kind: 'date' as const },
    ];
  },
  Form: CompanyForm,
  Details,
  get tabs() {
    return [
      { key: 'contacts', label: i18next.t('companies:tabs.contacts'), Component: ContactsTab },
      { key: 'finance', label: i18next.t('billing:finance.tab'), Component: CompanyFinance },
    ];
  },
  facts: (c) => (
    <>
      <BalanceFact type="companies" id={c.id} />
      {c.phones[0] && (
        <PhoneLink value={c.phones[0].value} size="sm" icon>
          {c.phones[0].formatted}
        </PhoneLink>
      )}
      {c.website && (
        <Anchor href={c.website} target="_blank" rel="noopener noreferrer" size="sm">
          <Group gap={4}>
            <IconWorld size={14} />
            {c.website.replace(/^https?:\/\//, '')}
          </Group>
        </Anchor>
      )}
    </>
  ),
};
