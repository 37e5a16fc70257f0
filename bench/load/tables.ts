/**
 * What the loader writes, one entry per kind of record. An entry names the tables and columns it
 * fills and turns synthetic record N into rows exactly as the application's services would
 * write them: the same `search_text` (the services' own functions), the same `contact_points`,
 * the same `audit_events` (create, and an update for records that were handed over).
 *
 * Adding a table of a new feature = adding one entry to LOADERS. An entry whose tables or
 * columns do not exist in the database (the feature is not merged yet) is skipped with a reason.
 */
import type { ContactPoint, RecordObject } from '../../common/records.js';
import { AUDITED as COMPANY_AUDITED, companySearchText } from '../../server/companies/service.js';
import { AUDITED as CONTACT_AUDITED, contactSearchText } from '../../server/contacts/service.js';
import type { FieldDefinition } from '../../server/fields/service.js';
import { AUDITED as DEAL_AUDITED, dealSearchText } from '../../server/deals/service.js';
import { AUDITED as LEAD_AUDITED, leadSearchText } from '../../server/leads/service.js';
import { diffFields } from '../../server/platform/audit.js';
import { COUNTRY_DATA, type CountryCode } from '../synthetic/countries.js';
import type { SyntheticCompany } from '../synthetic/generator.js';
import { streamFor, uuidV7 } from '../synthetic/random.js';
import { json, NULL, text, textArray, timestamp, type TableWriter } from './copy.js';

export interface LoadEnv {
  gen: SyntheticCompany;
  seed: number;
  workspaceId: string;
  definitions: Record<RecordObject, FieldDefinition[]>;
  /** A synthetic user's id in the workspace (synthetic user 0 is the signed-in administrator). */
  user(id: string): string;
  /** Added to every synthetic time: demo data ends today, benchmarks keep the fixed epoch. */
  shift: number;
  /** Company names by index, filled by the companies entry (contacts search by company name). */
  companyNames: string[];
  /** Contact names by id, filled by the contacts entry when deals are loaded (deal search text). */
  contactNames: Map<string, string> | null;
  /** The default pipeline's stage per synthetic stage, when the deals feature is on the build. */
  pipeline: DealPipeline | null;
}

export interface DealPipeline {
  id: string;
  /** Synthetic stage name (qualification … won, lost) → stage id. */
  stages: Record<string, string>;
  firstStage: string;
  /** Synthetic lost reason (price, competitor, …) → lost reason id. */
  lostReasons: Record<string, string>;
}

export type Writers = Record<string, TableWriter>;

export interface Loader {
  name: string;
  tables: Record<string, readonly string[]>;
  count(env: LoadEnv): number;
  emit(env: LoadEnv, index: number, out: Writers): void;
}

const CONTACT_POINTS = ['workspace_id', 'record_type', 'record_id', 'kind', 'value', 'national'];
const AUDIT = [
  'workspace_id',
  'id',
  'at',
  'actor_id',
  'actor_type',
  'action',
  'object',
  'record_id',
  'changes',
];
const RECORD_HEAD = [
  'workspace_id',
  'id',
  'owner_id',
  'tags',
  'custom',
  'search_text',
  'version',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'deleted_at',
];

function contactPoints(
  env: LoadEnv,
  out: Writers,
  object: RecordObject,
  id: string,
  country: CountryCode,
  phones: ContactPoint[],
  emails: ContactPoint[],
): void {
  const prefix = `+${COUNTRY_DATA[country].callingCode}`;
  for (const p of phones) {
    const national = p.value.startsWith(prefix) ? p.value.slice(prefix.length) : null;
    out.contact_points?.write([
      env.workspaceId,
      object,
      id,
      'phone',
      text(p.value),
      text(national),
    ]);
  }
  for (const e of emails)
    out.contact_points?.write([env.workspaceId, object, id, 'email', text(e.value), NULL]);
}

