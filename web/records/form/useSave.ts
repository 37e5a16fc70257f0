import type { UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import type { RecordObject } from '../../../common/records.js';
import { ApiError, patch, post } from '../../lib/api.js';
import type { BaseRecord } from '../types.js';

/**
 * Create or update a record from a form. Server field errors land on the exact fields; the
 * form keeps everything typed when the server refuses.
 */
export function useSave<T extends BaseRecord, V>(
  object: RecordObject,
  form: UseFormReturnType<V>,
  record: T | undefined,
  onSaved: (record: T) => void,
) {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      record
        ? patch<T>(`/${object}/${record.id}`, body, {
            headers: { 'if-match': String(record.version) },
          })
        : post<T>(`/${object}`, body),
    meta: { silent: true },
    onSuccess: onSaved,
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.fieldErrors());
    },
  });
}

/** Empty strings become null; blank list entries are dropped. */
export function clean<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') out[key] = value.trim() === '' ? null : value.trim();
    else if (Array.isArray(value)) {
      out[key] = value.filter((item: unknown) => {
        if (item && typeof item === 'object' && 'value' in item)
          return (item as { value: string }).value.trim() !== '';
        if (item && typeof item === 'object' && 'street' in item)
          return Object.values(item as Record<string, unknown>).some(
            (v) => typeof v === 'string' && v.trim() !== '',
          );
        return true;
      });
    } else out[key] = value;
  }
  return out as T;
}
