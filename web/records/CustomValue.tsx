import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../common/phone.js';
import { isLocale } from '../../common/locales.js';
import { localized } from '../../common/records.js';
import { useMe, useUsers } from '../app/session.js';
import { formatDate, formatMoney, formatNumber } from '../lib/format.js';
import type { FieldDefinition } from './fields.js';
import { PhoneLink } from '../telephony/PhoneLink.js';

/** Text of a scalar custom value (validated on the server, so objects do not occur). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return valueText(value);
  return value === undefined ? '' : JSON.stringify(value);
}

/** A custom field's value, formatted for its type and the user's locale. */
export function CustomValue({ field, value }: { field: FieldDefinition; value: unknown }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  if (value === null || value === undefined || value === '') return null;
  const choiceLabel = (v: string) => {
    const choice = field.options.choices?.find((c) => c.value === v);
    return choice ? localized(choice.label, locale) : v;
  };
  switch (field.type) {
    case 'number':
      return <>{formatNumber(Number(value))}</>;
    case 'money':
      return <>{formatMoney(Number(value), field.options.currency ?? me.workspace.currency)}</>;
    case 'date':
      return <>{formatDate(valueText(value))}</>;
    case 'boolean':
      return <>{value === true ? t('common:yes') : t('common:no')}</>;
    case 'select':
      return <Badge variant="light">{choiceLabel(valueText(value))}</Badge>;
    case 'multi_select':
      return (
        <Group gap={4}>
          {(value as string[]).map((v) => (
            <Badge key={v} variant="light">
              {choiceLabel(v)}
            </Badge>
          ))}
        </Group>
      );
    case 'phone':
      return (
        <PhoneLink value={valueText(value)}>
          {formatPhone(valueText(value), me.workspace.country)}
        </PhoneLink>
      );
    case 'email':
      return <Anchor href={`mailto:${valueText(value)}`}>{valueText(value)}</Anchor>;
    case 'url':
      return (
        <Anchor href={valueText(value)} target="_blank" rel="noopener noreferrer">
          {valueText(value).replace(/^https?:\/\//, '')}
        </Anchor>
      );
    case 'user':
      return <>{users.find((u) => u.id === value)?.name ?? ''}</>;
    case 'long_text':
      return <Text style={{ whiteSpace: 'pre-wrap' }}>{valueText(value)}</Text>;
    default:
      return <>{valueText(value)}</>;
  }
}
