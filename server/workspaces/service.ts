import { COUNTRIES, isLocale, type Country, type Locale } from '../../common/locales.js';
import { hashPassword } from '../auth/secrets.js';
import type { Database } from '../db/connection.js';
import { recordAudit } from '../platform/audit.js';
import { systemContext, type Ctx, type WorkspaceInfo } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { emailExists, insertUser } from '../users/repository.js';
import * as repo from './repository.js';
import type { SetupInput } from './schema.js';

const COUNTRY_BY_LOCALE: Record<Locale, Country | null> = {
  en: null,
  sl: 'SI',
  hr: 'HR',
  bs: 'BA',
  'sr-Cyrl': 'RS',
  'sr-Latn': 'RS',
  mk: 'MK',
  el: 'GR',
};
const COUNTRY_BY_CURRENCY: Record<string, Country> = {
  RSD: 'RS',
  MKD: 'MK',
  BAM: 'BA',
  GBP: 'GB',
  USD: 'US',
};

/** The workspace's country (default for phone numbers typed without a country code). */
export function defaultCountry(locale: Locale, currency: string): Country {
  return COUNTRY_BY_LOCALE[locale] ?? COUNTRY_BY_CURRENCY[currency] ?? 'SI';
}

export function workspaceInfo(row: repo.WorkspaceRow): WorkspaceInfo {
  return {
    id: row.id,
    name: row.name,
    locale: isLocale(row.locale) ? row.locale : 'en',
    currency: row.currency,
    country: row.country,
    timezone: row.timezone,
  };
}

export async function setupNeeded(database: Database): Promise<boolean> {
  return !(await repo.anyUserExists(database.db));
}

/**
 * Creates a workspace with its first administrator. The first-run setup passes `firstOnly`:
 * it works only while the installation has no user at all (afterwards 409).
 */
export async function createWorkspace(
  database: Database,
  input: Omit<SetupInput, 'demo'>,
  options: { firstOnly: boolean },
): Promise<{ ctx: Ctx; userId: string }> {
  const passwordHash = await hashPassword(input.password);
  const country = input.country ?? defaultCountry(input.locale, input.currency);
  return database.db.transaction(async (tx) => {
    const db = tx as unknown as Database['db'];
    await repo.lockSetup(db);
    if (options.firstOnly && (await repo.anyUserExists(db))) throw new AppError('setup_done');
    const workspace = await repo.insertWorkspace(db, {
      id: newId(),
      name: input.workspaceName,
      locale: input.locale,
      currency: input.currency,
      country,
      timezone: input.timezone ?? COUNTRIES[country].timezone,
    });
    const ctx = { ...systemContext(database, workspaceInfo(workspace)), db };
    if (await emailExists(ctx, input.email)) throw AppError.invalid('email', 'field.email_taken');
    const user = await insertUser(ctx, {
      id: newId(),
      name: input.name,
      email: input.email,
      passwordHash,
      role: 'admin',
      locale: input.locale,
    });
    const userCtx: Ctx = { ...ctx, actor: { type: 'user', userId: user.id, role: 'admin' } };
    await recordAudit(userCtx, {
      action: 'create',
      object: 'workspaces',
      recordId: workspace.id,
      changes: { name: [null, workspace.name] },
    });
    await recordAudit(userCtx, {
      action: 'create',
      object: 'users',
      recordId: user.id,
      changes: { email: [null, user.email], role: [null, 'admin'] },
    });
    return { ctx: { ...userCtx, db: database.db }, userId: user.id };
  });
}

export async function updateWorkspace(
  ctx: Ctx,
  patch: Partial<Pick<repo.WorkspaceRow, 'name' | 'locale' | 'currency' | 'country' | 'timezone'>>,
): Promise<WorkspaceInfo> {
  const row = await repo.updateWorkspace(ctx.db, ctx.workspace.id, patch);
  if (!row) throw AppError.notFound();
  await recordAudit(ctx, {
    action: 'update',
    object: 'workspaces',
    recordId: row.id,
    changes: Object.fromEntries(
      Object.entries(patch).map(([k, v]) => [k, [ctx.workspace[k as keyof WorkspaceInfo], v]]),
    ),
  });
  return workspaceInfo(row);
}
