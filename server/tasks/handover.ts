/** Hand-over of open tasks from one employee to another (absence deputy, R4 bulk reassignment). */
import { publish } from '../events/bus.js';
import { recordAudit } from '../platform/audit.js';
import type { Ctx } from '../platform/context.js';
import * as repo from './repository.js';

/** Moves `fromUserId`'s open tasks due in [from, to) (all when null) to `toUserId`. */
export async function handOverOpenTasks(
  ctx: Ctx,
  fromUserId: string,
  toUserId: string,
  from: Date | null,
  to: Date | null,
): Promise<number> {
  const rows = await repo.openTasksOf(ctx, fromUserId, from, to);
  for (const row of rows) {
    await repo.updateTask(ctx, row.id, { ownerId: toUserId });
    await recordAudit(ctx, {
      action: 'update',
      object: 'tasks',
      recordId: row.id,
      changes: { ownerId: [fromUserId, toUserId] },
    });
  }
  if (rows.length > 0)
    await publish(
      ctx,
      { userIds: [fromUserId, toUserId] },
      { type: 'task.changed', data: { ids: rows.map((r) => r.id) } },
    );
  return rows.length;
}
