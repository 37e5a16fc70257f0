import { Alert, Button, Checkbox, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadOut } from '../../server/leads/schema.js';
import { post } from '../lib/api.js';
import { DuplicateList, useDuplicates } from '../records/DuplicateWarning.js';

/** Lead → contact (+ organization) in one step, offering the duplicates found instead. */
export function ConvertLead({ record }: { record: LeadOut }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [contactChoice, setContactChoice] = useState('new');
  const [companyChoice, setCompanyChoice] = useState('new');
  const duplicates = useDuplicates(
    open
      ? {
          name: record.name,
          companyName: record.companyName ?? '',
          emails: record.email ? [record.email] : [],
          phones: record.phone ? [record.phone] : [],
          excludeId: record.id,
        }
      : {},
  );
  const contacts = (duplicates.data ?? []).filter((d) => d.type === 'contacts');
  const companies = (duplicates.data ?? []).filter((d) => d.type === 'companies');
  const convert = useMutation({
    mutationFn: () =>
      post<{ contactId: string }>(`/leads/${record.id}/convert`, {
        ...(contactChoice !== 'new' ? { contactId: contactChoice } : {}),
        ...(companyChoice !== 'new' && companyChoice !== 'none'
          ? { companyId: companyChoice }
          : {}),
        createCompany: companyChoice === 'new',
      }),
    onSuccess: async (result) => {
      setOpen(false);
      await queryClient.invalidateQueries();
      await navigate({ to: '/contacts/$id', params: { id: result.contactId } });
    },
  });
  if (record.status === 'converted' || record.status === 'disqualified') return null;
  return (
    <>
      <Button
        size="xs"
        leftSection={<IconArrowRight size={14} />}
        onClick={() => setOpen(true)}
        data-testid="convert-lead"
      >
        {t('leads:convert.button')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('leads:convert.title')}
        size="lg"
      >
        <Stack>
          <Text size="sm">{t('leads:convert.text')}</Text>
          {(duplicates.data ?? []).length > 0 && (
            <Alert color="yellow" title={t('common:duplicates.title')}>
              <DuplicateList matches={duplicates.data ?? []} />
            </Alert>
          )}
          <Radio.Group
            label={t('leads:convert.contact')}
            value={contactChoice}
            onChange={setContactChoice}
          >
            <Stack gap={4} mt={4}>
              <Radio
                value="new"
                label={t('leads:convert.newContact', { name: record.name || record.email || '' })}
              />
              {contacts.map((c) => (
                <Radio
                  key={c.id}
                  value={c.id}
                  label={t('leads:convert.linkTo', { name: c.title })}
                />
              ))}
            </Stack>
          </Radio.Group>
          {(record.companyName || companies.length > 0) && (
            <Radio.Group
              label={t('leads:convert.company')}
              value={companyChoice}
              onChange={setCompanyChoice}
            >
              <Stack gap={4} mt={4}>
                {record.companyName && (
                  <Radio
                    value="new"
                    label={t('leads:convert.newCompany', { name: record.companyName })}
                  />
                )}
                {companies.map((c) => (
                  <Radio
                    key={c.id}
                    value={c.id}
                    label={t('leads:convert.linkTo', { name: c.title })}
                  />
                ))}
                <Radio value="none" label={t('leads:convert.noCompany')} />
              </Stack>
            </Radio.Group>
          )}
          <Checkbox label={t('leads:convert.keepHistory')} checked readOnly />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common:actions.cancel')}
            </Button>
            <Button
              onClick={() => convert.mutate()}
              loading={convert.isPending}
              data-testid="confirm-convert"
            >
              {t('leads:convert.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
