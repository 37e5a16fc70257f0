import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_TYPES,
  AUTOMATION_OBJECTS,
  CONDITION_OPS,
  TASK_PRIORITIES,
  TASK_TYPES,
  TRIGGER_KINDS,
  VALUELESS_OPS,
  type AutomationObject,
} from '../../common/automations.js';
import { AnchorLink } from '../app/links.js';
import { useMe, useUsers } from '../app/session.js';
import { ApiError, del, patch, post } from '../lib/api.js';
import {
  automationFieldsQuery,
  emptyRule,
  newAction,
  newTrigger,
  ruleQuery,
  rulesQuery,
  searchRecords,
  teamsQuery,
  templatesQuery,
  type FieldInfo,
  type RuleAction,
  type RuleCondition,
  type RuleDraft,
  type RuleOut,
} from './api.js';
import { RunLog } from './RunLog.js';
import { STATUS_COLORS } from './status.js';

type Errors = Record<string, string>;
type Recipient =
  { kind: 'record_owner' } | { kind: 'record_contact' } | { kind: 'user'; userId: string };

/** `/automations/new` (optionally `?template=`) or `/automations/:id`. */
export function RuleEditorPage() {
  const { t } = useTranslation('automations');
  const me = useMe();
  const { id } = useParams({ strict: false });
  const { template } = useSearch({ strict: false });
  const isNew = id === 'new' || !id;
  const rule = useQuery({ ...ruleQuery(id ?? ''), enabled: !isNew });
  const templates = useQuery({ ...templatesQuery, enabled: isNew && Boolean(template) });
  if (me.user.role !== 'admin') return <Alert color="gray">{t('adminsOnly')}</Alert>;
  if (!isNew && !rule.data)
    return rule.isError ? <Alert color="red">{t('notFound')}</Alert> : <Loader />;
  if (isNew && template && !templates.data) return <Loader />;
  const initial: RuleDraft = rule.data
    ? {
        name: rule.data.name,
        description: rule.data.description,
        enabled: rule.data.enabled,
        trigger: rule.data.trigger,
        conditions: rule.data.conditions,
        actions: rule.data.actions,
      }
    : (templates.data?.find((x) => x.key === template)?.rule ?? emptyRule());
  return (
    <RuleEditor
      key={rule.data ? `${rule.data.id}-${rule.data.version}` : `new-${template ?? ''}`}
      initial={initial}
      saved={rule.data ?? null}
    />
  );
}

