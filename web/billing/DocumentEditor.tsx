import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  documentTotals,
  scaledDecimal,
  type DocumentType,
  type VatGroup,
} from '../../common/billing/totals.js';
import { CURRENCIES, LOCALES, LOCALE_NAMES } from '../../common/locales.js';
import { useMe } from '../app/session.js';
import { ApiError, get, patch, post } from '../lib/api.js';
import { formatMoney } from '../lib/format.js';
import {
  collectionOf,
  fromDecimalInput,
  toDecimalInput,
  type CustomerRef,
  type DocumentOut,
  type FinanceOut,
} from './api.js';
import { CustomerPicker, ProductPicker, useVatRates } from './pickers.js';

interface LineDraft {
  key: string;
  productId: string | null;
  productLabel: string | null;
  description: string;
  quantity: string;
  unit: string;
  price: string;
  unitCost: number | null;
  discountPercent: string;
  vatRate: string;
}

export interface DocumentDraft {
  type: DocumentType;
  customer: CustomerRef | null;
  currency: string;
  language: string | null;
  series: string;
  issueDate: string;
  dueDate: string;
  deliveryDate: string;
  validUntil: string;
  placeOfIssue: string;
  notes: string;
  dealId: string | null;
  lines: LineDraft[];
}

let lineCounter = 0;
const newKey = () => `line-${(lineCounter += 1)}`;

export function emptyLine(): LineDraft {
  return {
    key: newKey(),
    productId: null,
    productLabel: null,
    description: '',
    quantity: '1',
    unit: '',
    price: '',
    unitCost: null,
    discountPercent: '0',
    vatRate: '',
  };
}

