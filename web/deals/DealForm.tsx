import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { CURRENCIES } from '../../common/locales.js';
import type { DealOut } from '../../server/deals/schema.js';
import { useMe } from '../app/session.js';
import { useFieldDefinitions } from '../records/fields.js';
import { CustomFieldsInputs } from '../records/form/CustomFieldsInputs.js';
import { RecordSelect, UserSelect } from '../records/form/inputs.js';
import { clean, useSave } from '../records/form/useSave.js';
import type { FormProps } from '../records/types.js';
import { toMajor, toMinor, usePipelines } from './queries.js';

/** New deal or edit of one; `pipelineId`/`stageId` preset the stage (board's "New deal"). */
export function DealForm({
  record,
  onSaved,
  onCancel,
  pipelineId,
}: FormProps<DealOut> & { pipelineId?: string | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const defs = useFieldDefinitions('deals');
  const pipelines = usePipelines();
  const hasLines = Boolean(record?.lines?.length);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      title: record?.title ?? '',
      companyId: record?.companyId ?? null,
      contactId: record?.contactId ?? null,
      pipelineId: record?.pipelineId ?? pipelineId ?? pipelines[0]?.id ?? null,
      stageId: record?.stageId ?? null,
      amount: record ? toMajor(record.amount) : '',
      currency: record?.currency ?? me.workspace.currency,
      expectedCloseDate: record?.expectedCloseDate ?? null,
      probability: record?.probabilityOverride ?? '',
      source: record?.source ?? '',
      campaign: record?.campaign ?? '',
      tags: record?.tags ?? [],
      ownerId: record ? record.ownerId : me.user.id,
      custom: record?.custom ?? {},
    },
  });
  const save = useSave('deals', form, record, onSaved);
  const values = form.getValues();
  const pipeline = pipelines.find((p) => p.id === values.pipelineId);
  const stages = pipeline?.stages ?? [];
  const stage = stages.find((s) => s.id === values.stageId);

  const submit = (v: typeof values) => {
    const body: Record<string, unknown> = clean({
      ...v,
      amount: v.amount === '' ? undefined : toMinor(v.amount),
      probability: v.probability === '' ? null : Number(v.probability),
    });
    if (!body.stageId) delete body.stageId;
    if (hasLines) {
      delete body.amount;
      delete body.currency;
    }
    if (record && record.stageId === body.stageId) delete body.stageId;
    if (record && record.pipelineId === body.pipelineId) delete body.pipelineId;
    save.mutate(body);
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <TextInput
          label={t('deals:fields.title')}
          autoFocus
          required
          data-testid="deal-title"
          {...form.getInputProps('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RecordSelect
            object="companies"
            label={t('deals:fields.companyId')}
            value={values.companyId}
            initialLabel={record?.companyName ?? null}
            onChange={(v) => form.setFieldValue('companyId', v)}
            error={form.errors.companyId as string | undefined}
          />
          <RecordSelect
            object="contacts"
            label={t('deals:fields.contactId')}
            value={values.contactId}
            initialLabel={record?.contactName ?? null}
            onChange={(v) => form.setFieldValue('contactId', v)}
            error={form.errors.contactId as string | undefined}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('deals:fields.pipelineId')}
            data={pipelines.map((p) => ({ value: p.id, label: p.displayName }))}
            value={values.pipelineId}
            onChange={(v) => {
              form.setFieldValue('pipelineId', v);
              form.setFieldValue('stageId', null);
            }}
            error={form.errors.pipelineId as string | undefined}
            allowDeselect={false}
          />
          <Select
            label={t('deals:fields.stageId')}
            placeholder={stages.find((s) => s.kind === 'open')?.displayName}
            data={stages.map((s) => ({ value: s.id, label: s.displayName }))}
            value={values.stageId}
            onChange={(v) => form.setFieldValue('stageId', v)}
            error={form.errors.stageId as string | undefined}
            clearable
            data-testid="deal-stage"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('deals:fields.amount')}
            min={0}
            decimalScale={2}
            thousandSeparator=" "
            disabled={hasLines}
            description={hasLines ? t('deals:lines.amountFromLines') : undefined}
            data-testid="deal-amount"
            {...form.getInputProps('amount')}
          />
          <Select
            label={t('deals:fields.currency')}
            data={[...CURRENCIES]}
            disabled={hasLines}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          <NumberInput
            label={t('deals:fields.probability')}
            min={0}
            max={100}
            suffix=" %"
            placeholder={stage ? `${stage.probability} %` : undefined}
            {...form.getInputProps('probability')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateInput
            label={t('deals:fields.expectedCloseDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...form.getInputProps('expectedCloseDate')}
          />
          <UserSelect
            label={t('common:record.owner')}
            value={values.ownerId}
            onChange={(v) => form.setFieldValue('ownerId', v)}
            error={form.errors.ownerId as string | undefined}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('deals:fields.source')} {...form.getInputProps('source')} />
          <TextInput label={t('deals:fields.campaign')} {...form.getInputProps('campaign')} />
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
