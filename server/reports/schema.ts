/** The API contract of the reports that are not a feature's own (the funnel lives in deals). */
import { z } from 'zod';
import { isoDate } from '../catalog/schema.js';

export const activityReportQuery = z.strictObject({
  /** First and last day of the period (UTC), inclusive. */
  from: isoDate,
  to: isoDate,
  /** Only the activities of this employee (their actor). */
  ownerId: z.uuid().optional(),
  /** Only the activities of this team's members. */
  teamId: z.uuid().optional(),
  kind: z.string().min(1).max(50).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type ActivityReportQuery = z.infer<typeof activityReportQuery>;

/** Counts per activity kind (`note`, `call`, `email`, `task`, …). */
const kindCounts = z.record(z.string(), z.number().int());

export const activityReportOut = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  /** Every calendar month the period touches (`YYYY-MM`), empty ones included. */
  months: z.array(z.object({ month: z.string(), count: z.number().int(), kinds: kindCounts })),
  kinds: z.array(z.object({ kind: z.string(), count: z.number().int() })),
  /** Per employee, most active first; `userId` null for activities without an actor (system). */
  employees: z.array(
    z.object({
      userId: z.uuid().nullable(),
      name: z.string(),
      count: z.number().int(),
      kinds: kindCounts,
    }),
  ),
});
export type ActivityReportOut = z.infer<typeof activityReportOut>;
