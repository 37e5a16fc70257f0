import { v7 } from 'uuid';

/** Time-ordered UUIDv7, made in the application (DESIGN.md: ready for sharding by workspace). */
export function newId(): string {
  return v7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
