import {
  Checkbox,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../../common/locales.js';
import { localized } from '../../../common/records.js';
import type { FieldDefinition } from '../fields.js';
import { UserSelect } from './inputs.js';

/** Inputs for an object's custom fields, typed by definition; errors come as `custom.<key>`. */
export function CustomFieldsInputs(props: {
  defs: FieldDefinition[];
  values: Record<string, unknown>;
  errors: Record<string, unknown>;
  onChange: (key: string, value: unknown) => void;
}) {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const defs = props.defs.filter((d) => !d.hidden);
  if (!defs.length) return null;
  return (
    <Stack gap="sm">
      {defs.map((def) => {
        const label = localized(def.label, locale);
        const value = props.values[def.key];
        const error = props.errors[`custom.${def.key}`] as string | undefined;
        const common = { label, required: def.required, error, 'data-testid': `custom-${def.key}` };
        const choices = (def.options.choices ?? []).map((c) => ({
          value: c.value,
          label: localized(c.label, locale),
        }));
        switch (def.type) {
          case 'long_text':
            return (
              <Textarea
                key={def.id}
                {...common}
                autosize
                minRows={2}
                value={(value as string | undefined) ?? ''}
                onChange={(e) => props.onChange(def.key, e.currentTarget.value)}
              />
            );
          case 'number':
            return (
              <NumberInput
                key={def.id}
                {...common}
                value={(value as number | undefined) ?? ''}
                onChange={(v) => props.onChange(def.key, v === '' ? null : Number(v))}
              />
            );
          case 'money':
            return (
              <NumberInput
                key={def.id}
                {...common}
                decimalScale={2}
                fixedDecimalScale
                rightSection={def.options.currency}
                value={typeof value === 'number' ? value / 100 : ''}
                onChange={(v) =>
                  props.onChange(def.key, v === '' ? null : Math.round(Number(v) * 100))
                }
              />
            );
          case 'date':
            return (
              <DateInput
                key={def.id}
                {...common}
                clearable
                valueFormat="YYYY-MM-DD"
                value={(value as string | undefined) ?? null}
                onChange={(v) => props.onChange(def.key, v)}
              />
            );
          case 'boolean':
            return (
              <Checkbox
                key={def.id}
                label={label}
                error={error}
                checked={value === true}
                onChange={(e) => props.onChange(def.key, e.currentTarget.checked)}
              />
            );
          case 'select':
            return (
              <Select
                key={def.id}
                {...common}
                data={choices}
                clearable
                value={(value as string | undefined) ?? null}
                onChange={(v) => props.onChange(def.key, v)}
              />
            );
          case 'multi_select':
            return (
              <MultiSelect
                key={def.id}
                {...common}
                data={choices}
                value={(value as string[] | undefined) ?? []}
                onChange={(v) => props.onChange(def.key, v)}
              />
            );
          case 'user':
            return (
              <UserSelect
                key={def.id}
                label={label}
                error={error}
                value={(value as string | undefined) ?? null}
                onChange={(v) => props.onChange(def.key, v)}
              />
            );
          default:
            return (
              <TextInput
                key={def.id}
                {...common}
                type={
                  def.type === 'email'
                    ? 'email'
                    : def.type === 'phone'
                      ? 'tel'
                      : def.type === 'url'
                        ? 'url'
                        : 'text'
                }
                value={(value as string | undefined) ?? ''}
                onChange={(e) => props.onChange(def.key, e.currentTarget.value)}
              />
            );
        }
      })}
    </Stack>
  );
}
