import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Code,
  FileInput,
  Grid,
  Group,
  Image,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, type DocumentType } from '../../common/billing/totals.js';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../common/locales.js';
import { useMe } from '../app/session.js';
import { currentLocale } from '../lib/i18n.js';
import { ApiError, api, get } from '../lib/api.js';
import type { TemplateOut } from './api.js';

const FIELDS = ['companyBlock', 'intro', 'bankAccounts', 'footer'] as const;

/** Administrators edit the document templates per type and language, with a PDF preview. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [type, setType] = useState<DocumentType>('invoice');
  const [language, setLanguage] = useState<Locale>(currentLocale());
  const templates = useQuery({
    queryKey: ['billing', 'templates'],
    queryFn: () => get<{ data: TemplateOut[]; placeholders: string[] }>('/document-templates'),
  });
  const current = templates.data?.data.find((x) => x.type === type && x.language === language);
  if (me.user.role !== 'admin')
    return <Alert color="orange">{t('billing:templates.adminOnly')}</Alert>;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/billing" size="sm">
          {t('billing:title')}
        </Anchor>
        <Text size="sm">{t('billing:templates.title')}</Text>
      </Breadcrumbs>
      <Title order={2}>{t('billing:templates.title')}</Title>
      <Group>
        <Select
          label={t('billing:fields.type')}
          data={DOCUMENT_TYPES.map((x) => ({ value: x, label: t(`billing:types.${x}`) }))}
          value={type}
          onChange={(v) => v && setType(v)}
          data-testid="template-type"
        />
        <Select
          label={t('billing:fields.language')}
          data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          value={language}
          onChange={(v) => v && setLanguage(v)}
          data-testid="template-language"
        />
      </Group>
      {current && (
        <TemplateForm
          key={`${type}/${language}/${current.updatedAt ?? 'default'}`}
          template={current}
          placeholders={templates.data?.placeholders ?? []}
        />
      )}
    </Stack>
  );
}

function TemplateForm({
  template,
  placeholders,
}: {
  template: TemplateOut;
  placeholders: string[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    companyBlock: template.companyBlock,
    intro: template.intro,
    footer: template.footer,
    bankAccounts: template.bankAccounts,
    logo: template.logo,
    amountInWords: template.amountInWords,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [previewVersion, setPreviewVersion] = useState(0);
  const save = useMutation({
    mutationFn: () =>
      api<TemplateOut>('PUT', `/document-templates/${template.type}/${template.language}`, values),
    onSuccess: async () => {
      setErrors({});
      notifications.show({ color: 'green', message: t('billing:templates.saved') });
      setPreviewVersion((v) => v + 1);
      await queryClient.invalidateQueries({ queryKey: ['billing', 'templates'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    },
  });
  const readLogo = (file: File | null) => {
    if (!file) return setValues((v) => ({ ...v, logo: null }));
    const reader = new FileReader();
    reader.onload = () =>
      setValues((v) => ({
        ...v,
        logo: typeof reader.result === 'string' ? reader.result : null,
      }));
    reader.readAsDataURL(file);
  };
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Card withBorder>
          <Stack gap="sm">
            {FIELDS.map((field) => (
              <Textarea
                key={field}
                label={t(`billing:templates.fields.${field}`)}
                value={values[field]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setValues((v) => ({ ...v, [field]: value }));
                }}
                error={errors[field]}
                autosize
                minRows={field === 'intro' ? 2 : 3}
                styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
                data-testid={`template-${field}`}
              />
            ))}
            <Group align="flex-end">
              <FileInput
                label={t('billing:templates.fields.logo')}
                accept="image/png,image/jpeg"
                onChange={readLogo}
                clearable
                w={260}
                error={errors.logo}
              />
              {values.logo && <Image src={values.logo} h={48} w="auto" fit="contain" alt="" />}
              {values.logo && (
                <Button variant="subtle" size="xs" onClick={() => readLogo(null)}>
                  {t('billing:templates.removeLogo')}
                </Button>
              )}
            </Group>
            <Switch
              label={t('billing:templates.fields.amountInWords')}
              checked={values.amountInWords}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setValues((v) => ({ ...v, amountInWords: checked }));
              }}
              data-testid="template-amountInWords"
            />
            <Text size="xs" c="dimmed">
              {t('billing:templates.placeholders')}{' '}
              {placeholders.map((p) => (
                <Code key={p} mr={4}>{`{{${p}}}`}</Code>
              ))}
            </Text>
            <Group justify="flex-end">
              <Button
                onClick={() => save.mutate()}
                loading={save.isPending}
                data-testid="save-template"
              >
                {t('common:actions.save')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Card withBorder p={0}>
          <Text size="sm" p="xs" c="dimmed">
            {template.custom
              ? t('billing:templates.previewSaved')
              : t('billing:templates.previewDefault')}
          </Text>
          <iframe
            key={previewVersion}
            title={t('billing:pdfPreview')}
            src={`/api/v1/document-templates/${template.type}/${template.language}/preview?v=${previewVersion}`}
            style={{ width: '100%', height: '70vh', border: 0 }}
            data-testid="template-preview"
          />
        </Card>
      </Grid.Col>
    </Grid>
  );
}
