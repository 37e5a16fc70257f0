/**
 * The screen pop (R17): one card about a caller assembled from every silo — who they are (CRM),
 * what they bought (sales), what they will likely buy next and what fits it (the prediction job's
 * stored results), their balance and credit terms (accounting). Each section is one indexed
 * query; independent sections run side by side on PostgreSQL's pool.
 */
import { formatPhone, normalizePhone } from '../../common/phone.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import * as popRepo from './screen-pop-repository.js';
import * as repo from './repository.js';
import type { ScreenPop, ScreenPopCustomer } from './schema.js';
import { daysBetween } from './prediction.js';
import type { CallMatch } from './tables.js';
import { disciplineScore } from './credit.js';

export interface ScreenPopRequest {
  phone?: string | undefined;
  type?: CallMatch['type'] | undefined;
  id?: string | undefined;
  callId?: string | undefined;
  /** The call row when the caller has it already (the ringing push): saves a read. */
  callRow?: repo.CallRow | undefined;
}

const today = () => new Date().toISOString().slice(0, 10);

export async function screenPop(ctx: Ctx, request: ScreenPopRequest): Promise<ScreenPop> {
  let number: string | null = null;
  let matches: CallMatch[] = [];
  let matchCount = 0;
  let call: repo.CallRow | null = null;
  if (request.callRow || request.callId) {
    call = request.callRow ?? (request.callId ? await repo.findCall(ctx, request.callId) : null);
    if (!call) throw AppError.notFound();
    number = call.customerNumber;
    matches = call.matches;
    matchCount = call.matchCount;
  } else if (request.phone) {
    const normalized = normalizePhone(request.phone.replace(/[/\\]/g, ' '), ctx.workspace.country);
    if (!normalized) throw AppError.invalid('phone', 'field.invalid_phone');
    number = normalized.e164;
    const [found, latest] = await Promise.all([
      repo.recordsByPhone(ctx, normalized, repo.MAX_MATCHES + 1),
      repo.latestCallFor(ctx, normalized.e164),
    ]);
    matchCount = found.length;
    matches = found.slice(0, repo.MAX_MATCHES);
    call = latest;
  } else if (!(request.type && request.id)) {
    throw AppError.invalid('phone', 'field.required');
  }

  const chosen: CallMatch | null =
    request.type && request.id ? { type: request.type, id: request.id } : (matches[0] ?? null);
  const customer = chosen ? await customerCard(ctx, chosen) : null;
  // One match is the record shown: its card has the title already.
  const titles: repo.RecordTitle[] =
    matches.length === 1 && customer && matches[0]?.id === customer.id
      ? [
          {
            type: customer.type,
            id: customer.id,
            title: customer.title,
            subtitle: customer.subtitle,
          },
        ]
      : await repo.recordTitles(ctx, matches);
  if (request.type && request.id && !customer) throw AppError.notFound();
  return {
    number,
    numberFormatted: number?.startsWith('+') ? formatPhone(number, ctx.workspace.country) : number,
    call: call
      ? {
          id: call.id,
          direction: call.direction as 'inbound' | 'outbound',
          status: call.status as 'ringing' | 'in_progress' | 'completed' | 'missed',
          startedAt: call.startedAt.toISOString(),
          leadId: call.leadId,
        }
      : null,
    matches: titles.map((t) => ({ type: t.type, id: t.id, title: t.title, subtitle: t.subtitle })),
    matchCount,
    customer,
  };
}

/** Everything about one record, or null when it does not exist for the caller. */
export async function customerCard(ctx: Ctx, ref: CallMatch): Promise<ScreenPopCustomer | null> {
  const [head, interactions, deals, tasks, predictions, sales] = await Promise.all([
    popRepo.recordHead(ctx, ref),
    popRepo.lastInteractions(ctx, ref, 5),
    popRepo.openDeals(ctx, ref, 5),
    popRepo.openTasks(ctx, ref, 5),
    popRepo.predictions(ctx, ref, 5),
    ref.type === 'leads'
      ? Promise.resolve(null)
      : salesSections(ctx, { type: ref.type, id: ref.id }),
  ]);
  if (!head) return null;
  const now = today();
  return {
    ...head,
    photoUrl: null,
    lastInteractions: interactions,
    openDeals: deals,
    openTasks: tasks,
    purchases: sales?.purchases ?? null,
    nextPurchases: predictions.map((p) => ({
      productId: p.productId,
      productName: p.productName,
      purchases: p.purchases,
      intervalDays: p.intervalDays,
      lastAt: p.lastAt,
      nextAt: p.nextAt,
      daysSinceLast: daysBetween(p.lastAt, now),
      dueInDays: daysBetween(now, p.nextAt),
      regularity: p.regularity,
    })),
    recommendations: sales?.recommendations ?? [],
    finance: sales?.finance ?? null,
  };
}

const RECOMMENDATIONS = 5;

/** What the customer bought, what fits it, and what they owe (sales + accounting silos). */
async function salesSections(ctx: Ctx, ref: popRepo.CustomerRef) {
  const [recent, life, finance] = await Promise.all([
    popRepo.recentPurchaseLines(ctx, ref, 5),
    popRepo.lifetime(ctx, ref),
    popRepo.finance(ctx, ref),
  ]);
  const rules = await popRepo.rulesFor(ctx, [...life.owned.keys()], RECOMMENDATIONS * 6);
  // The strongest rule per suggested product (rules arrive best first).
  const recommendations: ScreenPopCustomer['recommendations'] = [];
  for (const rule of rules) {
    if (recommendations.length >= RECOMMENDATIONS) break;
    if (recommendations.some((r) => r.productId === rule.otherProductId)) continue;
    recommendations.push({
      productId: rule.otherProductId,
      productName: rule.otherProductName,
      becauseOfId: rule.productId,
      becauseOfName: life.owned.get(rule.productId) ?? '',
      confidence: Math.round(rule.confidence * 1000) / 1000,
      lift: Math.round(rule.lift * 100) / 100,
      customers: rule.customers,
    });
  }
  return {
    purchases: {
      recent,
      lifetime: {
        documents: life.documents,
        amount: life.amount,
        currency: ctx.workspace.currency,
        firstAt: life.firstAt,
        lastAt: life.lastAt,
      },
    },
    recommendations,
    finance: {
      ...finance,
      disciplineScore: disciplineScore({
        paymentTermsDays: finance.paymentTermsDays,
        latePayments: finance.latePayments,
        averageDaysToPay: finance.averageDaysToPay,
        overdueDays: finance.daysOverdue,
        invoices: life.documents,
      }),
    },
  };
}
