import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Center,
  Grid,
  Group,
  Loader,
  Menu,
  Modal,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconCash,
  IconChevronDown,
  IconDownload,
  IconFileText,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TRANSITIONS,
  type DocumentStatus,
  type DocumentType,
} from '../../common/billing/totals.js';
import { AnchorLink } from '../app/links.js';
import { useMe } from '../app/session.js';
import { ApiError, del, get, post } from '../lib/api.js';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.js';
import {
  collectionOf,
  pdfUrl,
  STATUS_COLORS,
  type Collection,
  type DocumentOut,
  type PaymentOut,
} from './api.js';
import {
  DocumentEditor,
  draftFromDocument,
  emptyLine,
  TotalsTable,
  type DocumentDraft,
} from './DocumentEditor.js';
import { RecordPayment } from './RecordPayment.js';
import { SendByEmail } from './SendByEmail.js';

export const documentKey = (id: string) => ['billing', 'document', id];

/** Conversions offered per type and status (the server has the same rules). */
const CONVERSIONS: Partial<Record<DocumentType, { from: DocumentStatus[]; to: DocumentType[] }>> = {
  quote: { from: ['accepted'], to: ['order', 'invoice', 'proforma'] },
  order: { from: ['confirmed', 'fulfilled'], to: ['invoice', 'proforma'] },
  proforma: { from: ['issued'], to: ['invoice'] },
  invoice: { from: ['issued', 'partially_paid', 'paid'], to: ['credit_note'] },
};

export function StatusBadge({ doc }: { doc: Pick<DocumentOut, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={STATUS_COLORS[doc.status] ?? 'gray'} variant="light" data-testid="doc-status">
        {t(`billing:statuses.${doc.status}`)}
      </Badge>
      {doc.overdue && (
        <Badge color="red" variant="filled">
          {t('billing:statuses.overdue')}
        </Badge>
      )}
    </Group>
  );
}

function PdfPreview({ url, onClose }: { url: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={Boolean(url)} onClose={onClose} size="70rem" title={t('billing:pdfPreview')}>
      {url && (
        <iframe
          src={url}
          title={t('billing:pdfPreview')}
          style={{ width: '100%', height: '75vh', border: 0 }}
          data-testid="pdf-frame"
        />
      )}
    </Modal>
  );
}

export function NewDocumentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const search = useSearch({ strict: false });
  const type = search.type ?? 'invoice';
  const initial: DocumentDraft = {
    type,
    customer:
      search.customerType && search.customerId
        ? {
            type: search.customerType,
            id: search.customerId,
            name: search.customerName ?? '',
          }
        : null,
    currency: me.workspace.currency,
    language: null,
    series: '',
    issueDate: '',
    dueDate: '',
    deliveryDate: '',
    validUntil: '',
    placeOfIssue: '',
    notes: '',
    dealId: null,
    lines: [emptyLine()],
  };
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/billing" size="sm">
          {t('billing:title')}
        </Anchor>
        <Text size="sm">{t('billing:newOf', { type: t(`billing:types.${type}`) })}</Text>
      </Breadcrumbs>
      <Title order={2}>{t('billing:newOf', { type: t(`billing:types.${type}`) })}</Title>
      <DocumentEditor
        initial={initial}
        onSaved={(doc) =>
          void navigate({
            to: '/billing/$collection/$id',
            params: { collection: collectionOf(doc.type), id: doc.id },
          })
        }
      />
    </Stack>
  );
}

export function DocumentPage() {
  const { t } = useTranslation();
  const params = useParams({ strict: false });
  const collection = (params.collection ?? 'invoices') as Collection;
  const id = params.id ?? '';
  const doc = useQuery({
    queryKey: documentKey(id),
    queryFn: () => get<DocumentOut>(`/${collection}/${id}`),
  });
  if (doc.isLoading)
    return (
      <Center h={300}>
        <Loader />
      </Center>
    );
  if (!doc.data)
    return (
      <Center h={300}>
        <Text>{doc.error?.message ?? t('common:notFound.text')}</Text>
      </Center>
    );
  return <DocumentScreen doc={doc.data} />;
}

