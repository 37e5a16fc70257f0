import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTRY_CODES } from '../../../common/locales.js';
import type { Address, ContactPoint } from '../../../common/records.js';
import { useUsers } from '../../app/session.js';
import { get } from '../../lib/api.js';

// Mantine's form type is invariant in its values; the list inputs only touch their own path.
type AnyForm = UseFormReturnType<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LABELS = {
  emails: ['work', 'home', 'other'],
  phones: ['mobile', 'work', 'home', 'fax', 'other'],
} as const;

/** Several emails or phones, each with a label (work, mobile, …). */
export function ContactPointsInput({
  form,
  path,
  kind,
}: {
  form: AnyForm;
  path: string;
  kind: 'emails' | 'phones';
}) {
  const { t } = useTranslation();
  const items = (form.getValues() as Record<string, ContactPoint[]>)[path] ?? [];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t(`common:fields.${kind}`)}
      </Text>
      {items.map((_, index) => (
        <Group key={form.key(`${path}.${index}`)} gap={6} wrap="nowrap" align="flex-start">
          <TextInput
            style={{ flex: 1 }}
            type={kind === 'emails' ? 'email' : 'tel'}
            placeholder={kind === 'emails' ? 'ime@primer.si' : '+381 64 123 4567'}
            aria-label={t(`common:fields.${kind}`)}
            data-testid={`${path}-${index}`}
            {...form.getInputProps(`${path}.${index}.value`)}
            key={form.key(`${path}.${index}.value`)}
          />
          <Autocomplete
            w={120}
            aria-label={t('common:fields.label')}
            placeholder={t('common:fields.label')}
            data={LABELS[kind].map((l) => t(`common:pointLabels.${l}`))}
            {...form.getInputProps(`${path}.${index}.label`)}
            value={(form.getValues() as Record<string, ContactPoint[]>)[path]?.[index]?.label ?? ''}
            key={form.key(`${path}.${index}.label`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={4}
            aria-label={t('common:actions.remove')}
            onClick={() => form.removeListItem(path, index)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="xs"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        onClick={() => form.insertListItem(path, { value: '', label: null })}
        data-testid={`add-${path}`}
      >
        {t(`common:fields.add_${kind}`)}
      </Button>
    </Stack>
  );
}

export function AddressesInput({ form, path }: { form: AnyForm; path: string }) {
  const { t } = useTranslation();
  const items = (form.getValues() as Record<string, Address[]>)[path] ?? [];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('common:fields.addresses')}
      </Text>
      {items.map((_, index) => (
        <Stack
          key={form.key(`${path}.${index}`)}
          gap={4}
          p="xs"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
        >
          <Group gap={6} grow>
            <TextInput
              label={t('common:address.street')}
              {...form.getInputProps(`${path}.${index}.street`)}
              value={items[index]?.street ?? ''}
              key={form.key(`${path}.${index}.street`)}
            />
          </Group>
          <Group gap={6} grow>
            <TextInput
              label={t('common:address.postalCode')}
              {...form.getInputProps(`${path}.${index}.postalCode`)}
              value={items[index]?.postalCode ?? ''}
              key={form.key(`${path}.${index}.postalCode`)}
            />
            <TextInput
              label={t('common:address.city')}
              {...form.getInputProps(`${path}.${index}.city`)}
              value={items[index]?.city ?? ''}
              key={form.key(`${path}.${index}.city`)}
            />
            <Select
              label={t('common:address.country')}
              data={COUNTRY_CODES.map((c) => ({ value: c, label: t(`common:countries.${c}`) }))}
              searchable
              clearable
              {...form.getInputProps(`${path}.${index}.country`)}
              key={form.key(`${path}.${index}.country`)}
            />
          </Group>
          <Group justify="space-between">
            <Autocomplete
              size="xs"
              w={160}
              placeholder={t('common:fields.label')}
              data={['office', 'billing', 'delivery', 'home'].map((l) =>
                t(`common:pointLabels.${l}`),
              )}
              {...form.getInputProps(`${path}.${index}.label`)}
              value={items[index]?.label ?? ''}
              key={form.key(`${path}.${index}.label`)}
            />
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              onClick={() => form.removeListItem(path, index)}
            >
              {t('common:actions.remove')}
            </Button>
          </Group>
        </Stack>
      ))}
      <Button
        size="xs"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        onClick={() =>
          form.insertListItem(path, {
            label: null,
            street: '',
            city: '',
            postalCode: '',
            region: null,
            country: null,
          })
        }
      >
        {t('common:fields.add_address')}
      </Button>
    </Stack>
  );
}

export function UserSelect(props: {
  label: string;
  /** What an empty choice means (default: no owner). */
  placeholder?: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder ?? t('common:record.noOwner')}
      data={users
        .filter((u) => u.active || u.id === props.value)
        .map((u) => ({ value: u.id, label: u.name }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      searchable
      clearable
    />
  );
}

/** Picks a record of another object by searching it (e.g. the organization of a contact). */
export function RecordSelect(props: {
  object: 'companies' | 'contacts' | 'leads';
  label: string;
  value: string | null;
  initialLabel?: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
  excludeId?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const results = useQuery({
    queryKey: [props.object, 'pick', debounced],
    queryFn: ({ signal }) =>
      get<{ data: { id: string; name: string }[] }>(
        `/${props.object}?limit=20&fields=name${debounced.trim().length >= 2 ? `&q=${encodeURIComponent(debounced)}` : ''}`,
        { signal },
      ),
  });
  const options = (results.data?.data ?? [])
    .filter((r) => r.id !== props.excludeId)
    .map((r) => ({ value: r.id, label: r.name }));
  if (props.value && props.initialLabel && !options.some((o) => o.value === props.value))
    options.unshift({ value: props.value, label: props.initialLabel });
  return (
    <Select
      label={props.label}
      data={options}
      value={props.value}
      onChange={props.onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      error={props.error}
      nothingFoundMessage={results.isFetching ? '…' : undefined}
      data-testid={`select-${props.object}`}
    />
  );
}
