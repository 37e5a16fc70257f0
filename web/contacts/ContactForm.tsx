import {
  Alert,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { LOCALES, LOCALE_NAMES } from '../../common/locales.js';
import type { ContactOut } from '../../server/contacts/schema.js';
import { useMe } from '../app/session.js';
import { useFieldDefinitions } from '../records/fields.js';
import { CustomFieldsInputs } from '../records/form/CustomFieldsInputs.js';
import {
  AddressesInput,
  ContactPointsInput,
  RecordSelect,
  UserSelect,
} from '../records/form/inputs.js';
import { clean, useSave } from '../records/form/useSave.js';
import type { FormProps } from '../records/types.js';
import { DuplicateWarning } from '../records/DuplicateWarning.js';

export function ContactForm({ record, onSaved, onCancel }: FormProps<ContactOut>) {
  const { t } = useTranslation();
  const me = useMe();
  const defs = useFieldDefinitions('contacts');
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      firstName: record?.firstName ?? '',
      lastName: record?.lastName ?? '',
      jobTitle: record?.jobTitle ?? '',
      companyId: record?.companyId ?? null,
      emails: record?.emails.map((e) => ({ value: e.value, label: e.label })) ?? [
        { value: '', label: null },
      ],
      phones: record?.phones.map((p) => ({ value: p.formatted, label: p.label })) ?? [
        { value: '', label: null },
      ],
      addresses: record?.addresses ?? [],
      birthday: record?.birthday ?? null,
      locale: record?.locale ?? null,
      tags: record?.tags ?? [],
      ownerId: record ? record.ownerId : me.user.id,
      custom: record?.custom ?? {},
    },
  });
  const save = useSave('contacts', form, record, onSaved);
  const values = form.getValues();

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(clean(v)))} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('contacts:fields.firstName')}
            autoFocus
            data-testid="firstName"
            {...form.getInputProps('firstName')}
          />
          <TextInput
            label={t('contacts:fields.lastName')}
            data-testid="lastName"
            {...form.getInputProps('lastName')}
          />
        </SimpleGrid>
        {!record && (
          <DuplicateWarning
            object="contacts"
            name={`${values.firstName} ${values.lastName}`.trim()}
            emails={values.emails.map((e) => e.value)}
            phones={values.phones.map((p) => p.value)}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RecordSelect
            object="companies"
            label={t('contacts:fields.companyId')}
            value={values.companyId}
            initialLabel={record?.companyName ?? null}
            onChange={(v) => form.setFieldValue('companyId', v)}
            error={form.errors.companyId as string | undefined}
          />
          <TextInput label={t('contacts:fields.jobTitle')} {...form.getInputProps('jobTitle')} />
        </SimpleGrid>
        <ContactPointsInput form={form} path="emails" kind="emails" />
        <ContactPointsInput form={form} path="phones" kind="phones" />
        <AddressesInput form={form} path="addresses" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateInput
            label={t('contacts:fields.birthday')}
            valueFormat="DD.MM.YYYY"
            clearable
            maxDate={new Date()}
            {...form.getInputProps('birthday')}
          />
          <Select
            label={t('contacts:fields.locale')}
            data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            clearable
            {...form.getInputProps('locale')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TagsInput label={t('common:record.tags')} {...form.getInputProps('tags')} />
          <UserSelect
            label={t('common:record.owner')}
            value={values.ownerId}
            onChange={(v) => form.setFieldValue('ownerId', v)}
            error={form.errors.ownerId as string | undefined}
          />
        </SimpleGrid>
        <CustomFieldsInputs
          defs={defs}
          values={values.custom}
          errors={form.errors}
          onChange={(key, value) =>
            form.setFieldValue('custom', { ...form.getValues().custom, [key]: value })
          }
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="save-record">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
