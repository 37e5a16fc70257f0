import { contactListFirstPage, contactListPage100 } from './contact-list.js';
import { createContact, updateContact } from './contact-write.js';
import { dashboardAggregate } from './dashboard.js';
import { dealBoard } from './deal-board.js';
import { csvExport } from './csv-export.js';
import { csvImport } from './csv-import.js';
import { phoneLookup } from './phone-lookup.js';
import { readLoad } from './read-load.js';
import { recordPage } from './record-page.js';
import { globalSearch } from './search.js';
import type { Scenario } from './types.js';

/** Every scenario of `npm run bench`, in the order they run (`--only name,name` picks some). */
export const SCENARIOS: Scenario[] = [
  contactListFirstPage,
  contactListPage100,
  recordPage,
  globalSearch,
  phoneLookup,
  createContact,
  updateContact,
  dealBoard,
  dashboardAggregate,
  readLoad,
  csvExport,
  // Last: it runs the background job queue and writes many rows.
  csvImport,
];