function RuleEditor({ initial, saved }: { initial: RuleDraft; saved: RuleOut | null }) {
  const { t } = useTranslation('automations');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const object: AutomationObject | null = 'object' in draft.trigger ? draft.trigger.object : null;
  const fields =
    useQuery({ ...automationFieldsQuery(object ?? 'contacts'), enabled: Boolean(object) }).data ??
    [];

  const save = useMutation({
    mutationFn: () =>
      saved
        ? patch<RuleOut>(`/automations/${saved.id}`, draft)
        : post<RuleOut>('/automations', draft),
    meta: { silent: true },
    onSuccess: async (result) => {
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey });
      notifications.show({ color: 'green', message: t('saved') });
      if (!saved) void navigate({ to: '/automations/$id', params: { id: result.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        setErrors(error.fieldErrors());
        notifications.show({ color: 'red', message: error.message });
      }
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/automations/${saved?.id ?? ''}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey });
      void navigate({ to: '/automations' });
    },
  });

  const set = (change: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setCondition = (index: number, condition: RuleCondition) =>
    set({ conditions: draft.conditions.map((c, i) => (i === index ? condition : c)) });
  const setAction = (index: number, action: RuleAction) =>
    set({ actions: draft.actions.map((a, i) => (i === index ? action : a)) });

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Group gap="xs">
          <AnchorLink to="/automations" aria-label={t('back')}>
            <IconArrowLeft size={18} />
          </AnchorLink>
          <Title order={2}>{saved ? saved.name : t('newRule')}</Title>
        </Group>
        <Group>
          {saved && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => remove.mutate()}
            >
              {t('delete')}
            </Button>
          )}
          <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="save-rule">
            {t('save')}
          </Button>
        </Group>
      </Group>

      <Card withBorder>
        <Stack gap="sm">
          <TextInput
            label={t('fields.name')}
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={errors.name}
            required
            data-testid="rule-name"
          />
          <Textarea
            label={t('fields.description')}
            value={draft.description ?? ''}
            onChange={(e) => set({ description: e.currentTarget.value || null })}
            autosize
            minRows={1}
          />
          <Switch
            label={t('fields.enabled')}
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />
        </Stack>
      </Card>

      <Section title={t('sections.trigger')}>
        <TriggerEditor draft={draft} set={set} fields={fields} errors={errors} />
      </Section>

      {draft.trigger.kind !== 'schedule' && (
        <Section title={t('sections.conditions')} hint={t('hints.conditions')}>
          {draft.conditions.map((condition, index) => (
            <ConditionRow
              key={index}
              index={index}
              condition={condition}
              fields={fields}
              errors={errors}
              onChange={(c) => setCondition(index, c)}
              onRemove={() => set({ conditions: draft.conditions.filter((_, i) => i !== index) })}
            />
          ))}
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                set({
                  conditions: [
                    ...draft.conditions,
                    { field: fields[0]?.name ?? '', op: 'equals', value: '' },
                  ],
                })
              }
              data-testid="add-condition"
            >
              {t('addCondition')}
            </Button>
          </Group>
        </Section>
      )}

      <Section title={t('sections.actions')} hint={t('hints.templates')}>
        {draft.actions.map((action, index) => (
          <ActionCard
            key={index}
            index={index}
            action={action}
            fields={fields}
            errors={errors}
            hasRecord={draft.trigger.kind !== 'schedule'}
            secret={saved?.webhookSecret ?? null}
            onChange={(a) => setAction(index, a)}
            onRemove={() => set({ actions: draft.actions.filter((_, i) => i !== index) })}
          />
        ))}
        {errors.actions && (
          <Text c="red" size="sm">
            {errors.actions}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => set({ actions: [...draft.actions, newAction('notify')] })}
            data-testid="add-action"
          >
            {t('addAction')}
          </Button>
        </Group>
      </Section>

      {saved && (
        <>
          <Section title={t('sections.test')} hint={t('hints.test')}>
            <TestRun rule={saved} />
          </Section>
          <Section title={t('sections.runs')}>
            <RunLog ruleId={saved.id} />
          </Section>
        </>
      )}
    </Stack>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Stack gap="sm">
        <div>
          <Title order={4}>{title}</Title>
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

function TriggerEditor({
  draft,
  set,
  fields,
  errors,
}: {
  draft: RuleDraft;
  set: (change: Partial<RuleDraft>) => void;
  fields: FieldInfo[];
  errors: Errors;
}) {
  const { t } = useTranslation('automations');
  const trigger = draft.trigger;
  const stageField = fields.find((f) => f.name === 'stageId' || f.name === 'status');
  const stageData = (stageField?.choices ?? []).map((c) => ({
    value: c,
    label: stageField?.choiceLabels?.[c] ?? c,
  }));
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <Select
          label={t('trigger.kind')}
          data={TRIGGER_KINDS.map((k) => ({ value: k, label: t(`triggers.${k}`) }))}
          value={trigger.kind}
          onChange={(v) =>
            v &&
            set({
              trigger: newTrigger(v, trigger),
              conditions: v === 'schedule' ? [] : draft.conditions,
            })
          }
          allowDeselect={false}
          data-testid="trigger-kind"
        />
        {trigger.kind !== 'schedule' && (
          <Select
            label={t('trigger.object')}
            data={AUTOMATION_OBJECTS.map((o) => ({ value: o, label: t(`objects.${o}`) }))}
            value={trigger.object}
            onChange={(v) =>
              v &&
              set({
                trigger: { ...trigger, object: v },
                conditions: [],
              })
            }
            allowDeselect={false}
            error={errors['trigger.object']}
            data-testid="trigger-object"
          />
        )}
      </Group>
      {trigger.kind === 'stage_changed' && (
        <Group grow>
          <Select
            label={t('trigger.from')}
            data={stageData}
            value={trigger.from ?? null}
            onChange={(v) => set({ trigger: { ...trigger, from: v } })}
            clearable
            placeholder={t('trigger.any')}
          />
          <Select
            label={t('trigger.to')}
            data={stageData}
            value={trigger.to ?? null}
            onChange={(v) => set({ trigger: { ...trigger, to: v } })}
            clearable
            placeholder={t('trigger.any')}
          />
        </Group>
      )}
      {trigger.kind === 'date_reached' && (
        <Group grow align="flex-start">
          <Select
            label={t('trigger.dateField')}
            data={fields
              .filter((f) => f.type === 'date')
              .map((f) => ({ value: f.name, label: fieldLabel(t, f) }))}
            value={trigger.field || null}
            onChange={(v) => set({ trigger: { ...trigger, field: v ?? '' } })}
            error={errors['trigger.field']}
          />
          <NumberInput
            label={t('trigger.offsetDays')}
            description={t('trigger.offsetHint')}
            value={trigger.offsetDays}
            onChange={(v) => set({ trigger: { ...trigger, offsetDays: Number(v) || 0 } })}
            min={-365}
            max={365}
            error={errors['trigger.offsetDays']}
          />
          <Checkbox
            mt={28}
            label={t('trigger.yearly')}
            checked={trigger.yearly ?? trigger.field === 'birthday'}
            onChange={(e) => set({ trigger: { ...trigger, yearly: e.currentTarget.checked } })}
          />
        </Group>
      )}
      {trigger.kind === 'no_activity' && (
        <NumberInput
          label={t('trigger.days')}
          value={trigger.days}
          onChange={(v) => set({ trigger: { ...trigger, days: Number(v) || 1 } })}
          min={1}
          max={3650}
          error={errors['trigger.days']}
        />
      )}
      {trigger.kind === 'schedule' && (
        <Group grow align="flex-start">
          <TextInput
            label={t('trigger.cron')}
            description={t('trigger.cronHint')}
            value={trigger.cron}
            onChange={(e) => set({ trigger: { ...trigger, cron: e.currentTarget.value } })}
            error={errors['trigger.cron']}
            data-testid="trigger-cron"
          />
          <TextInput
            label={t('trigger.timezone')}
            description={t('trigger.timezoneHint')}
            value={trigger.timezone ?? ''}
            onChange={(e) =>
              set({
                trigger: {
                  ...trigger,
                  ...(e.currentTarget.value
                    ? { timezone: e.currentTarget.value }
                    : { timezone: undefined }),
                },
              })
            }
            error={errors['trigger.timezone']}
          />
        </Group>
      )}
    </Stack>
  );
}

