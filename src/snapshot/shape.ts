/** Shape checks for untrusted snapshot JSON: each failure names the JSON path that is wrong. */

export class SnapshotFormatError extends Error {}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, where: string): Json {
  if (!isObject(value)) throw new SnapshotFormatError(`\`${where}\` is not an object`);
  return value;
}

export function arrayAt(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new SnapshotFormatError(`\`${where}\` is not an array`);
  return value;
}

export function stringAt(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new SnapshotFormatError(`\`${where}\` is not a string`);
  return value;
}

export function stringsAt(value: unknown, where: string): string[] {
  return arrayAt(value, where).map((item, i) => stringAt(item, `${where}[${i}]`));
}

/** An optional record (missing = empty), e.g. `checkConstraints` absent from older v7 files. */
export function entriesAt(value: unknown, where: string): [string, Json][] {
  if (value === undefined) return [];
  return Object.entries(objectAt(value, where)).map(([key, item]) => [key, objectAt(item, `${where}.${key}`)]);
}

/** Snapshot defaults are strings, or raw JSON numbers/booleans in v7 (`1.5`, `false`): kept as SQL text. */
export function sqlDefault(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}
