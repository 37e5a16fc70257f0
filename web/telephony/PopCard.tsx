import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconExternalLink, IconNote, IconUserPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { AnchorLink } from '../app/links.js';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { post, api } from '../lib/api.js';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../lib/format.js';
import { RECORD_PATHS, type PopCustomer, type ScreenPop } from './api.js';
import { STATUS_COLORS } from './CallEntry.js';
import { PhoneLink } from './PhoneLink.js';

export interface CallProgress {
  status: string;
  taskId: string | null;
  callbackDueAt: string | null;
}

function Block({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder p="xs" radius="sm" data-testid={testId}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed" mb={4}>
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

function Figure({
  label,
  value,
  strong,
  testId,
}: {
  label: string;
  value: ReactNode;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <Group justify="space-between" gap={4} wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

/**
 * The screen pop card (R17): who calls, what they bought, what they will likely buy next, what
 * fits it, their balance and their credit terms — each block readable in two seconds.
 */
export function PopCard({
  pop,
  progress,
  onChoose,
  onDismiss,
}: {
  pop: ScreenPop;
  progress: CallProgress | null;
  onChoose: (ref: { type: 'contacts' | 'companies' | 'leads'; id: string }) => void;
  onDismiss?: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const customer = pop.customer;
  const status = progress?.status ?? pop.call?.status ?? null;
  const number = pop.numberFormatted ?? pop.number;
  const createLead = useMutation({
    mutationFn: () =>
      post<{ id: string }>('/leads', { name: number ?? '', phone: pop.number, source: 'call' }),
    onSuccess: (lead) => void navigate({ to: '/leads/$id', params: { id: lead.id } }),
  });

  return (
    <Stack gap="sm" data-testid="screen-pop">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Title order={2} lh={1.15} data-testid="screen-pop-name">
            {customer?.title ??
              (pop.matchCount > 0 ? pop.numberFormatted : t('telephony:pop.unknownNumber'))}
          </Title>
          <Group gap={6} mt={2}>
            {number && pop.number && <PhoneLink value={pop.number}>{number}</PhoneLink>}
            {customer?.subtitle && (
              <Text size="sm" c="dimmed">
                {customer.subtitle}
              </Text>
            )}
          </Group>
        </div>
        {status && (
          <Badge
            size="lg"
            color={STATUS_COLORS[status] ?? 'gray'}
            variant={status === 'ringing' ? 'filled' : 'light'}
            data-testid="screen-pop-status"
            data-status={status}
          >
            {t(`telephony:status.${status}`)}
          </Badge>
        )}
      </Group>

      {status === 'missed' && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={16} />}
          p="xs"
          data-testid="screen-pop-callback"
        >
          {progress?.callbackDueAt
            ? t('telephony:pop.callBackBy', { time: formatDateTime(progress.callbackDueAt) })
            : t('telephony:pop.missed')}
          {progress?.taskId && (
            <Text size="sm" fw={600} data-testid="screen-pop-task">
              {t('telephony:pop.taskCreated')}
            </Text>
          )}
        </Alert>
      )}

      {pop.matches.length > 1 && (
        <Paper withBorder p="xs" data-testid="screen-pop-chooser">
          <Text size="sm" fw={600} mb={4}>
            {t('telephony:pop.severalMatches', { count: pop.matchCount })}
          </Text>
          <Group gap={4}>
            {pop.matches.map((m) => (
              <Button
                key={m.id}
                size="compact-sm"
                variant={customer?.id === m.id ? 'filled' : 'default'}
                onClick={() => onChoose({ type: m.type, id: m.id })}
              >
                {m.title}
              </Button>
            ))}
          </Group>
        </Paper>
      )}

      {!customer ? (
        <Paper withBorder p="sm">
          <Text size="sm" mb="xs">
            {pop.matchCount > 0 ? t('telephony:pop.notVisible') : t('telephony:pop.unknownHint')}
          </Text>
          {pop.number && pop.matchCount === 0 && (
            <Button
              leftSection={<IconUserPlus size={16} />}
              loading={createLead.isPending}
              onClick={() => createLead.mutate()}
              data-testid="screen-pop-create-lead"
            >
              {t('telephony:pop.createLead')}
            </Button>
          )}
        </Paper>
      ) : (
        <CustomerBlocks customer={customer} />
      )}

      <PopActions pop={pop} customer={customer} onDismiss={onDismiss} />
    </Stack>
  );
}

function CustomerBlocks({ customer }: { customer: PopCustomer }) {
  const { t } = useTranslation();
  const money = (minor: number, currency: string) => formatMoney(minor, currency);
  const finance = customer.finance;
  const purchases = customer.purchases;
  return (
    <>
      <Group gap={6}>
        {customer.type === 'leads' && (
          <Badge variant="outline" color="grape">
            {t('telephony:pop.lead')}
          </Badge>
        )}
        {customer.owner && (
          <Text size="sm">
            <Text span c="dimmed">
              {t('telephony:pop.owner')}:
            </Text>{' '}
            {customer.owner.name}
          </Text>
        )}
        {customer.language && (
          <Badge variant="light" color="gray">
            {customer.language}
          </Badge>
        )}
        {customer.company && (
          <AnchorLink to="/companies/$id" params={{ id: customer.company.id }} size="sm">
            {customer.company.name}
          </AnchorLink>
        )}
        {customer.tags.map((tag) => (
          <Badge key={tag} variant="dot">
            {tag}
          </Badge>
        ))}
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Block title={t('telephony:pop.who')} testId="pop-who">
          {customer.openDeals && (
            <Text size="sm">
              <Text span c="dimmed">
                {t('telephony:pop.openDeals')}:
              </Text>{' '}
              {customer.openDeals.length === 0
                ? '—'
                : customer.openDeals
                    .map(
                      (d) =>
                        `${d.title}${d.amount !== null && d.currency ? ` (${money(d.amount, d.currency)})` : ''}`,
                    )
                    .join(', ')}
            </Text>
          )}
          {customer.openTasks && (
            <div data-testid="pop-open-tasks">
              <Text size="sm" c="dimmed">
                {t('telephony:pop.openTasks')}: {customer.openTasks.length === 0 ? '—' : ''}
              </Text>
              {customer.openTasks.map((task) => (
                <Text key={task.id} size="sm" truncate>
                  • {task.title}
                  {task.dueAt ? ` — ${formatDateTime(task.dueAt)}` : ''}
                </Text>
              ))}
            </div>
          )}
          <Text size="sm" c="dimmed" mt={4}>
            {t('telephony:pop.lastInteractions')}:
          </Text>
          {customer.lastInteractions.length === 0 && <Empty>—</Empty>}
          {customer.lastInteractions.map((i) => (
            <Text key={i.id} size="sm" truncate>
              {formatDate(i.at)} ·{' '}
              {t(`common:timeline.kinds.${i.kind}`, { defaultValue: i.kind.replace(/_/g, ' ') })}
              {i.summary ? ` — ${i.summary}` : ''}
            </Text>
          ))}
        </Block>

        <Block title={t('telephony:pop.purchases')} testId="pop-purchases">
          {!purchases || purchases.lifetime.documents === 0 ? (
            <Empty>{t('telephony:pop.noPurchases')}</Empty>
          ) : (
            <>
              <Figure
                label={t('telephony:pop.lifetime', { count: purchases.lifetime.documents })}
                value={money(purchases.lifetime.amount, purchases.lifetime.currency)}
                strong
              />
              {purchases.recent.map((line, i) => (
                <Group key={i} justify="space-between" gap={4} wrap="nowrap">
                  <Text size="sm" truncate>
                    {formatDate(line.date)} · {line.description}
                    {line.quantity !== 1 ? ` × ${formatNumber(line.quantity)}` : ''}
                  </Text>
                  <Text size="sm">{money(line.amount, line.currency)}</Text>
                </Group>
              ))}
            </>
          )}
        </Block>

        <Block title={t('telephony:pop.nextPurchases')} testId="pop-next">
          {customer.nextPurchases.length === 0 && <Empty>{t('telephony:pop.noPrediction')}</Empty>}
          {customer.nextPurchases.map((p) => (
            <div key={p.productId}>
              <Group justify="space-between" gap={4} wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {p.productName}
                </Text>
                <Badge size="sm" variant="light" color={p.dueInDays <= 0 ? 'orange' : 'blue'}>
                  {p.dueInDays <= 0
                    ? t('telephony:pop.dueNow')
                    : t('telephony:pop.dueIn', { count: p.dueInDays })}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {t('telephony:pop.rhythm', {
                  interval: Math.round(p.intervalDays),
                  days: p.daysSinceLast,
                })}
              </Text>
            </div>
          ))}
        </Block>

        <Block title={t('telephony:pop.fits')} testId="pop-fits">
          {customer.recommendations.length === 0 && <Empty>{t('telephony:pop.noFits')}</Empty>}
          {customer.recommendations.map((r) => (
            <div key={r.productId}>
              <Text size="sm" fw={600} truncate>
                {r.productName}
              </Text>
              <Text size="xs" c="dimmed">
                {t('telephony:pop.fitReason', {
                  product: r.becauseOfName,
                  percent: Math.round(r.confidence * 100),
                })}
              </Text>
            </div>
          ))}
        </Block>

        <Block title={t('telephony:pop.balance')} testId="pop-balance">
          {!finance ? (
            <Empty>{t('telephony:pop.noFinance')}</Empty>
          ) : (
            <>
              <Figure
                label={t('telephony:pop.balanceNow')}
                value={money(finance.balance, finance.currency)}
                strong
                testId="screen-pop-balance"
              />
              <Figure
                label={t('telephony:pop.overdue')}
                value={
                  <Text span c={finance.overdue > 0 ? 'red' : undefined} fw={600} size="sm">
                    {money(finance.overdue, finance.currency)}
                  </Text>
                }
              />
              {finance.daysOverdue > 0 && (
                <Figure
                  label={t('telephony:pop.daysOverdue')}
                  value={formatNumber(finance.daysOverdue)}
                />
              )}
            </>
          )}
        </Block>

        <Block title={t('telephony:pop.credit')} testId="pop-credit">
          {!finance ? (
            <Empty>{t('telephony:pop.noFinance')}</Empty>
          ) : (
            <>
              <Figure
                label={t('telephony:pop.creditLimit')}
                value={
                  finance.creditLimit === null ? '—' : money(finance.creditLimit, finance.currency)
                }
              />
              <Figure
                label={t('telephony:pop.availableCredit')}
                value={
                  finance.availableCredit === null ? (
                    '—'
                  ) : (
                    <Text span size="sm" fw={600} c={finance.overCreditLimit ? 'red' : 'green'}>
                      {money(finance.availableCredit, finance.currency)}
                    </Text>
                  )
                }
              />
              <Figure
                label={t('telephony:pop.terms')}
                value={
                  finance.paymentTermsDays === null
                    ? '—'
                    : t('telephony:pop.termsDays', { count: finance.paymentTermsDays })
                }
              />
              <Figure
                label={t('telephony:pop.discipline')}
                value={finance.disciplineScore === null ? '—' : `${finance.disciplineScore}/100`}
              />
            </>
          )}
        </Block>
      </SimpleGrid>
    </>
  );
}

function PopActions({
  pop,
  customer,
  onDismiss,
}: {
  pop: ScreenPop;
  customer: PopCustomer | null;
  onDismiss: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [note, setNote] = useState<string | null>(null);
  const saveNote = useMutation({
    mutationFn: (text: string) => api('PUT', `/calls/${pop.call?.id ?? ''}/note`, { note: text }),
    onSuccess: () => {
      setNote(null);
      notifications.show({ color: 'green', message: t('telephony:pop.noteSaved') });
    },
  });
  return (
    <Stack gap="xs">
      {note !== null && (
        <>
          <Textarea
            autosize
            minRows={2}
            autoFocus
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            placeholder={t('telephony:pop.notePlaceholder')}
            data-testid="screen-pop-note"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setNote(null)}>
              {t('common:actions.cancel')}
            </Button>
            <Button size="xs" loading={saveNote.isPending} onClick={() => saveNote.mutate(note)}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </>
      )}
      <Group gap="xs">
        {customer && (
          <Button
            size="xs"
            onClick={() =>
              void navigate({ to: RECORD_PATHS[customer.type], params: { id: customer.id } })
            }
            leftSection={<IconExternalLink size={14} />}
            data-testid="screen-pop-open"
          >
            {t('telephony:pop.open')}
          </Button>
        )}
        {pop.call && note === null && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconNote size={14} />}
            onClick={() => setNote('')}
          >
            {t('telephony:pop.note')}
          </Button>
        )}
        {onDismiss && (
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            onClick={onDismiss}
            data-testid="screen-pop-dismiss"
          >
            {t('telephony:pop.dismiss')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