function fieldLabel(t: (key: string) => string, field: FieldInfo): string {
  return field.custom ? field.label : t(`fieldNames.${field.name}`);
}

function ValueInput({
  field,
  value,
  onChange,
  error,
  label,
  testId,
}: {
  field: FieldInfo | undefined;
  value: unknown;
  onChange: (value: string | number | boolean | string[] | null) => void;
  error?: string | undefined;
  label?: string;
  testId?: string;
}) {
  const { t } = useTranslation('automations');
  const users = useUsers();
  if (field?.type === 'list')
    return (
      <TagsInput
        label={label}
        value={Array.isArray(value) ? (value as string[]) : []}
        onChange={onChange}
        error={error}
        data-testid={testId}
      />
    );
  if (field?.type === 'boolean')
    return (
      <Select
        label={label}
        data={[
          { value: 'true', label: t('yes') },
          { value: 'false', label: t('no') },
        ]}
        value={value === true ? 'true' : value === false ? 'false' : null}
        onChange={(v) => onChange(v === 'true')}
        error={error}
        data-testid={testId}
      />
    );
  if (field?.type === 'choice' && field.choices)
    return (
      <Select
        label={label}
        data={field.choices.map((c) => ({ value: c, label: field.choiceLabels?.[c] ?? c }))}
        value={typeof value === 'string' ? value : null}
        onChange={(v) => onChange(v)}
        error={error}
        searchable
        data-testid={testId}
      />
    );
  if (field?.type === 'user')
    return (
      <Select
        label={label}
        data={users.map((u) => ({ value: u.id, label: u.name }))}
        value={typeof value === 'string' ? value : null}
        onChange={(v) => onChange(v)}
        error={error}
        data-testid={testId}
      />
    );
  if (field?.type === 'number')
    return (
      <NumberInput
        label={label}
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        error={error}
        data-testid={testId}
      />
    );
  return (
    <TextInput
      label={label}
      value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
      onChange={(e) => onChange(e.currentTarget.value)}
      placeholder={field?.type === 'date' ? 'YYYY-MM-DD' : undefined}
      error={error}
      data-testid={testId}
    />
  );
}

