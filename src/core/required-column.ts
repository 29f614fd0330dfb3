import type { ColumnModel } from './schema-model.js';

// serial types carry their own sequence default: https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL
const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

/** `NOT NULL` with no database default: adding it fails on a table with rows. False when any of that is unknown. */
export function isRequiredWithoutDefault(column: ColumnModel): boolean {
  const unknown = column.unknown ?? {};
  if (!column.notNull || unknown.notNull || unknown.default || unknown.identity || unknown.generated || unknown.type) return false;
  return column.default === undefined && !column.identity && !column.generated && !SERIAL_TYPES.has(column.type.toLowerCase());
}
