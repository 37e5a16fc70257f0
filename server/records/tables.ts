import type { RecordObject } from '../../common/records.js';
import { companies, contacts, leads } from '../db/schema.js';
import { deals } from '../deals/tables.js';

/** The tables behind the record objects; they share the record columns (schema.ts). */
export const recordTables = { contacts, companies, leads, deals } as const;
export type RecordTable = (typeof recordTables)[RecordObject];

/** Singular names used in audit rows, timeline entries and URLs of the web app. */
export const OBJECT_SINGULAR: Record<RecordObject, string> = {
  contacts: 'contact',
  companies: 'company',
  leads: 'lead',
  deals: 'deal',
};