export function draftFromDocument(doc: DocumentOut): DocumentDraft {
  return {
    type: doc.type,
    customer: { type: doc.customerType, id: doc.customerId, name: doc.customerName },
    currency: doc.currency,
    language: doc.language,
    series: doc.series,
    issueDate: doc.issueDate ?? '',
    dueDate: doc.dueDate ?? '',
    deliveryDate: doc.deliveryDate ?? '',
    validUntil: doc.validUntil ?? '',
    placeOfIssue: doc.placeOfIssue ?? '',
    notes: doc.notes ?? '',
    dealId: doc.dealId,
    lines: (doc.lines ?? []).map((l) => ({
      key: newKey(),
      productId: l.productId,
      productLabel: l.productId ? l.description : null,
      description: l.description,
      quantity: String(Number(l.quantity)),
      unit: l.unit,
      price: toDecimalInput(l.unitPrice, doc.currency),
      unitCost: l.unitCost,
      discountPercent: String(Number(l.discountPercent)),
      vatRate: String(Number(l.vatRate)),
    })),
  };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const decimalOk = (v: string, digits: number) =>
  scaledDecimal(v.replace(',', '.'), digits) !== null;
const dot = (v: string) => v.trim().replace(',', '.');

/** The API body of the draft (lines with prices in minor units). */
function bodyOf(draft: DocumentDraft, existing: boolean) {
  const nullable = (v: string) => (v.trim() ? v.trim() : null);
  return {
    ...(existing
      ? {}
      : {
          type: draft.type,
          customerType: draft.customer?.type,
          customerId: draft.customer?.id,
        }),
    currency: draft.currency,
    ...(draft.language ? { language: draft.language } : {}),
    series: draft.series.trim(),
    issueDate: nullable(draft.issueDate),
    dueDate: nullable(draft.dueDate),
    deliveryDate: nullable(draft.deliveryDate),
    validUntil: nullable(draft.validUntil),
    placeOfIssue: nullable(draft.placeOfIssue),
    notes: nullable(draft.notes),
    dealId: draft.dealId,
    lines: draft.lines.map((l) => ({
      productId: l.productId,
      description: l.description,
      quantity: dot(l.quantity),
      unit: l.unit,
      unitPrice: fromDecimalInput(l.price, draft.currency) ?? Number.NaN,
      unitCost: l.unitCost,
      discountPercent: dot(l.discountPercent) || '0',
      vatRate: dot(l.vatRate) || '0',
    })),
  };
}

/** Live totals by the same function the server uses; the saved document shows the server's. */
function liveTotals(draft: DocumentDraft) {
  const usable = draft.lines
    .map((l) => ({
      quantity: dot(l.quantity),
      unitPrice: fromDecimalInput(l.price, draft.currency),
      discountPercent: dot(l.discountPercent) || '0',
      vatRate: dot(l.vatRate) || '0',
    }))
    .filter(
      (l): l is typeof l & { unitPrice: number } =>
        l.unitPrice !== null &&
        decimalOk(l.quantity, 3) &&
        decimalOk(l.discountPercent, 2) &&
        decimalOk(l.vatRate, 2),
    );
  return documentTotals(usable);
}

export function TotalsTable(props: {
  byRate: VatGroup[];
  net: number;
  vat: number;
  gross: number;
  currency: string;
  paid?: number;
}) {
  const { t } = useTranslation();
  const m = (v: number) => formatMoney(v, props.currency);
  return (
    <Table withTableBorder={false} fz="sm" maw={460} ml="auto" data-testid="totals">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('billing:fields.vatRate')}</Table.Th>
          <Table.Th ta="right">{t('billing:fields.base')}</Table.Th>
          <Table.Th ta="right">{t('billing:fields.vat')}</Table.Th>
          <Table.Th ta="right">{t('billing:fields.gross')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.byRate.map((g) => (
          <Table.Tr key={g.rate} data-testid={`vat-group-${g.rate}`}>
            <Table.Td>{g.rate} %</Table.Td>
            <Table.Td ta="right">{m(g.net)}</Table.Td>
            <Table.Td ta="right">{m(g.vat)}</Table.Td>
            <Table.Td ta="right">{m(g.gross)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td fw={600}>{t('billing:fields.gross')}</Table.Td>
          <Table.Td ta="right" fw={600}>
            {m(props.net)}
          </Table.Td>
          <Table.Td ta="right" fw={600}>
            {m(props.vat)}
          </Table.Td>
          <Table.Td ta="right" fw={700} data-testid="gross-total">
            {m(props.gross)}
          </Table.Td>
        </Table.Tr>
        {props.paid !== undefined && props.paid > 0 && (
          <Table.Tr>
            <Table.Td colSpan={3}>{t('billing:totals.open')}</Table.Td>
            <Table.Td ta="right" fw={700} data-testid="open-total">
              {m(props.gross - props.paid)}
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The draft editor: customer, dates, currency, language and lines. Saving creates the draft (or
 * updates it); totals per VAT rate are computed live by the shared function and replaced by the
 * server's on every save.
 */
export function DocumentEditor(props: {
  initial: DocumentDraft;
  document?: DocumentOut;
  onSaved: (doc: DocumentOut) => void;
  /** Extra buttons (issue, delete, PDF) next to Save. */
  actions?: (state: { dirty: boolean; saving: boolean }) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const vatRates = useVatRates();
  const [draft, setDraft] = useState<DocumentDraft>(props.initial);
  const [dirty, setDirty] = useState(!props.document);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [warnings, setWarnings] = useState(props.document?.warnings ?? []);
  const dueTouched = useRef(Boolean(props.initial.dueDate));
  const existing = props.document;

  const terms = useQuery({
    queryKey: ['billing', 'finance', draft.customer?.type, draft.customer?.id],
    queryFn: () =>
      get<FinanceOut>(`/customers/${draft.customer?.type}/${draft.customer?.id}/finance`),
    enabled: Boolean(draft.customer),
  });
  const termsDays = terms.data?.paymentTermsDays ?? null;
  const hasDue = draft.type === 'invoice' || draft.type === 'proforma';

  const update = (patchValues: Partial<DocumentDraft>) => {
    setDraft((d) => ({ ...d, ...patchValues }));
    setDirty(true);
  };
  const updateLine = (key: string, values: Partial<LineDraft>) =>
    update({ lines: draft.lines.map((l) => (l.key === key ? { ...l, ...values } : l)) });

  // Due date from the customer's payment terms, until the user sets one.
  useEffect(() => {
    if (!hasDue || dueTouched.current || termsDays === null || !draft.issueDate) return;
    const due = addDays(draft.issueDate, termsDays);
    if (due !== draft.dueDate) setDraft((d) => ({ ...d, dueDate: due }));
  }, [hasDue, termsDays, draft.issueDate, draft.dueDate]);

  const defaultVat = vatRates.find((r) => r.isDefault)?.rate;
  useEffect(() => {
    if (defaultVat === undefined) return;
    setDraft((d) =>
      d.lines.some((l) => l.vatRate === '')
        ? {
            ...d,
            lines: d.lines.map((l) =>
              l.vatRate === '' ? { ...l, vatRate: String(defaultVat) } : l,
            ),
          }
        : d,
    );
  }, [defaultVat]);

  const save = useMutation({
    mutationFn: async () => {
      const body = bodyOf(draft, Boolean(existing));
      if (existing)
        return patch<DocumentOut>(`/${collectionOf(existing.type)}/${existing.id}`, body, {
          headers: { 'if-match': String(existing.version) },
        });
      return post<DocumentOut>(`/${collectionOf(draft.type)}`, body);
    },
    onSuccess: (doc) => {
      setErrors({});
      setDirty(false);
      setWarnings(doc.warnings ?? []);
      props.onSaved(doc);
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    },
  });

  const totals = useMemo(() => liveTotals(draft), [draft]);
  const shown =
    !dirty && existing
      ? {
          byRate: existing.vatBreakdown,
          net: existing.netTotal,
          vat: existing.vatTotal,
          gross: existing.grossTotal,
        }
      : { byRate: totals.byRate, net: totals.net, vat: totals.vat, gross: totals.gross };
  const lineNet = (l: LineDraft) => {
    const price = fromDecimalInput(l.price, draft.currency);
    if (price === null || !decimalOk(dot(l.quantity), 3)) return null;
    return documentTotals([
      {
        quantity: dot(l.quantity),
        unitPrice: price,
        discountPercent: decimalOk(dot(l.discountPercent), 2) ? dot(l.discountPercent) : '0',
        vatRate: '0',
      },
    ]).net;
  };
  const vatOptions = [
    ...new Set([...vatRates.map((r) => String(r.rate)), ...draft.lines.map((l) => l.vatRate)]),
  ]
    .filter(Boolean)
    .map((rate) => ({ value: rate, label: `${rate} %` }));
  const generalError = Object.entries(errors).find(
    ([path]) => !path.startsWith('lines.') && !['issueDate', 'dueDate'].includes(path),
  );

  return (
    <Stack gap="md">
      {warnings.map((w) => (
        <Alert key={w.code} color="orange" data-testid={`warning-${w.code}`}>
          {w.message}
        </Alert>
      ))}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <CustomerPicker
            value={draft.customer}
            onChange={(customer) => update({ customer })}
            error={errors.customerId}
            disabled={Boolean(existing)}
          />
          <Select
            label={t('billing:fields.currency')}
            data={[...new Set([...CURRENCIES, draft.currency])]}
            value={draft.currency}
            onChange={(v) => v && update({ currency: v })}
            error={errors.currency}
            data-testid="doc-currency"
          />
          <Select
            label={t('billing:fields.language')}
            placeholder={t('billing:customerLanguage')}
            data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            value={draft.language}
            onChange={(v) => update({ language: v })}
            clearable
          />
          <TextInput
            label={t('billing:fields.series')}
            value={draft.series}
            onChange={(e) => update({ series: e.currentTarget.value })}
            error={errors.series}
          />
          <TextInput
            type="date"
            label={t('billing:fields.issueDate')}
            description={t('billing:issueDateHint')}
            value={draft.issueDate}
            onChange={(e) => update({ issueDate: e.currentTarget.value })}
            error={errors.issueDate}
            data-testid="doc-issueDate"
          />
          {hasDue && (
            <TextInput
              type="date"
              label={t('billing:fields.dueDate')}
              description={
                termsDays !== null ? t('billing:termsHint', { count: termsDays }) : undefined
              }
              value={draft.dueDate}
              onChange={(e) => {
                dueTouched.current = true;
                update({ dueDate: e.currentTarget.value });
              }}
              error={errors.dueDate}
              data-testid="doc-dueDate"
            />
          )}
          {draft.type === 'quote' && (
            <TextInput
              type="date"
              label={t('billing:fields.validUntil')}
              value={draft.validUntil}
              onChange={(e) => update({ validUntil: e.currentTarget.value })}
            />
          )}
          {draft.type !== 'quote' && (
            <TextInput
              type="date"
              label={t('billing:fields.deliveryDate')}
              value={draft.deliveryDate}
              onChange={(e) => update({ deliveryDate: e.currentTarget.value })}
            />
          )}
          <TextInput
            label={t('billing:fields.placeOfIssue')}
            value={draft.placeOfIssue}
            onChange={(e) => update({ placeOfIssue: e.currentTarget.value })}
          />
        </SimpleGrid>
      </Card>

      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing={4} data-testid="lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={220}>{t('billing:fields.product')}</Table.Th>
                <Table.Th>{t('billing:fields.description')}</Table.Th>
                <Table.Th w={80}>{t('billing:fields.quantity')}</Table.Th>
                <Table.Th w={70}>{t('billing:fields.unit')}</Table.Th>
                <Table.Th w={110}>{t('billing:fields.unitPrice')}</Table.Th>
                <Table.Th w={80}>{t('billing:fields.discountPercent')}</Table.Th>
                <Table.Th w={100}>{t('billing:fields.vatRate')}</Table.Th>
                <Table.Th w={110} ta="right">
                  {t('billing:fields.net')}
                </Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.lines.map((line, index) => {
                const err = (field: string) => errors[`lines.${index}.${field}`];
                const net = lineNet(line);
                return (
                  <Table.Tr key={line.key} data-testid="line-row">
                    <Table.Td>
                      <ProductPicker
                        value={line.productId}
                        label={line.productLabel}
                        testId={`line-${index}-product`}
                        onPick={(p) =>
                          updateLine(
                            line.key,
                            p
                              ? {
                                  productId: p.id,
                                  productLabel: `${p.displayName} · ${p.sku}`,
                                  description: p.displayName,
                                  unit: p.unit,
                                  price:
                                    p.currency === draft.currency
                                      ? toDecimalInput(p.price, p.currency)
                                      : line.price,
                                  unitCost: p.currency === draft.currency ? p.costPrice : null,
                                  vatRate: p.vatRate === null ? line.vatRate : String(p.vatRate),
                                }
                              : { productId: null, productLabel: null },
                          )
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('billing:fields.description')}
                        value={line.description}
                        onChange={(e) =>
                          updateLine(line.key, { description: e.currentTarget.value })
                        }
                        error={err('description')}
                        data-testid={`line-${index}-description`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('billing:fields.quantity')}
                        value={line.quantity}
                        onChange={(e) => updateLine(line.key, { quantity: e.currentTarget.value })}
                        error={err('quantity')}
                        data-testid={`line-${index}-quantity`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('billing:fields.unit')}
                        value={line.unit}
                        onChange={(e) => updateLine(line.key, { unit: e.currentTarget.value })}
                        error={err('unit')}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('billing:fields.unitPrice')}
                        value={line.price}
                        onChange={(e) => updateLine(line.key, { price: e.currentTarget.value })}
                        error={
                          err('unitPrice') ??
                          (line.price && fromDecimalInput(line.price, draft.currency) === null
                            ? t('billing:invalidAmount')
                            : undefined)
                        }
                        data-testid={`line-${index}-price`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('billing:fields.discountPercent')}
                        value={line.discountPercent}
                        onChange={(e) =>
                          updateLine(line.key, { discountPercent: e.currentTarget.value })
                        }
                        error={err('discountPercent')}
                        data-testid={`line-${index}-discount`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={t('billing:fields.vatRate')}
                        data={vatOptions}
                        value={line.vatRate || null}
                        onChange={(v) => updateLine(line.key, { vatRate: v ?? '' })}
                        error={err('vatRate')}
                        data-testid={`line-${index}-vat`}
                      />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" data-testid={`line-${index}-net`}>
                        {net === null ? '—' : formatMoney(net, draft.currency)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('billing:removeLine')}
                        onClick={() =>
                          update({ lines: draft.lines.filter((l) => l.key !== line.key) })
                        }
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group p="xs" justify="space-between">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              update({
                lines: [
                  ...draft.lines,
                  { ...emptyLine(), vatRate: defaultVat === undefined ? '' : String(defaultVat) },
                ],
              })
            }
            data-testid="add-line"
          >
            {t('billing:addLine')}
          </Button>
          {errors.lines && (
            <Text c="red" size="sm">
              {errors.lines}
            </Text>
          )}
        </Group>
      </Card>

      <Group align="flex-start" justify="space-between" wrap="wrap">
        <Textarea
          label={t('billing:fields.notes')}
          value={draft.notes}
          onChange={(e) => update({ notes: e.currentTarget.value })}
          autosize
          minRows={3}
          w={{ base: '100%', md: 420 }}
        />
        <Stack gap={4}>
          <TotalsTable {...shown} currency={draft.currency} />
          <Text size="xs" c="dimmed" ta="right">
            {dirty ? t('billing:totalsLive') : t('billing:totalsServer')}
          </Text>
        </Stack>
      </Group>

      {generalError && (
        <Alert color="red" data-testid="editor-error">
          {generalError[1]}
        </Alert>
      )}
      {save.error && !(save.error instanceof ApiError && save.error.details.length) && (
        <Alert color="red">{save.error.message}</Alert>
      )}
      <Group justify="flex-end">
        {props.actions?.({ dirty, saving: save.isPending })}
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!draft.customer || (!dirty && Boolean(existing))}
          data-testid="save-document"
        >
          {t('billing:saveDraft')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('billing:workspaceCurrency', { currency: me.workspace.currency })}
      </Text>
    </Stack>
  );
}
