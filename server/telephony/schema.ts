import { z } from 'zod';

export const CALL_EVENTS = ['ringing', 'answered', 'ended', 'missed'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
/** ringing → in_progress → completed; or missed (never answered). */
export const CALL_STATUSES = ['ringing', 'in_progress', 'completed', 'missed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

const phoneText = z.string().trim().min(1).max(60);
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('http(s) URL');

/** One event of a call, as a PBX (or its adapter) reports it. */
export const callEventBody = z.strictObject({
  callId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The PBX call id (Asterisk Uniqueid/Linkedid, 3CX CallID, …); events merge by it'),
  event: z.enum(CALL_EVENTS),
  direction: z.enum(CALL_DIRECTIONS),
  from: phoneText.describe('Caller number in any format: +381…, 00381…, 064/123-45-67'),
  to: phoneText.describe('Called number or extension'),
  extension: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe("The agent's extension (users map themselves to extensions)"),
  agentEmail: z.email().max(254).optional().describe('Alternative to `extension`'),
  at: z.iso.datetime({ offset: true }).describe('When the event happened (ISO 8601)'),
  durationSec: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .optional()
    .describe('Talk time, on `ended`'),
  recordingUrl: httpUrl.optional().describe('Recording playable in the browser, on `ended`'),
});
export type CallEventInput = z.infer<typeof callEventBody>;

export const callEventResponse = z.object({
  id: z.uuid().describe('The call in Odnos'),
  callId: z.string(),
  status: z.enum(CALL_STATUSES),
  /** true when this (callId, event) was already received: nothing changed. */
  duplicate: z.boolean(),
  agentId: z.uuid().nullable(),
  matches: z.number().int(),
  leadId: z.uuid().nullable(),
  taskId: z.uuid().nullable(),
  /** unknown_extension, unknown_agent_email, number_not_normalized */
  warnings: z.array(z.string()),
});
export type CallEventResult = z.infer<typeof callEventResponse>;

const recordRef = z.object({
  type: z.enum(['contacts', 'companies', 'leads']),
  id: z.uuid(),
  title: z.string(),
});

export const callOut = z.object({
  id: z.uuid(),
  callId: z.string(),
  direction: z.enum(CALL_DIRECTIONS),
  status: z.enum(CALL_STATUSES),
  from: z.string(),
  to: z.string(),
  number: z.string().describe('The other party, E.164 when it could be normalized'),
  numberFormatted: z.string(),
  extension: z.string().nullable(),
  agent: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  startedAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationSec: z.number().int().nullable(),
  recordingUrl: z.string().nullable(),
  matches: z.array(recordRef),
  matchCount: z.number().int(),
  leadId: z.uuid().nullable(),
  taskId: z.uuid().nullable(),
  callbackDueAt: z.iso.datetime().nullable(),
  note: z.string().nullable(),
});
export type CallOut = z.infer<typeof callOut>;

export const callListQuery = z.strictObject({
  status: z.enum(CALL_STATUSES).optional(),
  direction: z.enum(CALL_DIRECTIONS).optional(),
  agentId: z.uuid().optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type CallListQuery = z.infer<typeof callListQuery>;
export const callPage = z.object({ data: z.array(callOut), nextCursor: z.string().nullable() });

export const callNoteBody = z.strictObject({ note: z.string().trim().max(10_000) });

export const settingsOut = z.object({
  signingSecretSet: z.boolean(),
  clickToCallUrl: z.string().nullable(),
  callbackSlaMinutes: z.number().int(),
  callbackUserId: z.uuid().nullable(),
  eventsUrl: z.string().describe('Where the PBX posts events'),
});
export const settingsBody = z.strictObject({
  /** A new secret; null turns signature checking off. */
  signingSecret: z.string().min(16).max(200).nullable().optional(),
  clickToCallUrl: httpUrl.nullable().optional(),
  callbackSlaMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  callbackUserId: z.uuid().nullable().optional(),
});
export type SettingsInput = z.infer<typeof settingsBody>;

export const agentOut = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  extension: z.string().nullable(),
});
export const agentList = z.object({ data: z.array(agentOut) });
export const agentParams = z.strictObject({ userId: z.uuid() });
export const agentBody = z.strictObject({
  extension: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z*#+._-]{1,40}$/, 'telephony:errors.invalid_extension')
    .nullable(),
});

export const dialBody = z.strictObject({
  number: z.string().trim().min(1).max(60),
  recordType: z.enum(['contacts', 'companies', 'leads']).optional(),
  recordId: z.uuid().optional(),
});
export const dialResponse = z.object({
  mode: z.enum(['webhook', 'tel']),
  number: z.string(),
  telUri: z.string(),
  /** HTTP status the PBX answered (webhook mode). */
  pbxStatus: z.number().int().nullable(),
});

const personRef = z.object({ id: z.uuid(), name: z.string() });

export const interactionOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  at: z.iso.datetime(),
  summary: z.string().nullable(),
  actor: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const nextPurchaseOut = z.object({
  productId: z.uuid(),
  productName: z.string(),
  purchases: z.number().int(),
  intervalDays: z.number(),
  lastAt: z.iso.date(),
  nextAt: z.iso.date(),
  daysSinceLast: z.number().int(),
  dueInDays: z.number().int(),
  regularity: z.number(),
});

export const recommendationOut = z.object({
  productId: z.uuid(),
  productName: z.string(),
  becauseOfId: z.uuid(),
  becauseOfName: z.string(),
  /** Share of the customers who bought `becauseOf` that also bought this product. */
  confidence: z.number(),
  lift: z.number(),
  /** Customers who bought both. */
  customers: z.number().int(),
});

export const screenPopCustomer = z.object({
  type: z.enum(['contacts', 'companies', 'leads']),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  photoUrl: z.string().nullable(),
  owner: personRef.nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  company: personRef.nullable(),
  leadStatus: z.string().nullable(),
  lastInteractions: z.array(interactionOut),
  /** null: the feature that provides the section is not installed in this build. */
  openDeals: z
    .array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        amount: z.number().nullable(),
        currency: z.string().nullable(),
        stage: z.string().nullable(),
      }),
    )
    .nullable(),
  openTasks: z
    .array(z.object({ id: z.uuid(), title: z.string(), dueAt: z.string().nullable() }))
    .nullable(),
  purchases: z
    .object({
      recent: z.array(
        z.object({
          date: z.iso.date(),
          productId: z.uuid().nullable(),
          description: z.string(),
          quantity: z.number(),
          amount: z.number(),
          currency: z.string(),
          document: z.string().nullable(),
        }),
      ),
      lifetime: z.object({
        documents: z.number().int(),
        amount: z.number(),
        currency: z.string(),
        firstAt: z.iso.date().nullable(),
        lastAt: z.iso.date().nullable(),
      }),
    })
    .nullable(),
  nextPurchases: z.array(nextPurchaseOut),
  recommendations: z.array(recommendationOut),
  finance: z
    .object({
      currency: z.string(),
      balance: z.number(),
      overdue: z.number(),
      daysOverdue: z.number().int(),
      creditLimit: z.number().nullable(),
      availableCredit: z.number().nullable(),
      paymentTermsDays: z.number().int().nullable(),
      overCreditLimit: z.boolean(),
      latePayments: z.number().int(),
      averageDaysToPay: z.number().nullable(),
      /** 0–100, see telephony/credit.ts; null without invoice history. */
      disciplineScore: z.number().nullable(),
    })
    .nullable(),
});
export type ScreenPopCustomer = z.infer<typeof screenPopCustomer>;

export const screenPopOut = z.object({
  number: z.string().nullable(),
  numberFormatted: z.string().nullable(),
  call: z
    .object({
      id: z.uuid(),
      direction: z.enum(CALL_DIRECTIONS),
      status: z.enum(CALL_STATUSES),
      startedAt: z.iso.datetime(),
      leadId: z.uuid().nullable(),
    })
    .nullable(),
  /** Every record with this number (a chooser when more than one); `matchCount` may exceed it. */
  matches: z.array(recordRef.extend({ subtitle: z.string().nullable() })),
  matchCount: z.number().int(),
  /** The record shown: the chosen one, else the first match; null for an unknown number. */
  customer: screenPopCustomer.nullable(),
});
export type ScreenPop = z.infer<typeof screenPopOut>;

export const screenPopQuery = z.strictObject({
  phone: z.string().trim().min(1).max(60).optional(),
  type: z.enum(['contacts', 'companies', 'leads']).optional(),
  id: z.uuid().optional(),
  callId: z.uuid().optional(),
});

export const recomputeResponse = z.object({
  customers: z.number().int(),
  predictions: z.number().int(),
  rules: z.number().int(),
  ms: z.number(),
});
