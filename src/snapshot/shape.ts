/** Shape checks for untrusted snapshot JSON: each failure names the JSON path that is wrong. */

export class SnapshotFormatError extends Error {}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/*
 * Each check names the JSON path `where.key.field` of a wrong value; `key` and `field` are optional and
 * joined only for the error message: a 300-table snapshot has ~40,000 values to check.
 */

function pathOf(where: string, key?: string, field?: string): string {
  if (key === undefined) return where;
  return field === undefined ? `${where}.${key}` : `${where}.${key}.${field}`;
}

export function objectAt(value: unknown, where: string, key?: string, field?: string): Json {
  if (!isObject(value)) throw new SnapshotFormatError(`\`${pathOf(where, key, field)}\` is not an object`);
  return value;
}

export function arrayAt(value: unknown, where: string, key?: string, field?: string): unknown[] {
  if (!Array.isArray(value)) throw new SnapshotFormatError(`\`${pathOf(where, key, field)}\` is not an array`);
  return value;
}

export function stringAt(value: unknown, where: string, key?: string, field?: string): string {
  if (typeof value !== 'string') throw new SnapshotFormatError(`\`${pathOf(where, key, field)}\` is not a string`);
  return value;
}

/** A copy of the array, every item checked to be a string. */
export function stringsAt(value: unknown, where: string, key?: string, field?: string): string[] {
  const items = arrayAt(value, where, key, field);
  for (let i = 0; i < items.length; i++) {
    if (typeof items[i] !== 'string') throw new SnapshotFormatError(`\`${pathOf(where, key, field)}[${i}]\` is not a string`);
  }
  return items.slice() as string[];
}

/** An optional record (missing = empty), e.g. `checkConstraints` absent from older v7 files. */
export function entriesAt(value: unknown, where: string): [string, Json][] {
  if (value === undefined) return [];
  const entries = Object.entries(objectAt(value, where));
  for (let i = 0; i < entries.length; i++) objectAt(entries[i][1], where, entries[i][0]);
  return entries as [string, Json][];
}

/** Snapshot defaults are strings, or raw JSON numbers/booleans in v7 (`1.5`, `false`): kept as SQL text. */
export function sqlDefault(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}