function audit(
  env: LoadEnv,
  out: Writers,
  event: {
    at: number;
    actor: string;
    action: string;
    object: string;
    recordId: string;
    changes: unknown;
    seedIndex: number;
  },
): void {
  const rng = streamFor(env.seed, `audit:${event.object}:${event.action}`, event.seedIndex);
  out.audit_events?.write([
    env.workspaceId,
    uuidV7(event.at, rng),
    timestamp(event.at),
    event.actor,
    'user',
    event.action,
    event.object,
    event.recordId,
    json(event.changes),
  ]);
}

/** Writes the create event and, for handed-over records, the owner change. */
function history(
  env: LoadEnv,
  out: Writers,
  object: RecordObject,
  record: { id: string; createdAt: number; updatedAt: number; index: number },
  values: Record<string, unknown>,
  fields: readonly string[],
  owner: string,
  previousOwner: string | null,
): void {
  audit(env, out, {
    at: record.createdAt + env.shift,
    actor: previousOwner ?? owner,
    action: 'create',
    object,
    recordId: record.id,
    changes: diffFields({}, { ...values, ownerId: previousOwner ?? owner }, fields),
    seedIndex: record.index,
  });
  if (previousOwner) {
    audit(env, out, {
      at: record.updatedAt + env.shift,
      actor: previousOwner,
      action: 'update',
      object,
      recordId: record.id,
      changes: { ownerId: [previousOwner, owner] },
      seedIndex: record.index,
    });
  }
}

/** Half a percent of records sit in the "deleted" view. */
function deletedAt(env: LoadEnv, object: string, index: number, updatedAt: number): string {
  const rng = streamFor(env.seed, `${object}#deleted`, index);
  return rng.chance(0.005) ? timestamp(updatedAt + env.shift) : NULL;
}

