import type { ComponentType, ReactNode } from 'react';
import type { RecordObject } from '../../common/records.js';

export interface BaseRecord {
  id: string;
  ownerId: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export type FilterKind =
  'text' | 'enum' | 'multi' | 'owner' | 'tags' | 'date' | 'number' | 'boolean' | 'record';

export interface FilterDef {
  /** The list API field (`ownerId`, `status`, `custom.loyalty`). */
  field: string;
  label: string;
  kind: FilterKind;
  options?: { value: string; label: string }[];
}

export interface ColumnDef<T> {
  key: string;
  label: string;
  width: number;
  /** API sort field when the column is sortable. */
  sort?: string;
  render: (record: T) => ReactNode;
  /** Text columns edited in place: the API field to patch. */
  inlineEdit?: { field: string; value: (record: T) => string };
}

export interface FormProps<T> {
  /** The record being edited, or undefined for a new one. */
  record?: T;
  onSaved: (record: T) => void;
  onCancel: () => void;
}

/** Everything the shared list and record pages need to know about one object. */
export interface RecordConfig<T extends BaseRecord> {
  object: RecordObject;
  /** Translation namespace of the object. */
  ns: string;
  path: '/contacts' | '/companies' | '/leads' | '/deals';
  title: (record: T) => string;
  subtitle?: (record: T) => string | null;
  columns: ColumnDef<T>[];
  defaultColumns: string[];
  filters: FilterDef[];
  Form: ComponentType<FormProps<T>>;
  /** The facts in the record page's left column. */
  Details: ComponentType<{ record: T }>;
  /** Extra header actions and related-record tabs of the record page. */
  Actions?: ComponentType<{ record: T }>;
  tabs?: { key: string; label: string; Component: ComponentType<{ record: T }> }[];
  /** Key facts in the header (phone, email, …). */
  facts?: (record: T) => ReactNode;
}