function ConditionRow({
  index,
  condition,
  fields,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  condition: RuleCondition;
  fields: FieldInfo[];
  errors: Errors;
  onChange: (condition: RuleCondition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('automations');
  const field = fields.find((f) => f.name === condition.field);
  const at = `conditions.${index}`;
  return (
    <Group align="flex-start" wrap="nowrap" data-testid="condition-row">
      <Select
        style={{ flex: 2 }}
        aria-label={t('condition.field')}
        data={fields.map((f) => ({ value: f.name, label: fieldLabel(t, f) }))}
        value={condition.field || null}
        onChange={(v) => onChange({ field: v ?? '', op: condition.op, value: '' })}
        error={errors[`${at}.field`]}
        searchable
        data-testid="condition-field"
      />
      <Select
        style={{ flex: 1.3 }}
        aria-label={t('condition.op')}
        data={CONDITION_OPS.map((op) => ({ value: op, label: t(`ops.${op}`) }))}
        value={condition.op}
        onChange={(v) => v && onChange({ ...condition, op: v })}
        error={errors[`${at}.op`]}
        allowDeselect={false}
        data-testid="condition-op"
      />
      <div style={{ flex: 2 }}>
        {!VALUELESS_OPS.includes(condition.op) && (
          <ValueInput
            field={field}
            value={condition.value}
            onChange={(v) =>
              onChange({ ...condition, value: Array.isArray(v) ? (v[0] ?? null) : v })
            }
            error={errors[`${at}.value`]}
            testId="condition-value"
          />
        )}
      </div>
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('remove')} mt={4}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

function RecipientSelect({
  value,
  onChange,
  allowContact,
  hasRecord,
  label,
  error,
}: {
  value: Recipient;
  onChange: (recipient: Recipient) => void;
  allowContact: boolean;
  hasRecord: boolean;
  label: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation('automations');
  const users = useUsers().filter((u) => u.active);
  const data = [
    ...(hasRecord ? [{ value: 'record_owner', label: t('recipients.record_owner') }] : []),
    ...(hasRecord && allowContact
      ? [{ value: 'record_contact', label: t('recipients.record_contact') }]
      : []),
    ...users.map((u) => ({ value: `user:${u.id}`, label: u.name })),
  ];
  const current = value.kind === 'user' ? `user:${value.userId}` : value.kind;
  return (
    <Select
      label={label}
      data={data}
      value={current}
      onChange={(v) => {
        if (!v) return;
        onChange(
          v.startsWith('user:') ? { kind: 'user', userId: v.slice(5) } : ({ kind: v } as Recipient),
        );
      }}
      allowDeselect={false}
      error={error}
    />
  );
}

function ActionCard({
  index,
  action,
  fields,
  errors,
  hasRecord,
  secret,
  onChange,
  onRemove,
}: {
  index: number;
  action: RuleAction;
  fields: FieldInfo[];
  errors: Errors;
  hasRecord: boolean;
  secret: string | null;
  onChange: (action: RuleAction) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('automations');
  const users = useUsers().filter((u) => u.active);
  const teams = useQuery({ ...teamsQuery, enabled: action.type === 'assign_owner' }).data ?? [];
  const at = `actions.${index}`;
  const e = (name: string) => errors[`${at}.${name}`];
  let body: ReactNode = null;
  switch (action.type) {
    case 'create_task':
      body = (
        <>
          <TextInput
            label={t('action.title')}
            value={action.title}
            onChange={(ev) => onChange({ ...action, title: ev.currentTarget.value })}
            error={e('title')}
            data-testid="action-title"
          />
          <Group grow>
            <Select
              label={t('action.taskType')}
              data={TASK_TYPES.map((x) => ({ value: x, label: t(`taskTypes.${x}`) }))}
              value={action.taskType}
              onChange={(v) => v && onChange({ ...action, taskType: v })}
              allowDeselect={false}
            />
            <Select
              label={t('action.priority')}
              data={TASK_PRIORITIES.map((x) => ({ value: x, label: t(`priorities.${x}`) }))}
              value={action.priority}
              onChange={(v) => v && onChange({ ...action, priority: v })}
              allowDeselect={false}
            />
            <NumberInput
              label={t('action.dueInDays')}
              value={action.dueInDays}
              min={0}
              max={365}
              onChange={(v) => onChange({ ...action, dueInDays: Number(v) || 0 })}
              error={e('dueInDays')}
            />
          </Group>
          <RecipientSelect
            label={t('action.assignee')}
            value={action.assignee}
            onChange={(r) => onChange({ ...action, assignee: r })}
            allowContact={false}
            hasRecord={hasRecord}
            error={e('assignee')}
          />
          <Textarea
            label={t('action.description')}
            value={action.description ?? ''}
            onChange={(ev) =>
              onChange({
                ...action,
                ...(ev.currentTarget.value
                  ? { description: ev.currentTarget.value }
                  : { description: undefined }),
              })
            }
            error={e('description')}
            autosize
            minRows={2}
          />
        </>
      );
      break;
    case 'notify':
      body = (
        <>
          <RecipientSelect
            label={t('action.recipient')}
            value={action.recipient}
            onChange={(r) => onChange({ ...action, recipient: r })}
            allowContact={false}
            hasRecord={hasRecord}
            error={e('recipient')}
          />
          <TextInput
            label={t('action.title')}
            value={action.title}
            onChange={(ev) => onChange({ ...action, title: ev.currentTarget.value })}
            error={e('title')}
            data-testid="action-title"
          />
          <Textarea
            label={t('action.body')}
            value={action.body ?? ''}
            onChange={(ev) =>
              onChange({
                ...action,
                ...(ev.currentTarget.value
                  ? { body: ev.currentTarget.value }
                  : { body: undefined }),
              })
            }
            error={e('body')}
            autosize
            minRows={2}
          />
        </>
      );
      break;
    case 'send_email':
      body = (
        <>
          <RecipientSelect
            label={t('action.to')}
            value={action.to}
            onChange={(r) => onChange({ ...action, to: r })}
            allowContact
            hasRecord={hasRecord}
            error={e('to')}
          />
          <TextInput
            label={t('action.subject')}
            value={action.subject}
            onChange={(ev) => onChange({ ...action, subject: ev.currentTarget.value })}
            error={e('subject')}
            data-testid="action-subject"
          />
          <Textarea
            label={t('action.body')}
            value={action.body}
            onChange={(ev) => onChange({ ...action, body: ev.currentTarget.value })}
            error={e('body')}
            autosize
            minRows={4}
            data-testid="action-body"
          />
        </>
      );
      break;
    case 'update_field': {
      const writable = fields.filter((f) => f.writable);
      const field = writable.find((f) => f.name === action.field);
      body = (
        <Group grow align="flex-start">
          <Select
            label={t('action.field')}
            data={writable.map((f) => ({ value: f.name, label: fieldLabel(t, f) }))}
            value={action.field || null}
            onChange={(v) => onChange({ ...action, field: v ?? '', value: '' })}
            error={e('field') ?? e('type')}
            searchable
            data-testid="action-field"
          />
          <ValueInput
            label={t('action.value')}
            field={field}
            value={action.value}
            onChange={(v) => onChange({ ...action, value: v })}
            error={e('value')}
            testId="action-value"
          />
        </Group>
      );
      break;
    }
    case 'assign_owner':
      body = (
        <Group grow align="flex-start">
          <MultiSelect
            label={t('action.users')}
            description={t('action.roundRobin')}
            data={users.map((u) => ({ value: u.id, label: u.name }))}
            value={action.userIds}
            onChange={(ids) => onChange({ ...action, userIds: ids, teamId: null })}
            error={e('userIds') ?? e('type')}
            data-testid="action-users"
          />
          <Select
            label={t('action.team')}
            description={t('action.roundRobin')}
            data={teams.map((team) => ({ value: team.id, label: team.name }))}
            value={action.teamId ?? null}
            onChange={(teamId) => onChange({ ...action, teamId, userIds: [] })}
            error={e('teamId')}
            clearable
          />
        </Group>
      );
      break;
    case 'webhook':
      body = (
        <>
          <Group grow align="flex-start">
            <TextInput
              style={{ flex: 3 }}
              label={t('action.url')}
              value={action.url}
              onChange={(ev) => onChange({ ...action, url: ev.currentTarget.value })}
              error={e('url')}
              placeholder="https://"
              data-testid="action-url"
            />
            <NumberInput
              style={{ flex: 1 }}
              label={t('action.maxAttempts')}
              value={action.maxAttempts}
              min={1}
              max={10}
              onChange={(v) => onChange({ ...action, maxAttempts: Number(v) || 1 })}
              error={e('maxAttempts')}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t('action.signatureHint')}{' '}
            <Code>X-Odnos-Signature: sha256=HMAC-SHA256(secret, body)</Code>
            {secret && (
              <>
                {' '}
                {t('action.secret')} <Code data-testid="webhook-secret">{secret}</Code>
              </>
            )}
          </Text>
        </>
      );
      break;
  }
  return (
    <Card withBorder padding="sm" data-testid="action-card">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Select
            aria-label={t('action.type')}
            data={ACTION_TYPES.map((x) => ({ value: x, label: t(`actions.${x}`) }))}
            value={action.type}
            onChange={(v) => v && onChange(newAction(v))}
            allowDeselect={false}
            w={260}
            data-testid="action-type"
          />
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('remove')}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
        {body}
      </Stack>
    </Card>
  );
}

interface TestOutcome {
  runId: string | null;
  status: keyof typeof STATUS_COLORS;
  conditionsMet: boolean;
  error: string | null;
  actions: { type: string; status: string; detail?: string | null; error?: string | null }[];
}

function TestRun({ rule }: { rule: RuleOut }) {
  const { t } = useTranslation('automations');
  const queryClient = useQueryClient();
  const object = 'object' in rule.trigger ? rule.trigger.object : null;
  const [search, setSearch] = useState('');
  const [recordId, setRecordId] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    if (!object) return;
    let live = true;
    const timer = setTimeout(() => {
      void searchRecords(object, search)
        .then((found) => {
          if (live) setOptions(found);
        })
        .catch(() => undefined);
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [object, search]);
  const run = useMutation({
    mutationFn: () =>
      post<TestOutcome>(`/automations/${rule.id}/test-run`, {
        ...(recordId ? { recordId } : {}),
        dryRun,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['automations', 'runs'] }),
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        {object && (
          <Select
            style={{ flex: 1 }}
            label={t('test.record')}
            data={options}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            value={recordId}
            onChange={setRecordId}
            filter={({ options: o }) => o}
            nothingFoundMessage={t('test.nothingFound')}
            data-testid="test-record"
          />
        )}
        <Checkbox
          label={t('test.dryRun')}
          checked={dryRun}
          onChange={(e) => setDryRun(e.currentTarget.checked)}
          mb={8}
        />
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => run.mutate()}
          loading={run.isPending}
          disabled={Boolean(object) && !recordId}
          data-testid="run-test"
        >
          {t('test.run')}
        </Button>
      </Group>
      {run.data && (
        <Alert color={STATUS_COLORS[run.data.status]} variant="light" data-testid="test-result">
          <Group gap="xs" mb={4}>
            <Badge color={STATUS_COLORS[run.data.status]}>{t(`status.${run.data.status}`)}</Badge>
            <Text size="sm">
              {run.data.conditionsMet ? t('test.conditionsMet') : t('test.conditionsNotMet')}
            </Text>
          </Group>
          {run.data.actions.map((a, i) => (
            <Text size="sm" key={i}>
              {t(`actions.${a.type}`)}: {t(`actionStatus.${a.status}`)}
              {a.detail ? ` — ${a.detail}` : ''}
              {a.error ? ` — ${a.error}` : ''}
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
