import { RecordListPage } from '../records/RecordListPage.js';
import { RecordPage } from '../records/RecordPage.js';
import { companyConfig } from './config.js';

export function CompanyListPage() {
  return <RecordListPage config={companyConfig} />;
}

export function CompanyPage() {
  return <RecordPage config={companyConfig} />;
}
