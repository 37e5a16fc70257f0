import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { AnchorLink } from '../app/links.js';
import { LOCALES, LOCALE_NAMES } from '../../common/locales.js';
import type { ContactOut } from '../../server/contacts/schema.js';
import { useUsers } from '../app/session.js';
import { i18next } from '../lib/i18n.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { BalanceFact, ContactFinance } from '../billing/FinanceTab.js';
import { Fact } from '../records/RecordPage.js';
import type { RecordConfig } from '../records/types.js';
import { useTranslation } from 'react-i18next';
import { ContactForm } from './ContactForm.js';
import { PhoneLink } from '../telephony/PhoneLink.js';

function OwnerName({ id }: { id: string | null }) {
  const users = useUsers();
  return <>{users.find((u) => u.id === id)?.name ?? ''}</>;
}

function Details({ record }: { record: ContactOut }) {
  const { t } = useTranslation();
  return (
    <>
      <Fact label={t('contacts:fields.companyId')}>
        {record.companyId && (
          <AnchorLink to="/companies/$id" params={{ id: record.companyId }}>
            {record.companyName}
          </AnchorLink>
        )}
      </Fact>
      <Fact label={t('contacts:fields.jobTitle')}>{record.jobTitle}</Fact>
      <Fact label={t('common:fields.emails')}>
        {record.emails.map((e) => (
          <div key={e.value}>
            <Anchor href={`mailto:${e.value}`}>{e.value}</Anchor>{' '}
            {e.label && (
              <Text span size="xs" c="dimmed">
                {e.label}
              </Text>
            )}
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
      <Fact label={t('contacts:fields.birthday')}>
        {record.birthday ? formatDate(record.birthday) : null}
      </Fact>
      <Fact label={t('contacts:fields.locale')}>
        {record.locale ? LOCALE_NAMES[record.locale] : null}
      </Fact>
    </>
  );
}

export const contactConfig: RecordConfig<ContactOut> = {
  object: 'contacts',
  ns: 'contacts',
  path: '/contacts',
  title: (c) => c.name,
  subtitle: (c) =>
    [c.jobTitle, c.companyName].filter(Boolean).join(' · ') || c.emails[0]?.value || null,
  get columns() {
    const t = i18next.t.bind(i18next);
    return [
      {
        key: 'name',
        label: t('contacts:fields.name'),
        width: 220,
        sort: 'lastName',
        render: (c: ContactOut) => c.name,
      },
      {
        key: 'firstName',
        label: t('contacts:fields.firstName'),
        width: 140,
        sort: 'firstName',
        render: (c: ContactOut) => c.firstName,
        inlineEdit: { field: 'firstName', value: (c: ContactOut) => c.firstName },
      },
      {
        key: 'lastName',
        label: t('contacts:fields.lastName'),
        width: 140,
        sort: 'lastName',
        render: (c: ContactOut) => c.lastName,
        inlineEdit: { field: 'lastName', value: (c: ContactOut) => c.lastName },
      },
      {
        key: 'company',
        label: t('contacts:fields.companyId'),
        width: 180,
        render: (c: ContactOut) => c.companyName,
      },
      {
        key: 'jobTitle',
        label: t('contacts:fields.jobTitle'),
        width: 160,
        sort: 'jobTitle',
        render: (c: ContactOut) => c.jobTitle,
        inlineEdit: { field: 'jobTitle', value: (c: ContactOut) => c.jobTitle ?? '' },
      },
      {
        key: 'email',
        label: t('common:fields.email'),
        width: 220,
        render: (c: ContactOut) => c.emails[0]?.value,
      },
      {
        key: 'phone',
        label: t('common:fields.phone'),
        width: 150,
        render: (c: ContactOut) => c.phones[0]?.formatted,
      },
      {
        key: 'owner',
        label: t('common:record.owner'),
        width: 140,
        render: (c: ContactOut) => <OwnerName id={c.ownerId} />,
      },
      {
        key: 'tags',
        label: t('common:record.tags'),
        width: 160,
        render: (c: ContactOut) => (
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
        key: 'birthday',
        label: t('contacts:fields.birthday'),
        width: 120,
        sort: 'birthday',
        render: (c: ContactOut) => formatDate(c.birthday),
      },
      {
        key: 'createdAt',
        label: t('common:record.createdAt'),
        width: 150,
        sort: 'createdAt',
        render: (c: ContactOut) => formatDateTime(c.createdAt),
      },
      {
        key: 'updatedAt',
        label: t('common:record.updatedAt'),
        width: 150,
        sort: 'updatedAt',
        render: (c: ContactOut) => formatDateTime(c.updatedAt),
      },
    ];
  },
  defaultColumns: ['name', 'company', 'email', 'phone', 'owner', 'tags', 'createdAt'],
  get filters() {
    const t = i18next.t.bind(i18next);
    return [
      { field: 'ownerId', label: t('common:record.owner'), kind: 'owner' as const },
      { field: 'tags', label: t('common:record.tags'), kind: 'tags' as const },
      { field: 'firstName', label: t('contacts:fields.firstName'), kind: 'text' as const },
      { field: 'lastName', label: t('contacts:fields.lastName'), kind: 'text' as const },
      { field: 'jobTitle', label: t('contacts:fields.jobTitle'), kind: 'text' as const },
      {
        field: 'locale',
        label: t('contacts:fields.locale'),
        kind: 'enum' as const,
        options: LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
      },
      { field: 'birthday', label: t('contacts:fields.birthday'), kind: 'date' as const },
      { field: 'createdAt', label: t('common:record.createdAt'), kind: 'date' as const },
    ];
  },
  Form: ContactForm,
  Details,
  get tabs() {
    return [{ key: 'finance', label: i18next.t('billing:finance.tab'), Component: ContactFinance }];
  },
  facts: (c) => (
    <>
      <BalanceFact type="contacts" id={c.id} />
      {c.phones[0] && (
        <PhoneLink value={c.phones[0].value} size="sm" icon>
          {c.phones[0].formatted}
        </PhoneLink>
      )}
      {c.emails[0] && (
        <Anchor href={`mailto:${c.emails[0].value}`} size="sm">
          <Group gap={4}>
            <IconMail size={14} />
            {c.emails[0].value}
          </Group>
        </Anchor>
      )}
    </>
  ),
};
