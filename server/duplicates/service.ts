import { normalizePhone } from '../../common/phone.js';
import { normalizeText } from '../../common/search/normalize.js';
import type { Ctx } from '../platform/context.js';
import * as repo from './repository.js';
import type { DuplicateCheckInput, DuplicateMatch } from './schema.js';

/**
 * Possible duplicates of a person/organization about to be created (R3): the same normalized
 * email or phone, the same VAT id, or a similar name in any script. Shown before creating.
 */
export async function findPossibleDuplicates(
  ctx: Ctx,
  input: DuplicateCheckInput,
): Promise<DuplicateMatch[]> {
  const emails = input.emails.map((e) => e.toLowerCase()).filter((e) => e.includes('@'));
  const phones = input.phones
    .map((p) => normalizePhone(p, ctx.workspace.country))
    .filter((p) => p !== null);
  const candidates: repo.DuplicateCandidate[] = [
    ...(await repo.byContactPoints(ctx, emails, phones)),
    ...(input.vatId
      ? await repo.byVatId(ctx, input.vatId.replace(/[\s.-]/g, '').toUpperCase())
      : []),
  ];
  const name = input.name ? normalizeText(input.name) : '';
  if (name.includes(' ')) {
    candidates.push(
      ...(await repo.byName(ctx, 'contacts', name)),
      ...(await repo.byName(ctx, 'leads', name)),
    );
  }
  const companyName = input.companyName ? normalizeText(input.companyName) : '';
  if (companyName) candidates.push(...(await repo.byName(ctx, 'companies', companyName)));

  const merged = new Map<
    string,
    {
      type: repo.DuplicateCandidate['type'];
      id: string;
      reasons: Set<repo.DuplicateCandidate['reason']>;
    }
  >();
  for (const c of candidates) {
    if (c.id === input.excludeId) continue;
    const key = `${c.type}:${c.id}`;
    const entry = merged.get(key) ?? { type: c.type, id: c.id, reasons: new Set() };
    entry.reasons.add(c.reason);
    merged.set(key, entry);
  }
  const summaries = new Map(
    (await repo.summaries(ctx, [...merged.values()])).map((s) => [`${s.type}:${s.id}`, s]),
  );
  const out: DuplicateMatch[] = [];
  for (const [key, entry] of merged) {
    const summary = summaries.get(key);
    if (!summary) continue; // deleted or not visible
    out.push({
      type: entry.type,
      id: entry.id,
      title: summary.title,
      subtitle: summary.subtitle,
      reasons: [...entry.reasons],
    });
  }
  // Exact matches (email, phone, VAT id) before name similarity.
  return out.sort(
    (a, b) =>
      Number(b.reasons.some((r) => r !== 'name')) - Number(a.reasons.some((r) => r !== 'name')),
  );
}
