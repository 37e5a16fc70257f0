import type { FieldType, RecordObject } from '../../common/records.js';
import type { FieldDefinition } from './service.js';

export function presentField(row: FieldDefinition) {
  return {
    id: row.id,
    object: row.object as RecordObject,
    key: row.key,
    type: row.type as FieldType,
    label: row.label as Record<string, string>,
    options: {
      ...(row.options.choices
        ? {
            choices: row.options.choices.map((c) => ({
              value: c.value,
              label: c.label,
              color: c.color ?? null,
            })),
          }
        : {}),
      ...(row.options.currency ? { currency: row.options.currency } : {}),
      ...(row.options.target ? { target: row.options.target } : {}),
    },
    required: row.required,
    hidden: row.hidden,
    searchable: row.searchable,
    position: row.position,
  };
}
