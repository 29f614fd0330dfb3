import type { PgNode } from './parse-sql.js';
import type { StatementKind } from './lock-catalogue.js';

// A volatile default, an identity or a stored generated column fills every existing row, so the
// table is rewritten; a non-volatile default is stored once in the catalog (Postgres 11+):
// https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** Functions known to be STABLE or IMMUTABLE. Any other function is treated as volatile (the default of CREATE FUNCTION). */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'lower',
  'upper',
  'concat',
  'to_json',
  'to_jsonb',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'make_interval',
  'to_timestamp',
  'date_trunc',
  'timezone',
]);

export function classifyAddColumn(def: PgNode): StatementKind {
  const constraints: PgNode[] = (def.constraints ?? []).map((c: PgNode) => c.Constraint ?? {});
  const typeNames: string[] = (def.typeName?.names ?? []).map((n: PgNode) => n.String?.sval);
  const isSerial = typeNames.length === 1 && SERIAL_TYPES.has(typeNames[0]);
  const fillsRows = constraints.some((c) => c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED');
  const defaultExpression = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  if (isSerial || fillsRows || (defaultExpression && isVolatile(defaultExpression))) return 'add-column-volatile-default';
  if (defaultExpression) return 'add-column-constant-default';
  const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
  return notNull ? 'add-column-not-null-no-default' : 'add-column-nullable';
}

/**
 * Why an added column fills every existing row (for an `add-column-volatile-default` column), so the help can
 * give the way around that kind: a `serial`, an identity, a stored generated column, or a volatile default.
 */
export function rowFiller(def: PgNode): 'serial' | 'identity' | 'generated' | 'default' {
  const constraints: PgNode[] = (def.constraints ?? []).map((c: PgNode) => c.Constraint ?? {});
  const typeNames: string[] = (def.typeName?.names ?? []).map((n: PgNode) => n.String?.sval);
  if (typeNames.length === 1 && SERIAL_TYPES.has(typeNames[0])) return 'serial';
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) return 'identity';
  if (constraints.some((c) => c.contype === 'CONSTR_GENERATED')) return 'generated';
  return 'default';
}

/** `serial` → `integer`, `bigserial` → `bigint`, `smallserial` → `smallint`: the column type under the sequence. */
export function serialBaseType(def: PgNode): string {
  const name = def.typeName?.names?.[0]?.String?.sval as string | undefined;
  return name === 'bigserial' || name === 'serial8' ? 'bigint' : name === 'smallserial' || name === 'serial2' ? 'smallint' : 'integer';
}

function isVolatile(expression: unknown): boolean {
  if (Array.isArray(expression)) return expression.some(isVolatile);
  if (!expression || typeof expression !== 'object') return false;
  const record = expression as PgNode;
  if (record.FuncCall) {
    const names: string[] = (record.FuncCall.funcname ?? []).map((n: PgNode) => n.String?.sval);
    if (!NON_VOLATILE_FUNCTIONS.has(names[names.length - 1])) return true;
  }
  // Sub-queries may not appear in a DEFAULT; other nodes are searched for nested calls.
  return Object.values(record).some(isVolatile);
}
