/**
 * The screen pop's two predictions, as pure functions (the background job feeds them purchase
 * lines and stores the results; the pop only reads):
 *
 * 1. Repeat purchases — per customer and product, the intervals between the distinct days the
 *    customer bought it. The typical interval is their median (robust to one odd gap); the
 *    expected next purchase is the last purchase + that interval. `regularity` (1 − median
 *    absolute deviation / median, clipped to 0…1) tells how steady the rhythm is.
 * 2. Co-purchase rules — item-to-item association rules over customer baskets (everything one
 *    customer bought): for products A and B, support = share of customers with both,
 *    confidence(A→B) = customers with both / customers with A, lift = confidence / share of
 *    customers with B. Rules need a minimum number of customers and lift > 1 (B is bought with A
 *    more often than on its own). A customer is offered the best consequents of what they own,
 *    excluding what they own.
 */

const DAY_MS = 86_400_000;

export interface DatedPurchase {
  productId: string;
  productName: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface RepeatPrediction {
  productId: string;
  productName: string;
  purchases: number;
  intervalDays: number;
  lastAt: string;
  nextAt: string;
  regularity: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Products one customer buys repeatedly (at least `minPurchases` distinct days), with the
 * expected next purchase date; most regular rhythms first.
 */
export function repeatPurchases(
  purchases: DatedPurchase[],
  options: { minPurchases?: number } = {},
): RepeatPrediction[] {
  const minPurchases = options.minPurchases ?? 3;
  const byProduct = new Map<string, { name: string; days: Set<number> }>();
  for (const p of purchases) {
    const entry = byProduct.get(p.productId) ?? { name: p.productName, days: new Set() };
    entry.days.add(dayNumber(p.date));
    byProduct.set(p.productId, entry);
  }
  const out: RepeatPrediction[] = [];
  for (const [productId, { name, days }] of byProduct) {
    if (days.size < minPurchases) continue;
    const sorted = [...days].sort((a, b) => a - b);
    const intervals = sorted.slice(1).map((d, i) => d - (sorted[i] ?? d));
    const typical = median(intervals);
    if (!(typical > 0)) continue;
    const deviation = median(intervals.map((x) => Math.abs(x - typical)));
    const last = sorted[sorted.length - 1] ?? 0;
    out.push({
      productId,
      productName: name,
      purchases: sorted.length,
      intervalDays: typical,
      lastAt: dateOf(last),
      nextAt: dateOf(last + Math.round(typical)),
      regularity: Math.round(Math.max(0, Math.min(1, 1 - deviation / typical)) * 1000) / 1000,
    });
  }
  return out.sort((a, b) => b.regularity - a.regularity || a.nextAt.localeCompare(b.nextAt));
}

export interface AssociationRule {
  productId: string;
  otherProductId: string;
  /** customers who bought both */
  customers: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface RuleOptions {
  /** Minimum customers who bought both products (absolute support). */
  minCustomers?: number;
  /** Minimum share of all customers who bought both. */
  minSupport?: number;
  minConfidence?: number;
  /** Rules kept per antecedent product, best confidence first. */
  maxPerProduct?: number;
  /** Baskets larger than this are sampled down to it for pair counting (pairs grow as n²). */
  maxBasket?: number;
}

/** Item-to-item rules from customer baskets (each basket: the distinct products of one customer). */
export function associationRules(
  baskets: Iterable<readonly string[]>,
  options: RuleOptions = {},
): AssociationRule[] {
  const minCustomers = options.minCustomers ?? 3;
  const minSupport = options.minSupport ?? 0;
  const minConfidence = options.minConfidence ?? 0.05;
  const maxPerProduct = options.maxPerProduct ?? 10;
  const maxBasket = options.maxBasket ?? 200;
  const single = new Map<string, number>();
  const pairs = new Map<string, number>();
  let total = 0;
  for (const raw of baskets) {
    const basket = [...new Set(raw)].sort().slice(0, maxBasket);
    if (basket.length === 0) continue;
    total++;
    for (const p of basket) single.set(p, (single.get(p) ?? 0) + 1);
    for (let i = 0; i < basket.length; i++) {
      for (let j = i + 1; j < basket.length; j++) {
        const key = `${basket[i]}|${basket[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  const byAntecedent = new Map<string, AssociationRule[]>();
  for (const [key, both] of pairs) {
    if (both < minCustomers || both / total < minSupport) continue;
    const [a, b] = key.split('|') as [string, string];
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const confidence = both / (single.get(x) ?? both);
      const lift = confidence / ((single.get(y) ?? both) / total);
      if (confidence < minConfidence || lift <= 1) continue;
      const list = byAntecedent.get(x) ?? [];
      list.push({
        productId: x,
        otherProductId: y,
        customers: both,
        support: both / total,
        confidence,
        lift,
      });
      byAntecedent.set(x, list);
    }
  }
  const rules: AssociationRule[] = [];
  for (const list of byAntecedent.values()) {
    list.sort(
      (r, s) =>
        s.confidence - r.confidence ||
        s.lift - r.lift ||
        r.otherProductId.localeCompare(s.otherProductId),
    );
    rules.push(...list.slice(0, maxPerProduct));
  }
  return rules;
}

export interface Recommendation {
  productId: string;
  /** The owned product whose rule suggested it (the strongest one). */
  becauseOf: string;
  confidence: number;
  lift: number;
}

/** The best `k` products that fit what the customer owns, never one they already own. */
export function recommend(
  owned: ReadonlySet<string>,
  rules: Iterable<AssociationRule>,
  k = 5,
): Recommendation[] {
  const best = new Map<string, Recommendation>();
  for (const rule of rules) {
    if (!owned.has(rule.productId) || owned.has(rule.otherProductId)) continue;
    const current = best.get(rule.otherProductId);
    if (
      !current ||
      rule.confidence > current.confidence ||
      (rule.confidence === current.confidence && rule.lift > current.lift)
    ) {
      best.set(rule.otherProductId, {
        productId: rule.otherProductId,
        becauseOf: rule.productId,
        confidence: rule.confidence,
        lift: rule.lift,
      });
    }
  }
  return [...best.values()]
    .sort(
      (a, b) =>
        b.confidence - a.confidence || b.lift - a.lift || a.productId.localeCompare(b.productId),
    )
    .slice(0, k);
}

/** Days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