function DocumentScreen({ doc }: { doc: DocumentOut }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pdf, setPdf] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [emailing, setEmailing] = useState(false);
  const collection = collectionOf(doc.type);
  const title = doc.number
    ? `${t(`billing:types.${doc.type}`)} ${doc.number}`
    : `${t(`billing:types.${doc.type}`)} (${t('billing:draft')})`;

  const refresh = async (next?: DocumentOut) => {
    if (next) queryClient.setQueryData(documentKey(doc.id), next);
    await queryClient.invalidateQueries({ queryKey: ['billing'] });
  };
  const fail = (error: Error) =>
    notifications.show({
      color: 'red',
      message:
        error instanceof ApiError && error.details[0] ? error.details[0].message : error.message,
    });
  const issue = useMutation({
    mutationFn: () => post<DocumentOut>(`/${collection}/${doc.id}/issue`),
    onSuccess: (next) => refresh(next),
    onError: fail,
  });
  const setStatus = useMutation({
    mutationFn: (status: DocumentStatus) =>
      post<DocumentOut>(`/${collection}/${doc.id}/status`, { status }),
    onSuccess: (next) => refresh(next),
    onError: fail,
  });
  const convert = useMutation({
    mutationFn: (to: DocumentType) => post<DocumentOut>(`/${collection}/${doc.id}/convert`, { to }),
    onSuccess: async (created) => {
      await refresh();
      await navigate({
        to: '/billing/$collection/$id',
        params: { collection: collectionOf(created.type), id: created.id },
      });
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: () => del(`/${collection}/${doc.id}`),
    onSuccess: async () => {
      await refresh();
      await navigate({ to: '/billing' });
    },
    onError: fail,
  });
  const payments = useQuery({
    queryKey: ['billing', 'payments-of', doc.id],
    enabled: doc.type === 'invoice' && doc.number !== null,
    queryFn: () => get<{ data: PaymentOut[] }>(`/payments?documentId=${doc.id}`),
  });

  const transitions = (TRANSITIONS[doc.type][doc.status] ?? []).filter((s) => s !== 'cancelled');
  const canCancel = (TRANSITIONS[doc.type][doc.status] ?? []).includes('cancelled');
  const conversion = CONVERSIONS[doc.type];
  const conversions = conversion?.from.includes(doc.status) ? conversion.to : [];
  const issueLabel =
    doc.type === 'quote'
      ? t('billing:actions.send')
      : doc.type === 'order'
        ? t('billing:actions.confirm')
        : t('billing:actions.issue');

  const header = (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <div>
        <Title order={2} data-testid="doc-title">
          {title}
        </Title>
        <Group gap="xs" mt={4}>
          <StatusBadge doc={doc} />
          <AnchorLink
            to={doc.customerType === 'contacts' ? '/contacts/$id' : '/companies/$id'}
            params={{ id: doc.customerId }}
            size="sm"
          >
            {doc.customerName}
          </AnchorLink>
          {doc.sourceId && (
            <Text size="sm" c="dimmed">
              {t('billing:fromSource')}
            </Text>
          )}
        </Group>
      </div>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconFileText size={14} />}
          onClick={() => setPdf(pdfUrl(collection, doc.id))}
          data-testid="preview-pdf"
        >
          {t('billing:actions.preview')}
        </Button>
        <Button
          component="a"
          href={pdfUrl(collection, doc.id, true)}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
          data-testid="download-pdf"
        >
          {t('billing:actions.download')}
        </Button>
        {doc.status !== 'draft' && (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconSend size={14} />}
            onClick={() => setEmailing(true)}
            data-testid="email-document"
          >
            {t('billing:actions.email')}
          </Button>
        )}
        {doc.type === 'invoice' && doc.openAmount > 0 && (
          <Button
            size="xs"
            leftSection={<IconCash size={14} />}
            onClick={() => setPaying(true)}
            data-testid="record-payment"
          >
            {t('billing:actions.recordPayment')}
          </Button>
        )}
        {transitions.map((status) => (
          <Button
            key={status}
            size="xs"
            variant="light"
            onClick={() => setStatus.mutate(status)}
            loading={setStatus.isPending && setStatus.variables === status}
            data-testid={`status-${status}`}
          >
            {t(`billing:transitions.${status}`)}
          </Button>
        ))}
        {conversions.length > 0 && (
          <Menu withinPortal position="bottom-end">
            <Menu.Target>
              <Button
                size="xs"
                variant="light"
                rightSection={<IconChevronDown size={14} />}
                loading={convert.isPending}
                data-testid="convert"
              >
                {t('billing:actions.convert')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {conversions.map((to) => (
                <Menu.Item
                  key={to}
                  onClick={() => convert.mutate(to)}
                  data-testid={`convert-${to}`}
                >
                  {t(`billing:types.${to}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
        {canCancel && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() =>
              modals.openConfirmModal({
                title: t('billing:cancelTitle'),
                children: <Text size="sm">{t('billing:cancelText')}</Text>,
                labels: {
                  confirm: t('billing:transitions.cancelled'),
                  cancel: t('common:actions.cancel'),
                },
                confirmProps: { color: 'red' },
                onConfirm: () => setStatus.mutate('cancelled'),
              })
            }
            data-testid="status-cancelled"
          >
            {t('billing:transitions.cancelled')}
          </Button>
        )}
      </Group>
    </Group>
  );

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <AnchorLink to="/billing" search={{ collection }} size="sm">
          {t(`billing:collections.${collection}`)}
        </AnchorLink>
        <Text size="sm">{title}</Text>
      </Breadcrumbs>
      {header}
      {doc.status === 'draft' ? (
        <DocumentEditor
          key={doc.version}
          initial={draftFromDocument(doc)}
          document={doc}
          onSaved={(next) => void refresh(next)}
          actions={({ dirty }) => (
            <>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => remove.mutate()}
              >
                {t('common:actions.delete')}
              </Button>
              <Button
                color="green"
                onClick={() => issue.mutate()}
                loading={issue.isPending}
                disabled={dirty}
                title={dirty ? t('billing:saveFirst') : undefined}
                data-testid="issue-document"
              >
                {issueLabel}
              </Button>
            </>
          )}
        />
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <IssuedView doc={doc} payments={payments.data?.data ?? []} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <StatusTimeline doc={doc} />
          </Grid.Col>
        </Grid>
      )}
      <PdfPreview url={pdf} onClose={() => setPdf(null)} />
      <Modal
        opened={paying}
        onClose={() => setPaying(false)}
        title={t('billing:actions.recordPayment')}
        size="lg"
      >
        {paying && (
          <RecordPayment
            invoice={doc}
            onCancel={() => setPaying(false)}
            onDone={() => {
              setPaying(false);
              notifications.show({ color: 'green', message: t('billing:payment.recorded') });
              void refresh();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={emailing}
        onClose={() => setEmailing(false)}
        title={t('billing:actions.email')}
        size="lg"
      >
        {emailing && (
          <SendByEmail
            doc={doc}
            onDone={() => {
              setEmailing(false);
              void refresh();
            }}
            onCancel={() => setEmailing(false)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function IssuedView({ doc, payments }: { doc: DocumentOut; payments: PaymentOut[] }) {
  const { t } = useTranslation();
  const m = (v: number) => formatMoney(v, doc.currency);
  const facts: [string, string | null][] = [
    [t('billing:fields.issueDate'), formatDate(doc.issueDate)],
    [
      t('billing:fields.dueDate'),
      doc.type === 'invoice' || doc.type === 'proforma' ? formatDate(doc.dueDate) : null,
    ],
    [t('billing:fields.deliveryDate'), formatDate(doc.deliveryDate)],
    [t('billing:fields.validUntil'), doc.type === 'quote' ? formatDate(doc.validUntil) : null],
    [t('billing:fields.placeOfIssue'), doc.placeOfIssue],
    [t('billing:fields.currency'), doc.currency],
  ];
  return (
    <Stack gap="md">
      {doc.overdue && (
        <Alert color="red">{t('billing:overdueBy', { count: doc.daysOverdue })}</Alert>
      )}
      <Card withBorder>
        <Group gap="xl">
          {facts
            .filter(([, v]) => v)
            .map(([label, value]) => (
              <div key={label}>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text size="sm">{value}</Text>
              </div>
            ))}
        </Group>
      </Card>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={700}>
          <Table data-testid="lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing:fields.description')}</Table.Th>
                <Table.Th ta="right">{t('billing:fields.quantity')}</Table.Th>
                <Table.Th>{t('billing:fields.unit')}</Table.Th>
                <Table.Th ta="right">{t('billing:fields.unitPrice')}</Table.Th>
                <Table.Th ta="right">{t('billing:fields.discountShort')}</Table.Th>
                <Table.Th ta="right">{t('billing:fields.vatRateShort')}</Table.Th>
                <Table.Th ta="right">{t('billing:fields.net')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(doc.lines ?? []).map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.description}</Table.Td>
                  <Table.Td ta="right">{Number(l.quantity)}</Table.Td>
                  <Table.Td>{l.unit}</Table.Td>
                  <Table.Td ta="right">{m(l.unitPrice)}</Table.Td>
                  <Table.Td ta="right">
                    {Number(l.discountPercent) ? `${Number(l.discountPercent)} %` : ''}
                  </Table.Td>
                  <Table.Td ta="right">{Number(l.vatRate)} %</Table.Td>
                  <Table.Td ta="right">{m(l.net)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <TotalsTable
          byRate={doc.vatBreakdown}
          net={doc.netTotal}
          vat={doc.vatTotal}
          gross={doc.grossTotal}
          paid={doc.type === 'invoice' ? doc.paidTotal : 0}
          currency={doc.currency}
        />
      </Card>
      {doc.notes && (
        <Card withBorder>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {doc.notes}
          </Text>
        </Card>
      )}
      {payments.length > 0 && (
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('billing:paymentsTitle')}
          </Text>
          <Table fz="sm" data-testid="doc-payments">
            <Table.Tbody>
              {payments.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDate(p.paidOn)}</Table.Td>
                  <Table.Td>{t(`billing:methods.${p.method}`)}</Table.Td>
                  <Table.Td>{p.reference}</Table.Td>
                  <Table.Td ta="right">
                    {m(p.allocations.find((a) => a.documentId === doc.id)?.amount ?? p.amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}

/** The dates of every status the document went through (R8 "tracking transaction dates"). */
function StatusTimeline({ doc }: { doc: DocumentOut }) {
  const { t } = useTranslation();
  const entries = Object.entries(doc.statusDates);
  return (
    <Card withBorder>
      <Text fw={600} mb="sm">
        {t('billing:history')}
      </Text>
      <Timeline
        active={entries.length - 1}
        bulletSize={14}
        lineWidth={2}
        data-testid="status-history"
      >
        {entries.map(([status, at]) => (
          <Timeline.Item key={status} title={t(`billing:statuses.${status}`)}>
            <Text size="xs" c="dimmed">
              {formatDateTime(at)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