export const LOADERS: Loader[] = [
  {
    name: 'companies',
    tables: {
      companies: [
        ...RECORD_HEAD,
        'name',
        'legal_name',
        'vat_id',
        'registration_number',
        'kinds',
        'emails',
        'phones',
        'addresses',
        'website',
        'industry',
        'parent_id',
      ],
      contact_points: CONTACT_POINTS,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.companies,
    emit(env, index, out) {
      const c = env.gen.company(index);
      env.companyNames[index] = c.name;
      const owner = env.user(c.ownerId);
      const previous = c.previousOwnerId ? env.user(c.previousOwnerId) : null;
      const values = {
        name: c.name,
        legalName: c.legalName,
        vatId: c.vatId,
        registrationNumber: c.registrationNumber,
        kinds: c.kinds,
        emails: c.emails,
        phones: c.phones,
        addresses: c.addresses,
        website: c.website,
        industry: c.industry,
        ownerId: owner,
        parentId: c.parentId,
        tags: c.tags,
        custom: c.custom,
      };
      out.companies?.write([
        env.workspaceId,
        c.id,
        owner,
        textArray(c.tags),
        json(c.custom),
        text(companySearchText(values, env.definitions.companies)),
        previous ? '2' : '1',
        timestamp(c.createdAt + env.shift),
        timestamp(c.updatedAt + env.shift),
        previous ?? owner,
        previous ?? owner,
        deletedAt(env, 'companies', index, c.updatedAt),
        text(c.name),
        text(c.legalName),
        text(c.vatId),
        text(c.registrationNumber),
        textArray(c.kinds),
        json(c.emails),
        json(c.phones),
        json(c.addresses),
        text(c.website),
        text(c.industry),
        c.parentId ?? NULL,
      ]);
      contactPoints(env, out, 'companies', c.id, c.country, c.phones, c.emails);
      history(env, out, 'companies', c, values, COMPANY_AUDITED, owner, previous);
    },
  },
  {
    name: 'contacts',
    tables: {
      contacts: [
        ...RECORD_HEAD,
        'first_name',
        'last_name',
        'job_title',
        'emails',
        'phones',
        'addresses',
        'birthday',
        'locale',
        'company_id',
      ],
      contact_points: CONTACT_POINTS,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.contacts,
    emit(env, index, out) {
      const c = env.gen.contact(index);
      env.contactNames?.set(c.id, `${c.firstName} ${c.lastName}`.trim());
      const owner = env.user(c.ownerId);
      const previous = c.previousOwnerId ? env.user(c.previousOwnerId) : null;
      const values = {
        firstName: c.firstName,
        lastName: c.lastName,
        jobTitle: c.jobTitle,
        emails: c.emails,
        phones: c.phones,
        addresses: c.addresses,
        birthday: c.birthday,
        locale: c.locale,
        tags: c.tags,
        ownerId: owner,
        companyId: c.companyId,
        custom: c.custom,
      };
      const companyName =
        c.companyIndex === null
          ? null
          : (env.companyNames[c.companyIndex] ?? env.gen.companyName(c.companyIndex));
      out.contacts?.write([
        env.workspaceId,
        c.id,
        owner,
        textArray(c.tags),
        json(c.custom),
        text(contactSearchText(values, companyName, env.definitions.contacts)),
        previous ? '2' : '1',
        timestamp(c.createdAt + env.shift),
        timestamp(c.updatedAt + env.shift),
        previous ?? owner,
        previous ?? owner,
        deletedAt(env, 'contacts', index, c.updatedAt),
        text(c.firstName),
        text(c.lastName),
        text(c.jobTitle),
        json(c.emails),
        json(c.phones),
        json(c.addresses),
        text(c.birthday),
        text(c.locale),
        c.companyId ?? NULL,
      ]);
      contactPoints(env, out, 'contacts', c.id, c.country, c.phones, c.emails);
      history(env, out, 'contacts', c, values, CONTACT_AUDITED, owner, previous);
    },
  },
  {
    name: 'leads',
    tables: {
      leads: [
        ...RECORD_HEAD,
        'name',
        'company_name',
        'email',
        'phone',
        'source',
        'message',
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'utm_term',
        'utm_content',
        'status',
        'disqualify_reason',
      ],
      contact_points: CONTACT_POINTS,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.leads,
    emit(env, index, out) {
      const l = env.gen.lead(index);
      const owner = env.user(l.ownerId);
      const values = {
        name: l.name,
        companyName: l.companyName,
        email: l.email,
        phone: l.phone,
        source: l.source,
        message: l.message,
        utmSource: l.utmSource,
        utmMedium: l.utmMedium,
        utmCampaign: l.utmCampaign,
        utmTerm: l.utmTerm,
        utmContent: l.utmContent,
        status: l.status,
        disqualifyReason: l.disqualifyReason,
        ownerId: owner,
        tags: l.tags,
        custom: l.custom,
      };
      out.leads?.write([
        env.workspaceId,
        l.id,
        owner,
        textArray(l.tags),
        json(l.custom),
        text(leadSearchText(values, env.definitions.leads)),
        '1',
        timestamp(l.createdAt + env.shift),
        timestamp(l.createdAt + env.shift),
        owner,
        owner,
        deletedAt(env, 'leads', index, l.createdAt),
        text(l.name),
        text(l.companyName),
        text(l.email),
        text(l.phone),
        text(l.source),
        text(l.message),
        text(l.utmSource),
        text(l.utmMedium),
        text(l.utmCampaign),
        text(l.utmTerm),
        text(l.utmContent),
        text(l.status),
        text(l.disqualifyReason),
      ]);
      contactPoints(
        env,
        out,
        'leads',
        l.id,
        l.country,
        l.phone ? [{ value: l.phone, label: null }] : [],
        l.email ? [{ value: l.email, label: null }] : [],
      );
      history(
        env,
        out,
        'leads',
        { ...l, updatedAt: l.createdAt },
        values,
        LEAD_AUDITED,
        owner,
        null,
      );
    },
  },
  {
    name: 'deals',
    tables: {
      deals: [
        ...RECORD_HEAD,
        'title',
        'contact_id',
        'company_id',
        'pipeline_id',
        'stage_id',
        'amount',
        'currency',
        'probability',
        'expected_close_date',
        'status',
        'closed_at',
        'lost_reason_id',
        'stage_entered_at',
        'pipeline_entered_at',
        'board_position',
        'funnel_reached_stage_id',
      ],
      deal_stage_history: [
        'workspace_id',
        'id',
        'deal_id',
        'pipeline_id',
        'from_stage_id',
        'to_stage_id',
        'at',
        'actor_id',
        'owner_id',
        'amount',
        'currency',
        'deal_entered_at',
      ],
      audit_events: AUDIT,
    },
    count: (env) => (env.pipeline ? env.gen.counts.deals : 0),
    emit(env, index, out) {
      const pipeline = env.pipeline;
      if (!pipeline) return;
      const d = env.gen.deal(index);
      const owner = env.user(d.ownerId);
      const stageId = pipeline.stages[d.stage] ?? pipeline.firstStage;
      const lostReasonId = d.lostReason ? (pipeline.lostReasons[d.lostReason] ?? null) : null;
      const companyName = env.companyNames[d.companyIndex] ?? env.gen.companyName(d.companyIndex);
      const contactName = d.contactId ? (env.contactNames?.get(d.contactId) ?? null) : null;
      const values = {
        title: d.title,
        contactId: d.contactId,
        companyId: d.companyId,
        pipelineId: pipeline.id,
        stageId,
        amount: d.amount,
        currency: d.currency,
        probability: d.probability,
        expectedCloseDate: d.expectedCloseDate,
        ownerId: owner,
        source: null,
        campaign: null,
        tags: [] as string[],
        custom: {},
        status: d.status,
        lostReasonId,
        lostNote: null,
      };
      // The stage was entered when the deal closed, else at a point of its life.
      const entered = d.closedAt ?? d.createdAt;
      out.deals?.write([
        env.workspaceId,
        d.id,
        owner,
        textArray([]),
        json({}),
        text(dealSearchText(values, companyName, contactName, [])),
        '1',
        timestamp(d.createdAt + env.shift),
        timestamp(entered + env.shift),
        owner,
        owner,
        NULL,
        text(d.title),
        d.contactId ?? NULL,
        d.companyId,
        pipeline.id,
        stageId,
        String(d.amount),
        text(d.currency),
        String(d.probability),
        text(d.expectedCloseDate),
        text(d.status),
        d.closedAt === null ? NULL : timestamp(d.closedAt + env.shift),
        lostReasonId ?? NULL,
        timestamp(entered + env.shift),
        timestamp(d.createdAt + env.shift),
        String(-index),
        // What the funnel reads (see recordStageEntry): the one history row below is the stage.
        d.status === 'open' ? stageId : NULL,
      ]);
      const rng = streamFor(env.seed, 'deals#history', index);
      out.deal_stage_history?.write([
        env.workspaceId,
        uuidV7(d.createdAt, rng),
        d.id,
        pipeline.id,
        NULL,
        stageId,
        timestamp(entered + env.shift),
        owner,
        owner,
        String(d.amount),
        text(d.currency),
        timestamp(d.createdAt + env.shift),
      ]);
      history(
        env,
        out,
        'deals',
        { ...d, updatedAt: d.createdAt },
        values,
        DEAL_AUDITED,
        owner,
        null,
      );
    },
  },
  {
    name: 'activities',
    tables: {
      activities: [
        'workspace_id',
        'id',
        'record_type',
        'record_id',
        'kind',
        'body',
        'data',
        'actor_id',
        'occurred_at',
        'created_at',
        'updated_at',
      ],
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.activities,
    emit(env, index, out) {
      const a = env.gen.activity(index);
      const actor = env.user(a.actorId);
      const at = timestamp(a.occurredAt + env.shift);
      out.activities?.write([
        env.workspaceId,
        a.id,
        a.recordType,
        a.recordId,
        a.kind,
        text(a.body),
        json(a.data),
        actor,
        at,
        at,
        at,
      ]);
      // Adding a note is audited (timeline/service.ts addNote); calls and emails arrive through
      // their own features and are not business-record changes.
      if (a.kind === 'note') {
        audit(env, out, {
          at: a.occurredAt + env.shift,
          actor,
          action: 'create',
          object: 'notes',
          recordId: a.id,
          changes: null,
          seedIndex: index,
        });
      }
    },
  },
];
