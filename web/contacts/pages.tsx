import { RecordListPage } from '../records/RecordListPage.js';
import { RecordPage } from '../records/RecordPage.js';
import { contactConfig } from './config.js';

export function ContactListPage() {
  return <RecordListPage config={contactConfig} />;
}

export function ContactPage() {
  return <RecordPage config={contactConfig} />;
}
