import { hashPassword, verifyPassword } from '../auth/secrets.js';
import { recordAudit, diffFields } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { reassignOwner } from '../records/service.js';
import type { RecordObject } from '../../common/records.js';
import * as repo from './repository.js';
import type { UserCreateInput, UserUpdateInput } from './schema.js';

export async function getUser(ctx: Ctx, id: string): Promise<repo.UserRow> {
  const user = await repo.findUser(ctx, id);
  if (!user) throw AppError.notFound();
  return user;
}

export const listUsers = repo.listUsers;

export async function createUser(ctx: Ctx, input: UserCreateInput): Promise<repo.UserRow> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    if (await repo.emailExists(tx, input.email))
      throw AppError.invalid('email', 'field.email_taken');
    const user = await repo.insertUser(tx, {
      id: newId(),
      name: input.name,
      email: input.email,
      passwordHash,
      role: input.role,
      locale: input.locale,
    });
    await recordAudit(tx, {
      action: 'create',
      object: 'users',
      recordId: user.id,
      changes: { name: [null, user.name], email: [null, user.email], role: [null, user.role] },
    });
    return user;
  });
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  input: UserUpdateInput,
): Promise<repo.UserRow> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx, async (tx) => {
    const before = await getUser(tx, id);
    const losesAdmin =
      before.role === 'admin' && ((input.role && input.role !== 'admin') || input.active === false);
    if (losesAdmin && (await repo.countActiveAdmins(tx)) <= 1) {
      throw AppError.invalid(input.role ? 'role' : 'active', 'field.last_admin');
    }
    const after = await repo.updateUser(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!after) throw AppError.notFound();
    const changes = diffFields(before, after, ['name', 'role', 'locale', 'active']);
    if (passwordHash) changes.password = ['***', '***'];
    await recordAudit(tx, {
      action: changes.role ? 'permission_change' : 'update',
      object: 'users',
      recordId: id,
      changes,
    });
    return after;
  });
}

/** The signed-in user edits their own name, language or password. */
export async function updateMe(
  ctx: Ctx,
  input: {
    name?: string | undefined;
    locale?: UserUpdateInput['locale'];
    password?: string | undefined;
    currentPassword?: string | undefined;
  },
): Promise<repo.UserRow> {
  const me = await getUser(ctx, ctx.actor.userId ?? '');
  if (input.password) {
    if (!input.currentPassword || !(await verifyPassword(me.passwordHash, input.currentPassword))) {
      throw AppError.invalid('currentPassword', 'field.wrong_password');
    }
  }
  return updateUser(ctx, me.id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
    ...(input.password ? { password: input.password } : {}),
  });
}

/** Hand-over (R4): every record of one employee goes to another, in one transaction. */
export async function handOver(
  ctx: Ctx,
  fromUserId: string,
  toUserId: string,
  objects: RecordObject[],
): Promise<Record<string, number>> {
  return inTransaction(ctx, async (tx) => {
    await getUser(tx, fromUserId);
    const target = await repo.findUser(tx, toUserId);
    if (!target?.active) throw AppError.invalid('toUserId', 'field.invalid_user');
    const moved: Record<string, number> = {};
    for (const object of objects)
      moved[object] = await reassignOwner(tx, object, fromUserId, toUserId);
    return moved;
  });
}
