/**
 * Postgres cannot remove enum values, so drizzle-kit (0.31 and 1.0 RC alike) re-creates the type:
 * `ALTER COLUMN … SET DATA TYPE text`, `DROP TYPE`, `CREATE TYPE … AS ENUM(…)`, then
 * `SET DATA TYPE <enum> USING …`. Hand-written migrations often `ALTER TYPE … RENAME TO …_old` instead
 * of dropping. This finds those re-creations in one migration file.
 */
import { stringValues } from './sql-rule-helpers.js';
import type { MigrationStatement, RelationName } from './statement-types.js';
import { elementType } from '../core/array-type.js';

export interface EnumRecreation {
  type: RelationName;
  /** The `DROP TYPE` / `ALTER TYPE … RENAME TO` statement that retires the old type. */
  retired: MigrationStatement;
  created: MigrationStatement;
  values: string[];
  /** `table.column` converted to the new type in the same file. */
  convertedColumns: Array<{ table: RelationName; column: string }>;
}

export function enumRecreations(statements: MigrationStatement[]): EnumRecreation[] {
  const found: EnumRecreation[] = [];
  for (const retired of statements) {
    const type = retiredType(retired);
    if (!type) continue;
    const created = statements.find((s) => s.index > retired.index && s.type === 'CreateEnumStmt' && sameType(typeOf(stringValues(s.node.typeName)), type));
    if (!created) continue;
    const convertedColumns = statements
      .filter((s) => s.index > created.index)
      .flatMap((s) => s.clauses)
      .filter((c) => c.kind === 'alter-column-type' && c.table && c.column && c.targetType && sameType(parseTypeText(c.targetType), type))
      .map((c) => ({ table: c.table!, column: c.column! }));
    found.push({ type, retired, created, values: stringValues(created.node.vals), convertedColumns });
  }
  return found;
}

/**
 * `CREATE TYPE <target>` and `DROP TYPE <old>` in one file around a column's move from one to the other:
 * drizzle-kit's "create" answer to "is <target> created or renamed?".
 */
export function replacesEnum(statements: MigrationStatement[], old: RelationName, targetType: string): boolean {
  const target = parseTypeText(elementType(targetType));
  const created = statements.some((s) => s.type === 'CreateEnumStmt' && sameType(typeOf(stringValues(s.node.typeName)), target));
  return created && statements.some((s) => s.type === 'DropStmt' && sameType(retiredType(s) ?? { name: '' }, old));
}

/** `ALTER TYPE <old> RENAME TO <target>` in the file: Postgres has then already retyped the old type's columns (and arrays). */
export function renamesEnum(statements: MigrationStatement[], old: RelationName, targetType: string): boolean {
  const target = parseTypeText(elementType(targetType));
  return statements.some(
    (s) => s.type === 'RenameStmt' && s.node.renameType === 'OBJECT_TYPE' && s.node.newname === target.name && sameType(retiredType(s) ?? { name: '' }, old) && (target.schema ?? old.schema ?? 'public') === (old.schema ?? 'public'),
  );
}

/** `table.column` keys of columns whose type changes belong to an enum re-creation. */
export function columnsInEnumRecreation(statements: MigrationStatement[]): Set<string> {
  const keys = new Set<string>();
  for (const recreation of enumRecreations(statements)) {
    for (const { table, column } of recreation.convertedColumns) keys.add(columnKey(table, column));
  }
  return keys;
}

export function columnKey(table: RelationName, column: string): string {
  return `${table.schema ?? 'public'}.${table.name}.${column}`;
}

function retiredType(statement: MigrationStatement): RelationName | undefined {
  const { node } = statement;
  if (statement.type === 'DropStmt' && node.removeType === 'OBJECT_TYPE') {
    const names = stringValues(node.objects?.[0]?.TypeName?.names);
    return names.length > 0 ? typeOf(names) : undefined;
  }
  if (statement.type === 'RenameStmt' && node.renameType === 'OBJECT_TYPE') {
    const names = stringValues(node.object?.List?.items);
    return names.length > 0 ? typeOf(names) : undefined;
  }
  return undefined;
}

function typeOf(names: string[]): RelationName {
  const name = names[names.length - 1] ?? '';
  return names.length > 1 ? { schema: names[names.length - 2], name } : { name };
}

/** `"public"."status"` / `status` / `"status"` as written after `SET DATA TYPE`. */
function parseTypeText(text: string): RelationName {
  const parts = [...text.matchAll(/"((?:[^"]|"")*)"|([^."\s]+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]));
  return typeOf(parts);
}

function sameType(a: RelationName, b: RelationName): boolean {
  return a.name === b.name && (a.schema ?? 'public') === (b.schema ?? 'public');
}
