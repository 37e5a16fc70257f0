/**
 * Which fields each access object has, for validating field permissions ("a permission for a
 * field that does not exist" is refused). Built-in fields come from the objects' API schemas;
 * custom fields (`custom.<key>`) from field_definitions. Features register theirs here.
 */
import type { ZodObject } from 'zod';
import type { AccessObject } from '../../common/access.js';
import { RECORD_OBJECTS, type RecordObject } from '../../common/records.js';
import { documentOut, paymentOut } from '../billing/schema.js';
import { productOut } from '../catalog/schema.js';
import { companyOut } from '../companies/schema.js';
import { contactOut } from '../contacts/schema.js';
import { fieldsOf } from '../fields/service.js';
import { leadOut } from '../leads/schema.js';
import { dealOut } from '../deals/schema.js';
import { taskOut } from '../tasks/schema.js';
import type { Ctx } from '../platform/context.js';

const NOT_RESTRICTABLE = new Set([
  'id',
  'version',
  'createdAt',
  'updatedAt',
  'deletedAt',
  'custom',
]);

const builtIn = new Map<AccessObject, string[]>();

/** Registers the fields of an object (e.g. from its output schema) for field permissions. */
export function registerAccessFields(object: AccessObject, schema: ZodObject | string[]): void {
  const keys = Array.isArray(schema) ? schema : Object.keys(schema.shape);
  builtIn.set(
    object,
    keys.filter((k) => !NOT_RESTRICTABLE.has(k)),
  );
}

registerAccessFields('contacts', contactOut);
registerAccessFields('companies', companyOut);
registerAccessFields('leads', leadOut);
registerAccessFields('deals', dealOut);
registerAccessFields('tasks', taskOut);
registerAccessFields('products', productOut);
registerAccessFields('documents', documentOut);
registerAccessFields('payments', paymentOut);

/** Every field of an object that a role may hide or make read-only. */
export async function accessFieldsOf(ctx: Ctx, object: AccessObject): Promise<string[]> {
  const fields = [...(builtIn.get(object) ?? [])];
  if ((RECORD_OBJECTS as readonly string[]).includes(object)) {
    for (const definition of await fieldsOf(ctx, object as RecordObject))
      fields.push(`custom.${definition.key}`);
  }
  return fields;
}
