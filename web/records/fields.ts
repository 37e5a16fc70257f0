import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RecordObject } from '../../common/records.js';
import type { fieldOut } from '../../server/fields/schema.js';
import type { z } from 'zod';
import { get } from '../lib/api.js';

export type FieldDefinition = z.infer<typeof fieldOut>;

export const fieldsQuery = (object: RecordObject) =>
  queryOptions({
    queryKey: ['fields', object],
    queryFn: async () => (await get<{ data: FieldDefinition[] }>(`/fields?object=${object}`)).data,
    staleTime: 60_000,
  });

export function useFieldDefinitions(object: RecordObject): FieldDefinition[] {
  return useQuery(fieldsQuery(object)).data ?? [];
}
