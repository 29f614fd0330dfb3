/**
 * Whether Postgres can build a foreign key between columns of two types. It needs an `=` of the
 * referenced column's btree operator family that takes both types, or an implicit cast from the
 * referencing type to the referenced one; otherwise `ADD CONSTRAINT`, and any `SET DATA TYPE` on either
 * column while the key exists, fails with "foreign key constraint … cannot be implemented".
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-REFERENCES
 * Only the built-in types below and enums are known; every known pair is checked against a real
 * server in tests/core/foreign-key-types.test.ts.
 */
import type { ColumnModel } from './schema-model.js';
import { parseType } from './type-change.js';

export type TypedColumn = Pick<ColumnModel, 'type' | 'typeSchema'>;

// Types of one family compare with each other through the family's cross-type operators or implicit casts.
const FAMILIES: Record<string, string> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  smallserial: 'integer',
  serial: 'integer',
  bigserial: 'integer',
  int: 'integer',
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  numeric: 'numeric',
  real: 'float',
  'double precision': 'float',
  float4: 'float',
  float8: 'float',
  text: 'text',
  varchar: 'text',
  char: 'text',
  character: 'text',
  bpchar: 'text',
  date: 'datetime',
  timestamp: 'datetime',
  'timestamp with time zone': 'datetime',
  uuid: 'uuid',
  boolean: 'boolean',
  bool: 'boolean',
  jsonb: 'jsonb',
  bytea: 'bytea',
  inet: 'inet',
  cidr: 'inet',
  interval: 'interval',
  time: 'time',
  'time with time zone': 'timetz',
};

// Referenced family → referencing families it accepts besides its own (implicit casts to the referenced type).
const ALSO_ACCEPTS: Record<string, readonly string[]> = {
  numeric: ['integer'],
  float: ['integer', 'numeric'],
  interval: ['time'],
  timetz: ['time'],
};

/** `undefined` when either type is not known here (arrays, domains, extension types): callers stay quiet. */
export function foreignKeyTypesFit(referenced: TypedColumn, referencing: TypedColumn): boolean | undefined {
  if (referenced.typeSchema !== undefined || referencing.typeSchema !== undefined) return enumsFit(referenced, referencing);
  const to = familyOf(referenced.type);
  const from = familyOf(referencing.type);
  if (!to || !from) return undefined;
  return to === from || (ALSO_ACCEPTS[to]?.includes(from) ?? false);
}

/**
 * Whether `a` and `b` compare with the same types (one known family, or one enum): then a key that fits
 * one fits the other, and retyping a referenced column between them needs no look at who references it.
 */
export function sameFamily(a: TypedColumn, b: TypedColumn): boolean {
  if (a.typeSchema !== undefined || b.typeSchema !== undefined) return a.typeSchema === b.typeSchema && a.type === b.type && !a.type.endsWith('[]');
  const family = familyOf(a.type);
  return family !== undefined && family === familyOf(b.type);
}

/** Whether the type is one of the built-in types this module knows (an array of one is not). */
export function isKnownType(type: string): boolean {
  return familyOf(type) !== undefined;
}

/** An enum compares only with itself; an array of anything is not known here. */
function enumsFit(a: TypedColumn, b: TypedColumn): boolean | undefined {
  if (a.type.endsWith('[]') || b.type.endsWith('[]')) return undefined;
  if (a.typeSchema !== undefined && b.typeSchema !== undefined) return a.typeSchema === b.typeSchema && a.type === b.type;
  const other = a.typeSchema === undefined ? a : b;
  return familyOf(other.type) ? false : undefined;
}

const families = new Map<string, string | undefined>();

function familyOf(type: string): string | undefined {
  if (!families.has(type)) {
    const parsed = parseType(type);
    const family = parsed && !parsed.array ? FAMILIES[parsed.base] : undefined;
    if (families.size > 1000) families.clear();
    families.set(type, family);
  }
  return families.get(type);
}
