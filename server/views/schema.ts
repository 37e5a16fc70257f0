import { z } from 'zod';
import { RECORD_OBJECTS } from '../../common/records.js';

/** A saved list view: the columns, filters, sort and search a user keeps as a tab. */
export const viewConfig = z.strictObject({
  columns: z.array(z.string().max(80)).max(100).default([]),
  filters: z.record(z.string().max(120), z.string().max(500)).default({}),
  sort: z.string().max(80).optional(),
  q: z.string().max(200).optional(),
});

export const viewsQuery = z.strictObject({ object: z.enum(RECORD_OBJECTS) });
export const viewCreateBody = z.strictObject({
  object: z.enum(RECORD_OBJECTS),
  name: z.string().trim().min(1).max(100),
  config: viewConfig,
});
export const viewUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  config: viewConfig.optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const viewOut = z.object({
  id: z.uuid(),
  object: z.enum(RECORD_OBJECTS),
  name: z.string(),
  config: viewConfig,
  position: z.number().int(),
});
export const viewList = z.object({ data: z.array(viewOut) });
