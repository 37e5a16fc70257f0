import {
  Alert,
  Button,
  Group,
  MultiSelect,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { COMPANY_KINDS } from '../../common/records.js';
import type { CompanyOut } from '../../server/companies/schema.js';
import { useMe } from '../app/session.js';
import { DuplicateWarning } from '../records/DuplicateWarning.js';
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

export function CompanyForm({ record, onSaved, onCancel }: FormProps<CompanyOut>) {
  const { t } = useTranslation();
  const me = useMe();
  const defs = useFieldDefinitions('companies');
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: record?.name ?? '',
      legalName: record?.legalName ?? '',
      vatId: record?.vatId ?? '',
      registrationNumber: record?.registrationNumber ?? '',
      kinds: record?.kinds ?? ['customer'],
      emails: record?.emails.map((e) => ({ value: e.value, label: e.label })) ?? [
        { value: '', label: null },
      ],
      phones: record?.phones.map((p) => ({ value: p.formatted, label: p.label })) ?? [
        { value: '', label: null },
      ],
      addresses: record?.addresses ?? [],
      website: record?.website ?? '',
      industry: record?.industry ?? '',
      parentId: record?.parentId ?? null,
      ownerId: record ? record.ownerId : me.user.id,
      tags: record?.tags ?? [],
      custom: record?.custom ?? {},
    },
  });
  const save = useSave('companies', form, record, onSaved);
  const values = form.getValues();
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(clean(v)))} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <TextInput
          label={t('companies:fields.name')}
          required
          autoFocus
          data-testid="name"
          {...form.getInputProps('name')}
        />
        {!record && (
          <DuplicateWarning
            object="companies"
            companyName={values.name}
            vatId={values.vatId}
            emails={values.emails.map((e) => e.value)}
            phones={values.phones.map((p) => p.value)}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('companies:fields.legalName')} {...form.getInputProps('legalName')} />
          <MultiSelect
            label={t('companies:fields.kinds')}
            data={COMPANY_KINDS.map((k) => ({ value: k, label: t(`companies:kinds.${k}`) }))}
            {...form.getInputProps('kinds')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('companies:fields.vatId')} {...form.getInputProps('vatId')} />
          <TextInput
            label={t('companies:fields.registrationNumber')}
            {...form.getInputProps('registrationNumber')}
          />
        </SimpleGrid>
        <ContactPointsInput form={form} path="emails" kind="emails" />
        <ContactPointsInput form={form} path="phones" kind="phones" />
        <AddressesInput form={form} path="addresses" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('companies:fields.website')}
            placeholder="www.primer.si"
            {...form.getInputProps('website')}
          />
          <TextInput label={t('companies:fields.industry')} {...form.getInputProps('industry')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RecordSelect
            object="companies"
            label={t('companies:fields.parentId')}
            value={values.parentId}
            initialLabel={record?.parentName ?? null}
            onChange={(v) => form.setFieldValue('parentId', v)}
            error={form.errors.parentId as string | undefined}
            {...(record ? { excludeId: record.id } : {})}
          />
          <UserSelect
            label={t('common:record.owner')}
            value={values.ownerId}
            onChange={(v) => form.setFieldValue('ownerId', v)}
            error={form.errors.ownerId as string | undefined}
          />
        </SimpleGrid>
        <TagsInput label={t('common:record.tags')} {...form.getInputProps('tags')} />
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
