import { z } from 'zod';

export const noteBody = z.strictObject({
  body: z.string().trim().min(1).max(50_000),
});

export const noteParams = z.strictObject({ id: z.uuid(), noteId: z.uuid() });

export const timelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  kinds: z.string().max(200).optional().describe('Comma-separated: note, change, call, email, …'),
});

export const timelineItem = z.object({
  id: z.uuid(),
  /** note, call, email, … for activities; created, changed, deleted, restored, converted for changes */
  kind: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).nullable(),
  editable: z.boolean(),
});
export type TimelineItem = z.infer<typeof timelineItem>;
export const timelinePage = z.object({
  data: z.array(timelineItem),
  nextCursor: z.string().nullable(),
});
export const noteOut = timelineItem;
