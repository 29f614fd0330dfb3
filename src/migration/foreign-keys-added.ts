/**
 * What a statement declares that foreign keys depend on, read from libpg_query's tree: the columns a
 * `CREATE TABLE` or `ADD COLUMN` defines (with their type nodes), and the keys a `CREATE TABLE`,
 * `ADD COLUMN … REFERENCES` or `ADD CONSTRAINT … FOREIGN KEY` creates.
 */
import { relationName } from './classify-statement.js';
import type { PgNode } from './parse-sql.js';
import { stringValues } from './sql-rule-helpers.js';
import type { MigrationStatement, RelationName, TextRange } from './statement-types.js';

export interface ColumnDefinition {
  table: RelationName;
  column: string;
  /** libpg_query `TypeName`. */
  typeName: PgNode;
}

export interface ForeignKeyAdded {
  table: RelationName;
  /** As written, or the name Postgres gives an unnamed key. */
  name: string;
  columns: string[];
  referenced: RelationName;
  /** Empty when the key names no columns (it then references the primary key). */
  referencedColumns: string[];
  span: TextRange;
}

export function columnsDefined(statement: MigrationStatement): ColumnDefinition[] {
  const table = statement.table;
  if (!table) return [];
  return columnDefs(statement).map(({ def }) => ({ table, column: def.colname, typeName: def.typeName })).filter((c) => typeof c.column === 'string' && c.typeName);
}

const REFERENCES = /references/i;

export function foreignKeysAdded(statement: MigrationStatement, text: string): ForeignKeyAdded[] {
  const table = statement.table;
  // Every foreign key is written with `REFERENCES`: most statements have none, and skip the walk of their tree.
  if (!table || !REFERENCES.test(statement.text)) return [];
  const keys: ForeignKeyAdded[] = [];
  const add = (constraint: PgNode, columns: string[], span: TextRange) => {
    const referenced = relationName(constraint.pktable);
    if (constraint.contype !== 'CONSTR_FOREIGN' || !referenced || columns.length === 0) return;
    const name = typeof constraint.conname === 'string' ? constraint.conname : `${table.name}_${columns.join('_')}_fkey`;
    keys.push({ table, name, columns, referenced, referencedColumns: stringValues(constraint.pk_attrs), span });
  };
  for (const { def, span } of columnDefs(statement)) {
    for (const item of def.constraints ?? []) if (item.Constraint) add(item.Constraint, [def.colname], span ?? constraintSpan(text, item.Constraint.location, statement.span));
  }
  if (statement.type === 'CreateStmt') {
    for (const element of statement.node.tableElts ?? []) {
      if (element.Constraint) add(element.Constraint, stringValues(element.Constraint.fk_attrs), constraintSpan(text, element.Constraint.location, statement.span));
    }
  }
  if (statement.type === 'AlterTableStmt') {
    (statement.node.cmds ?? []).forEach((command: PgNode, i: number) => {
      const constraint = command.AlterTableCmd?.subtype === 'AT_AddConstraint' ? command.AlterTableCmd.def?.Constraint : undefined;
      if (constraint) add(constraint, stringValues(constraint.fk_attrs), statement.clauses[i]?.span ?? statement.span);
    });
  }
  return keys;
}

/** The primary key a statement declares: a column's `PRIMARY KEY`, a `CREATE TABLE` constraint, or `ADD PRIMARY KEY`. */
export function primaryKeyDefined(statement: MigrationStatement): { table: RelationName; columns: string[] } | undefined {
  const table = statement.table;
  if (!table) return undefined;
  for (const { def } of columnDefs(statement)) {
    if ((def.constraints ?? []).some((item: PgNode) => item.Constraint?.contype === 'CONSTR_PRIMARY')) return { table, columns: [def.colname] };
  }
  const constraints: PgNode[] =
    statement.type === 'CreateStmt'
      ? (statement.node.tableElts ?? []).map((element: PgNode) => element.Constraint)
      : statement.type === 'AlterTableStmt'
        ? (statement.node.cmds ?? []).map((command: PgNode) => (command.AlterTableCmd?.subtype === 'AT_AddConstraint' ? command.AlterTableCmd.def?.Constraint : undefined))
        : [];
  const primary = constraints.find((constraint) => constraint?.contype === 'CONSTR_PRIMARY');
  const columns = primary ? stringValues(primary.keys) : [];
  return columns.length > 0 ? { table, columns } : undefined;
}

/** Column definitions, with the clause span of an `ADD COLUMN` (a `CREATE TABLE`'s get theirs per constraint). */
function columnDefs(statement: MigrationStatement): Array<{ def: PgNode; span?: TextRange }> {
  if (statement.type === 'CreateStmt') return (statement.node.tableElts ?? []).filter((e: PgNode) => e.ColumnDef).map((e: PgNode) => ({ def: e.ColumnDef }));
  if (statement.type !== 'AlterTableStmt' || statement.node.objtype !== 'OBJECT_TABLE') return [];
  const defs: Array<{ def: PgNode; span?: TextRange }> = [];
  (statement.node.cmds ?? []).forEach((command: PgNode, i: number) => {
    const def = command.AlterTableCmd?.subtype === 'AT_AddColumn' ? command.AlterTableCmd.def?.ColumnDef : undefined;
    if (def) defs.push({ def, span: statement.clauses[i]?.span });
  });
  return defs;
}

/** From a constraint's first token to the `,` or `)` that ends its table element (quotes and parentheses skipped). */
function constraintSpan(text: string, location: unknown, statement: TextRange): TextRange {
  if (typeof location !== 'number' || location < statement.start || location >= statement.end) return statement;
  let depth = 0;
  let quote: string | undefined;
  let end = location;
  for (; end < statement.end; end++) {
    const char = text[end];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && depth-- === 0) break;
    else if (char === ',' && depth === 0) break;
  }
  return { start: location, end: text.slice(location, end).trimEnd().length + location };
}
