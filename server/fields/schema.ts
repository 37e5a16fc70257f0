import { z } from 'zod';
import { LOCALES } from '../../common/locales.js';
import { FIELD_TYPES, RECORD_OBJECTS } from '../../common/records.js';

export const localizedLabel = z
  .partialRecord(z.enum(LOCALES), z.string().trim().min(1).max(100))
  .refine((label) => Object.values(label).some(Boolean), 'field.label_required');

const choice = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: localizedLabel,
  color: z.string().max(30).nullish(),
});

export const fieldOptions = z.strictObject({
  choices: z.array(choice).max(200).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'field.invalid_currency')
    .optional(),
  target: z.enum(RECORD_OBJECTS).optional(),
});

export const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'field.invalid_key');

export const fieldCreateBody = z.strictObject({
  object: z.enum(RECORD_OBJECTS),
  key: fieldKey,
  type: z.enum(FIELD_TYPES),
  label: localizedLabel,
  options: fieldOptions.default({}),
  required: z.boolean().default(false),
  hidden: z.boolean().default(false),
  searchable: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type FieldCreateInput = z.infer<typeof fieldCreateBody>;

export const fieldUpdateBody = z.strictObject({
  label: localizedLabel.optional(),
  options: fieldOptions.optional(),
  required: z.boolean().optional(),
  hidden: z.boolean().optional(),
  searchable: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type FieldUpdateInput = z.infer<typeof fieldUpdateBody>;

export const fieldsQuery = z.strictObject({ object: z.enum(RECORD_OBJECTS).optional() });
export const reorderBody = z.strictObject({
  object: z.enum(RECORD_OBJECTS),
  ids: z.array(z.uuid()).min(1).max(500),
});

export const fieldOut = z.object({
  id: z.uuid(),
  object: z.enum(RECORD_OBJECTS),
  key: z.string(),
  type: z.enum(FIELD_TYPES),
  label: z.record(z.string(), z.string()),
  options: z.object({
    choices: z
      .array(
        z.object({
          value: z.string(),
          label: z.record(z.string(), z.string()),
          color: z.string().nullish(),
        }),
      )
      .optional(),
    currency: z.string().optional(),
    target: z.string().optional(),
  }),
  required: z.boolean(),
  hidden: z.boolean(),
  searchable: z.boolean(),
  position: z.number().int(),
});
export const fieldList = z.object({ data: z.array(fieldOut) });
