import type { ImportObject } from '../../common/imports.js';
import { ApiError } from '../lib/api.js';

export type ImportStatus =
  'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'undoing' | 'undone';

export interface ImportOptions {
  duplicateMode: 'skip' | 'update' | 'create';
  duplicateKey: 'email' | 'phone' | 'vatId' | 'externalId' | 'sku' | 'none';
  dateFormat: 'auto' | 'DMY' | 'YMD' | 'MDY';
  decimalComma: boolean;
  unknownOwner: 'refuse' | 'default';
  defaults: { ownerId: string | null; tags: string[]; source: string | null };
}

export interface ImportJob {
  id: string;
  object: ImportObject;
  status: ImportStatus;
  fileName: string;
  fileSize: number;
  format: 'csv' | 'xlsx' | 'vcf';
  settings: { encoding: string; delimiter: string; sheet: string | null };
  sheets: string[];
  headers: string[];
  preview: string[][];
  mapping: (string | null)[];
  mappingRemembered: boolean;
  options: ImportOptions;
  targets: { value: string; custom: boolean; label: string }[];
  progress: {
    rowsDone: number;
    totalRows: number | null;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  counts: { created: number; updated: number; skipped: number; failed: number };
  cancelRequested: boolean;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

export const ACTIVE: ImportStatus[] = ['queued', 'running', 'undoing'];

/** Multipart upload (the JSON helper cannot send files). */
export async function uploadFile(object: string, file: File): Promise<ImportJob> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/v1/imports?object=${object}`, {
    method: 'POST',
    credentials: 'same-origin',
    body: form,
  });
  const data: unknown = await response.json();
  if (!response.ok) {
    const e = data as {
      error?: string;
      message?: string;
      details?: { path: string; message: string }[];
    };
    throw new ApiError(response.status, e.error ?? 'internal', e.message ?? '', e.details);
  }
  return data as ImportJob;
}
