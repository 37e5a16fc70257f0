import { queryOptions } from '@tanstack/react-query';
import type { AutomationObject } from '../../common/automations.js';
import type {
  DeliveryOut,
  FieldInfo,
  RuleAction,
  RuleCondition,
  RuleCreateInput,
  RuleOut,
  RuleTrigger,
  RunOut,
} from '../../server/automations/schema.js';
import { get, qs } from '../lib/api.js';

export type { DeliveryOut, FieldInfo, RuleAction, RuleCondition, RuleOut, RuleTrigger, RunOut };
export type RuleDraft = Omit<RuleCreateInput, 'description'> & { description: string | null };

export const rulesQuery = queryOptions({
  queryKey: ['automations'],
  queryFn: async () => (await get<{ data: RuleOut[] }>('/automations')).data,
  // The last run of each rule changes in the background.
  staleTime: 0,
});

export const ruleQuery = (id: string) =>
  queryOptions({
    queryKey: ['automations', id],
    queryFn: () => get<RuleOut>(`/automations/${id}`),
  });

export const runsQuery = (ruleId?: string) =>
  queryOptions({
    queryKey: ['automations', 'runs', ruleId ?? 'all'],
    queryFn: async () =>
      (await get<{ data: RunOut[] }>(`/automations/runs${qs({ ruleId, limit: 100 })}`)).data,
    refetchInterval: 5_000,
  });

export const deadLettersQuery = queryOptions({
  queryKey: ['automations', 'dead-letters'],
  queryFn: async () => (await get<{ data: DeliveryOut[] }>('/automations/dead-letters')).data,
});

export const templatesQuery = queryOptions({
  queryKey: ['automations', 'templates'],
  queryFn: async () =>
    (
      await get<{ data: { key: string; name: string; description: string; rule: RuleDraft }[] }>(
        '/automations/templates',
      )
    ).data,
  staleTime: Infinity,
});

export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: async () => (await get<{ data: { id: string; name: string }[] }>('/teams')).data,
  staleTime: 60_000,
});

export const automationFieldsQuery = (object: AutomationObject) =>
  queryOptions({
    queryKey: ['automations', 'fields', object],
    queryFn: async () =>
      (await get<{ data: FieldInfo[] }>(`/automations/fields${qs({ object })}`)).data,
    staleTime: 60_000,
  });

/** Records for the test-run picker: `{id, label}` from the object's own list API. */
export async function searchRecords(
  object: AutomationObject,
  q: string,
): Promise<{ value: string; label: string }[]> {
  const rows = (
    await get<{ data: Record<string, unknown>[] }>(
      `/${object}${qs({ q: q || undefined, limit: 20 })}`,
    )
  ).data;
  return rows.map((row) => ({
    value: String(row.id),
    label: recordLabel(row),
  }));
}

function recordLabel(row: Record<string, unknown>): string {
  const text = (key: string) => (typeof row[key] === 'string' ? row[key] : '');
  const person = [text('firstName'), text('lastName')].filter(Boolean).join(' ');
  const doc = (row.document ?? row) as Record<string, unknown>;
  const docLabel = [doc.number, doc.customerName].filter((v) => typeof v === 'string').join(' · ');
  return person || text('name') || docLabel || String(row.id);
}

export function emptyRule(): RuleDraft {
  return {
    name: '',
    description: null,
    enabled: true,
    trigger: { kind: 'record_created', object: 'contacts' },
    conditions: [],
    actions: [{ type: 'notify', recipient: { kind: 'record_owner' }, title: '' }],
  };
}

/** A fresh action of a type, with the defaults the server would apply. */
export function newAction(type: RuleAction['type']): RuleAction {
  switch (type) {
    case 'create_task':
      return {
        type,
        title: '',
        taskType: 'call',
        priority: 'normal',
        dueInDays: 1,
        assignee: { kind: 'record_owner' },
      };
    case 'notify':
      return { type, recipient: { kind: 'record_owner' }, title: '' };
    case 'send_email':
      return { type, to: { kind: 'record_contact' }, subject: '', body: '' };
    case 'update_field':
      return { type, field: '', value: '' };
    case 'assign_owner':
      return { type, userIds: [] };
    case 'webhook':
      return { type, url: '', maxAttempts: 5 };
  }
}

/** A trigger of another kind, keeping the object where it has one. */
export function newTrigger(kind: RuleTrigger['kind'], previous: RuleTrigger): RuleTrigger {
  const object: AutomationObject = 'object' in previous ? previous.object : 'contacts';
  switch (kind) {
    case 'record_created':
    case 'record_updated':
      return { kind, object };
    case 'stage_changed':
      return {
        kind,
        object: ['leads', 'invoices', 'quotes', 'deals'].includes(object) ? object : 'leads',
      };
    case 'date_reached':
      return { kind, object, field: object === 'contacts' ? 'birthday' : '', offsetDays: 0 };
    case 'no_activity':
      return {
        kind,
        object: ['contacts', 'companies', 'leads', 'deals'].includes(object) ? object : 'contacts',
        days: 30,
      };
    case 'schedule':
      return { kind, cron: '0 9 * * 1' };
  }
}
