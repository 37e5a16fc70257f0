import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, isLocale } from '../../common/locales.js';
import { normalizeText } from '../../common/search/normalize.js';
import { FIELD_TYPES, RECORD_OBJECTS, localized, type RecordObject } from '../../common/records.js';
import { useMe } from '../app/session.js';
import { ApiError, del, patch, post } from '../lib/api.js';
import { currentLocale } from '../lib/i18n.js';
import { fieldsQuery, useFieldDefinitions, type FieldDefinition } from '../records/fields.js';

/** A key for a new field from its label, in Latin letters whatever the script of the label. */
function keyFromLabel(label: string): string {
  const key = normalizeText(label)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(key) ? key : `f_${key}`).slice(0, 40);
}

export function FieldsSettings() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [object, setObject] = useState<RecordObject>('contacts');
  const [adding, setAdding] = useState(false);
  const defs = useFieldDefinitions(object);
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const refresh = () => queryClient.invalidateQueries({ queryKey: fieldsQuery(object).queryKey });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
      patch(`/fields/${id}`, body),
    onSuccess: refresh,
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) => post('/fields/reorder', { object, ids }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/fields/${id}`),
    onSuccess: refresh,
  });

  const move = (index: number, delta: number) => {
    const ids = defs.map((d) => d.id);
    const target = index + delta;
    if (target < 0 || target >= ids.length) return;
    [ids[index], ids[target]] = [ids[target] ?? '', ids[index] ?? ''];
    reorder.mutate(ids);
  };
  const confirmDelete = (def: FieldDefinition) =>
    modals.openConfirmModal({
      title: t('settings:fields.deleteTitle', { name: localized(def.label, locale) }),
      children: t('settings:fields.deleteText'),
      labels: { confirm: t('common:actions.delete'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(def.id),
    });

  return (
    <Stack>
      <Group justify="space-between">
        <SegmentedControl
          value={object}
          onChange={(v) => setObject(v)}
          data={RECORD_OBJECTS.map((o) => ({ value: o, label: t(`common:objects.${o}`) }))}
        />
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setAdding(true)}
          data-testid="add-field"
        >
          {t('settings:fields.add')}
        </Button>
      </Group>
      <Alert variant="light">{t('settings:fields.hint')}</Alert>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings:fields.label')}</Table.Th>
            <Table.Th>{t('settings:fields.key')}</Table.Th>
            <Table.Th>{t('settings:fields.type')}</Table.Th>
            <Table.Th>{t('settings:fields.required')}</Table.Th>
            <Table.Th>{t('settings:fields.hidden')}</Table.Th>
            <Table.Th>{t('settings:fields.searchable')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {defs.map((def, index) => (
            <Table.Tr key={def.id}>
              <Table.Td>{localized(def.label, locale)}</Table.Td>
              <Table.Td>
                <code>{def.key}</code>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`settings:fieldTypes.${def.type}`)}</Badge>
              </Table.Td>
              {(['required', 'hidden', 'searchable'] as const).map((flag) => (
                <Table.Td key={flag}>
                  <Checkbox
                    checked={def[flag]}
                    onChange={(e) =>
                      update.mutate({ id: def.id, body: { [flag]: e.currentTarget.checked } })
                    }
                    aria-label={t(`settings:fields.${flag}`)}
                  />
                </Table.Td>
              ))}
              <Table.Td>
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    onClick={() => move(index, -1)}
                    aria-label={t('common:list.moveUp')}
                  >
                    <IconArrowUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    onClick={() => move(index, 1)}
                    aria-label={t('common:list.moveDown')}
                  >
                    <IconArrowDown size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    onClick={() => confirmDelete(def)}
                    aria-label={t('common:actions.delete')}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('settings:fields.add')}
        size="lg"
      >
        {adding && (
          <AddField
            object={object}
            onDone={() => {
              setAdding(false);
              void refresh();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function AddField({ object, onDone }: { object: RecordObject; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const locale = currentLocale();
  const form = useForm({
    initialValues: {
      label: '',
      key: '',
      type: 'text',
      choices: [] as string[],
      currency: me.workspace.currency,
      target: 'companies',
      required: false,
      hidden: false,
      searchable: false,
    },
  });
  const values = form.getValues();
  const create = useMutation({
    mutationFn: (v: typeof values) =>
      post('/fields', {
        object,
        key: v.key || keyFromLabel(v.label),
        type: v.type,
        label: { [locale]: v.label },
        options: {
          ...(v.type === 'select' || v.type === 'multi_select'
            ? {
                choices: v.choices.map((c) => ({
                  value: keyFromLabel(c) || c,
                  label: { [locale]: c },
                })),
              }
            : {}),
          ...(v.type === 'money' ? { currency: v.currency } : {}),
          ...(v.type === 'record' ? { target: v.target } : {}),
        },
        required: v.required,
        hidden: v.hidden,
        searchable: v.searchable,
      }),
    meta: { silent: true },
    onSuccess: onDone,
    onError: (error) => {
      if (error instanceof ApiError) {
        const errors = error.fieldErrors();
        form.setErrors({
          ...errors,
          ...(errors['options.choices'] ? { choices: errors['options.choices'] } : {}),
          ...(errors[`label.${locale}`] ? { label: errors[`label.${locale}`] } : {}),
        });
      }
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        {create.error && <Alert color="red">{create.error.message}</Alert>}
        <TextInput
          label={t('settings:fields.label')}
          required
          data-testid="field-label"
          {...form.getInputProps('label')}
          onChange={(e) => {
            form.setFieldValue('label', e.currentTarget.value);
            form.setFieldValue('key', keyFromLabel(e.currentTarget.value));
          }}
        />
        <TextInput
          label={t('settings:fields.key')}
          description={t('settings:fields.keyHint')}
          {...form.getInputProps('key')}
        />
        <Select
          label={t('settings:fields.type')}
          data={FIELD_TYPES.map((type) => ({
            value: type,
            label: t(`settings:fieldTypes.${type}`),
          }))}
          allowDeselect={false}
          data-testid="field-type"
          {...form.getInputProps('type')}
        />
        {(values.type === 'select' || values.type === 'multi_select') && (
          <TagsInput
            label={t('settings:fields.choices')}
            description={t('settings:fields.choicesHint')}
            data-testid="field-choices"
            {...form.getInputProps('choices')}
          />
        )}
        {values.type === 'money' && (
          <Select
            label={t('setup:currency')}
            data={[...CURRENCIES]}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
        )}
        {values.type === 'record' && (
          <Select
            label={t('settings:fields.target')}
            data={RECORD_OBJECTS.map((o) => ({ value: o, label: t(`common:objects.${o}`) }))}
            allowDeselect={false}
            {...form.getInputProps('target')}
          />
        )}
        <Group>
          <Checkbox
            label={t('settings:fields.required')}
            {...form.getInputProps('required', { type: 'checkbox' })}
          />
          <Checkbox
            label={t('settings:fields.hidden')}
            {...form.getInputProps('hidden', { type: 'checkbox' })}
          />
          <Checkbox
            label={t('settings:fields.searchable')}
            {...form.getInputProps('searchable', { type: 'checkbox' })}
          />
        </Group>
        <Button type="submit" loading={create.isPending} data-testid="save-field">
          {t('common:actions.save')}
        </Button>
      </Stack>
    </form>
  );
}
