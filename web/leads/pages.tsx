import { RecordListPage } from '../records/RecordListPage.js';
import { RecordPage } from '../records/RecordPage.js';
import { leadConfig } from './config.js';

export function LeadListPage() {
  return <RecordListPage config={leadConfig} />;
}

export function LeadPage() {
  return <RecordPage config={leadConfig} />;
}
