/**
 * A libpg_query `TypeName` as the type text drizzle-kit writes (`integer`, `varchar(20)`, `uuid[]`), so
 * types from the migration compare with types from the snapshot. The parser spells built-in types by
 * their catalog names (`pg_catalog.int4`); those are given their SQL names back.
 */
import { isKnownType, type TypedColumn } from '../core/foreign-key-types.js';
import type { PgNode } from './parse-sql.js';
import { stringValues } from './sql-rule-helpers.js';

const SQL_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  timestamptz: 'timestamp with time zone',
  timetz: 'time with time zone',
};

/** `isEnum(schema, name)`: whether a user type is an enum the migration or the schema before it knows. */
export function typeOfTypeName(typeName: PgNode, isEnum: (schema: string, name: string) => boolean): TypedColumn | undefined {
  const names = stringValues(typeName.names);
  if (names.length === 0 || names.length > 2 || typeName.setof) return undefined;
  const array = Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0 ? '[]' : '';
  if (names.length === 2 && names[0] !== 'pg_catalog') return isEnum(names[0], names[1]) ? { type: names[1] + array, typeSchema: names[0] } : { type: `${names[0]}.${names[1]}${array}` };
  const name = names[names.length - 1];
  if (names.length === 1 && !isKnownType(name) && isEnum('public', name)) return { type: name + array, typeSchema: 'public' };
  return { type: withModifiers(SQL_NAMES[name] ?? name, typeName.typmods) + array };
}

/** `varchar` + `(20)`; `timestamp with time zone` + `(3)` → `timestamp(3) with time zone`. */
function withModifiers(name: string, typmods: unknown): string {
  if (!Array.isArray(typmods) || typmods.length === 0) return name;
  // libpg_query's JSON leaves out a zero (`numeric(10,0)`: `{ ival: {} }`).
  const args = typmods.map((mod: PgNode) => (mod?.A_Const?.ival ? (mod.A_Const.ival.ival ?? 0) : undefined));
  if (!args.every((arg) => typeof arg === 'number')) return name;
  const zone = / with(?:out)? time zone$/.exec(name);
  return zone ? `${name.slice(0, zone.index)}(${args.join(',')})${zone[0]}` : `${name}(${args.join(',')})`;
}
