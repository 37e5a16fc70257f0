import { hashPassword, verifyPassword } from '../auth/secrets.js';
import { recordAudit, diffFields } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { reassignOwner } from '../records/service.js';
import { handOverOpenTasks } from '../tasks/handover.js';
import type { RecordObject } from '../../common/records.js';
import * as repo from './repository.js';
import { tierOf } from '../../common/access.js';
import { checkPassword, passwordChanged } from '../access/account.js';
import { touchPasswordChanged } from '../access/account-repository.js';
import { countActiveAdmins } from '../access/repository.js';
import {
  assignRole,
  listRoles,
  listTeams,
  roleForKey,
  roleOfUser,
  setUserTeams,
} from '../access/service.js';
import { requireAdmin } from '../platform/permissions.js';
import type { UserCreateInput, UserUpdateInput } from './schema.js';

export async function getUser(ctx: Ctx, id: string): Promise<repo.UserRow> {
  const user = await repo.findUser(ctx, id);
  if (!user) throw AppError.notFound();
  return user;
}

export const listUsers = repo.listUsers;

export async function createUser(ctx: Ctx, input: UserCreateInput): Promise<repo.UserRow> {
  requireAdmin(ctx);
  await checkPassword(ctx, input.password, 'password', [
    input.email.split('@')[0] ?? '',
    input.name,
  ]);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    if (await repo.emailExists(tx, input.email))
      throw AppError.invalid('email', 'field.email_taken');
    const role = await roleForKey(tx, input.role);
    if (input.deputyId && !(await repo.findUser(tx, input.deputyId)))
      throw AppError.invalid('deputyId', 'field.invalid_user');
    const user = await repo.insertUser(tx, {
      id: newId(),
      name: input.name,
      email: input.email,
      passwordHash,
      role: tierOf(role),
      roleId: role.id,
      deputyId: input.deputyId ?? null,
      locale: input.locale,
    });
    if (input.teamIds?.length) await setUserTeams(tx, user.id, input.teamIds);
    await recordAudit(tx, {
      action: 'create',
      object: 'users',
      recordId: user.id,
      changes: { name: [null, user.name], email: [null, user.email], role: [null, role.key] },
    });
    return user;
  });
}

/** Role keys and team memberships, to present users. */
export async function userAccessInfo(ctx: Ctx) {
  const roles = await listRoles(ctx);
  const teams = await listTeams(ctx);
  const byUser = new Map<string, string[]>();
  for (const team of teams)
    for (const userId of team.memberIds)
      byUser.set(userId, [...(byUser.get(userId) ?? []), team.id]);
  return { roleKeys: new Map(roles.map((r) => [r.id, r.key])), teams: byUser };
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  input: UserUpdateInput,
): Promise<repo.UserRow> {
  if (input.password) await checkPassword(ctx, input.password);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx, async (tx) => {
    const before = await getUser(tx, id);
    if (input.role !== undefined) await assignRole(tx, id, await roleForKey(tx, input.role));
    if (input.active === false && before.active) {
      const role = await roleOfUser(tx, id);
      if (role?.isAdmin && (await countActiveAdmins(tx)) <= 1)
        throw AppError.invalid('active', 'field.last_admin');
    }
    if (input.teamIds !== undefined) await setUserTeams(tx, id, input.teamIds);
    if (input.deputyId !== undefined && input.deputyId !== before.deputyId) {
      if (input.deputyId === id || (input.deputyId && !(await repo.findUser(tx, input.deputyId))))
        throw AppError.invalid('deputyId', 'field.invalid_user');
      await repo.updateUser(tx, id, { deputyId: input.deputyId });
      await recordAudit(tx, {
        action: 'update',
        object: 'users',
        recordId: id,
        changes: { deputyId: [before.deputyId, input.deputyId] },
      });
    }
    const after = await repo.updateUser(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!after) throw AppError.notFound();
    const changes = diffFields(before, after, ['name', 'locale', 'active']);
    if (passwordHash) {
      changes.password = ['***', '***'];
      await passwordChanged(tx, id, id === tx.actor.userId ? null : null);
    }
    if (input.active === false) await passwordChanged(tx, id, null);
    if (Object.keys(changes).length)
      await recordAudit(tx, { action: 'update', object: 'users', recordId: id, changes });
    return (await repo.findUser(tx, id)) ?? after;
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
  if (input.password)
    await checkPassword(ctx, input.password, 'password', [me.email.split('@')[0] ?? '', me.name]);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx, async (tx) => {
    const after = await repo.updateUser(tx, me.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!after) throw AppError.notFound();
    const changes = diffFields(me, after, ['name', 'locale']);
    if (passwordHash) {
      changes.password = ['***', '***'];
      await touchPasswordChanged(tx, me.id);
    }
    if (Object.keys(changes).length)
      await recordAudit(tx, { action: 'update', object: 'users', recordId: me.id, changes });
    return after;
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
    // R4: the open tasks go along with the records.
    moved.tasks = await handOverOpenTasks(tx, fromUserId, toUserId, null, null);
    return moved;
  });
}
