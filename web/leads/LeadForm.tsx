import {
  Accordion,
  Alert,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../common/records.js';
import type { LeadOut } from '../../server/leads/schema.js';
import { useMe } from '../app/session.js';
import { DuplicateWarning } from '../records/DuplicateWarning.js';
import { useFieldDefinitions } from '../records/fields.js';
import { CustomFieldsInputs } from '../records/form/CustomFieldsInputs.js';
import { UserSelect } from '../records/form/inputs.js';
import { clean, useSave } from '../records/form/useSave.js';
import type { FormProps } from '../records/types.js';

export function LeadForm({ record, onSaved, onCancel }: FormProps<LeadOut>) {
  const { t } = useTranslation();
  const me = useMe();
  const defs = useFieldDefinitions('leads');
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: record?.name ?? '',
      companyName: record?.companyName ?? '',
      email: record?.email ?? '',
      phone: record?.phoneFormatted ?? '',
      source: record?.source ?? 'web_form',
      message: record?.message ?? '',
      status: record && record.status !== 'converted' ? record.status : 'new',
      disqualifyReason: record?.disqualifyReason ?? '',
      utmSource: record?.utmSource ?? '',
      utmMedium: record?.utmMedium ?? '',
      utmCampaign: record?.utmCampaign ?? '',
      utmTerm: record?.utmTerm ?? '',
      utmContent: record?.utmContent ?? '',
      ownerId: record ? record.ownerId : me.user.id,
      tags: record?.tags ?? [],
      custom: record?.custom ?? {},
    },
  });
  const save = useSave('leads', form, record, onSaved);
  const values = form.getValues();
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(clean(v)))} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('leads:fields.name')}
            autoFocus
            data-testid="lead-name"
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('leads:fields.companyName')}
            data-testid="lead-company"
            {...form.getInputProps('companyName')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('common:fields.email')}
            type="email"
            data-testid="lead-email"
            {...form.getInputProps('email')}
          />
          <TextInput label={t('common:fields.phone')} type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        {!record && (
          <DuplicateWarning
            object="leads"
            name={values.name}
            companyName={values.companyName}
            emails={[values.email]}
            phones={[values.phone]}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('leads:fields.source')}
            data={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads:sources.${s}`) }))}
            allowDeselect={false}
            {...form.getInputProps('source')}
          />
          <Select
            label={t('leads:fields.status')}
            data={LEAD_STATUSES.filter((s) => s !== 'converted').map((s) => ({
              value: s,
              label: t(`leads:statuses.${s}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
        </SimpleGrid>
        {values.status === 'disqualified' && (
          <TextInput
            label={t('leads:fields.disqualifyReason')}
            required
            {...form.getInputProps('disqualifyReason')}
          />
        )}
        <Textarea
          label={t('leads:fields.message')}
          autosize
          minRows={2}
          {...form.getInputProps('message')}
        />
        <Accordion variant="contained">
          <Accordion.Item value="utm">
            <Accordion.Control>{t('leads:campaign')}</Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {(['utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent'] as const).map(
                  (f) => (
                    <TextInput key={f} label={t(`leads:fields.${f}`)} {...form.getInputProps(f)} />
                  ),
                )}
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <UserSelect
            label={t('common:record.owner')}
            value={values.ownerId}
            onChange={(v) => form.setFieldValue('ownerId', v)}
            error={form.errors.ownerId as string | undefined}
          />
          <TagsInput label={t('common:record.tags')} {...form.getInputProps('tags')} />
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
