import type { Finding } from '../core/finding.js';
import { defineRule, type MigrationRuleContext, type SchemaRuleContext } from '../core/rule.js';
import { addForeignKeySql, dropConstraintSql, quoteIdent, setTypeSql, tableRef } from '../core/kit-sql.js';
import { lockOf } from '../core/lock-text.js';
import { FIXED_IN_THE_MIGRATION } from '../core/schema-help.js';
import { foreignKeyTypesFit, sameFamily, type TypedColumn } from '../core/foreign-key-types.js';
import { columnChangesWritten, type TableDiff } from '../core/schema-diff.js';
import { tableKey, type ColumnModel, type ForeignKeyModel, type SourceSpan, type TableModel } from '../core/schema-model.js';
import type { SchemaLookup } from '../core/schema-lookup.js';
import { qualifiedName } from '../migration/classify-statement.js';
import { sqlFinding, tableBefore, type ClauseHit } from '../migration/sql-rule-helpers.js';
import { columnsDefined, foreignKeysAdded, primaryKeyDefined, type ForeignKeyAdded } from '../migration/foreign-keys-added.js';
import { relationKey } from '../migration/statements.js';
import type { MigrationStatement, RelationName } from '../migration/statement-types.js';
import { typeOfTypeName } from '../migration/type-name.js';

const RULE = 'no-foreign-key-type-mismatch';
const FAMILIES = '`smallint`/`integer`/`bigint`, `text`/`varchar`/`char`, `date`/`timestamp`/`timestamptz`';

/** One column pair of a foreign key: the referencing column and the one it references. */
interface KeyPair {
  table: TableModel;
  fk: ForeignKeyModel;
  column: ColumnModel;
  target: TableModel;
  referenced: ColumnModel;
}

const rule = defineRule({
  id: RULE,
  description: 'Disallow foreign keys between columns of types Postgres cannot compare, which make the migration fail.',
  recommended: true,
  checkSchema(context) {
    const findings: Finding[] = [];
    const checked = new Set<ForeignKeyModel>();
    const check = (table: TableModel, fk: ForeignKeyModel) => {
      checked.add(fk);
      const finding = checkForeignKey(context, retyped, table, fk);
      if (finding) findings.push(finding);
    };
    const { retyped, retypedTables } = retypedColumns(context);
    // Keys drizzle-kit adds are checked when they are created.
    for (const table of context.diff.addedTables) table.foreignKeys.forEach((fk) => check(table, fk));
    for (const tableDiff of context.diff.changedTables) for (const fk of tableDiff.addedForeignKeys) check(tableDiff.after, fk);
    // A kept key fails only when a column on either side of it moves to another type family (almost no keystroke does).
    if (retyped.size === 0) return findings;
    context.after.tables.forEach((table) => {
      const own = retypedTables.has(tableKey(table.schema, table.name));
      table.foreignKeys.forEach((fk) => {
        if (!checked.has(fk) && (own || retypedTables.has(tableKey(fk.foreignSchema, fk.foreignTable)))) check(table, fk);
      });
    });
    return findings;
  },
  checkMigration(context) {
    // `before` reads the previous snapshot on first use: a file that neither retypes a column nor adds a key never needs it.
    return context.statements.some((statement) => mayFail(statement, context.text)) ? checkStatements(context) : [];
  },
});

export default rule;

/**
 * Columns the migration moves to another type family (after → before), as drizzle-kit writes the changes, and
 * the keys of their tables. A change within one family (`varchar(40)` → `varchar(41)`) fits every key the old type fitted.
 */
function retypedColumns({ diff, kit }: SchemaRuleContext): { retyped: Map<ColumnModel, ColumnModel>; retypedTables: Set<string> } {
  const retyped = new Map<ColumnModel, ColumnModel>();
  const retypedTables = new Set<string>();
  for (const tableDiff of diff.changedTables) {
    if (tableDiff.changedColumns.length === 0 && tableDiff.renamedColumns.length === 0) continue;
    for (const change of columnChangesWritten(tableDiff, kit)) {
      if (!change.typeChanged || sameFamily(change.before, change.after)) continue;
      retyped.set(change.after, change.before);
      retypedTables.add(tableKey(tableDiff.after.schema, tableDiff.after.name));
    }
  }
  return { retyped, retypedTables };
}

function checkForeignKey(context: SchemaRuleContext, retyped: Map<ColumnModel, ColumnModel>, table: TableModel, fk: ForeignKeyModel): Finding | undefined {
  if (fk.unknown?.target) return undefined;
  const target = context.after.tables.get(tableKey(fk.foreignSchema, fk.foreignTable));
  if (!target) return undefined;
  for (let i = 0; i < fk.columns.length; i++) {
    const column = table.columns.get(fk.columns[i]);
    const referenced = target.columns.get(fk.foreignColumns[i]);
    if (!column || !referenced || column.unknown?.type || referenced.unknown?.type) continue;
    const fits = foreignKeyTypesFit(referenced, column);
    const columnBefore = retyped.get(column);
    const referencedBefore = retyped.get(referenced);
    // Most keys: neither column retyped and the types fit. The rest looks through the diff, so it runs only past this.
    if (fits !== false && !(columnBefore && referencedBefore)) continue;
    const tableDiff = context.diff.tables.find((d) => d.after === table);
    const isNew = isNewKey(context, tableDiff, table, fk);
    // drizzle-kit 1.x keeps a generated name across a column rename: the key then still has the snapshot's name.
    const pair: KeyPair = { table, fk: { ...fk, name: tableDiff?.keptNames?.get(fk)?.name ?? fk.name }, column, target, referenced };
    if (fits === false && (isNew || columnBefore || referencedBefore)) return mismatch(context, pair, isNew, columnBefore, referencedBefore);
    // Both retyped under a kept key: drizzle-kit writes one `SET DATA TYPE` per column, and the key is checked after each.
    if (fits && columnBefore && referencedBefore && !isNew && foreignKeyTypesFit(referenced, columnBefore) === false && foreignKeyTypesFit(referencedBefore, column) === false) {
      return retypedOneByOne(context, pair, columnBefore, referencedBefore);
    }
  }
  return undefined;
}

/**
 * Whether no key of this name exists while drizzle-kit's type changes run: in a new table, new to its
 * table, or re-created by 0.31, which drops it before its `SET DATA TYPE` statements. drizzle-kit 1.x
 * re-creates it after them (both checked on the server in tests/rules/no-foreign-key-type-mismatch.test.ts).
 */
function isNewKey({ diff, kit }: SchemaRuleContext, tableDiff: TableDiff | undefined, table: TableModel, fk: ForeignKeyModel): boolean {
  if (diff.addedTables.includes(table)) return true;
  if (!tableDiff?.addedForeignKeys.includes(fk)) return false;
  return kit === '0.x' || !tableDiff.recreatedForeignKeys.some((pair) => pair.after === fk);
}

/** `columnBefore`/`referencedBefore`: the column's type before this change, when the change retypes it. */
function mismatch(context: SchemaRuleContext, pair: KeyPair, isNew: boolean, columnBefore: ColumnModel | undefined, referencedBefore: ColumnModel | undefined): Finding | undefined {
  const { table, fk, column, target, referenced } = pair;
  const span = keySpan(table, fk, column);
  if (!span) return undefined;
  const name = `\`${table.name}.${column.name}\``;
  const targetName = `\`${target.name}.${referenced.name}\``;
  const setTypes = [columnBefore && setTypeSql(table, column, context.kit), referencedBefore && setTypeSql(target, referenced, context.kit)].filter((sql): sql is string => !!sql);
  const writtenFor = isNew ? 'the `ADD CONSTRAINT` drizzle-kit writes for it' : `the \`SET DATA TYPE\` drizzle-kit writes for ${columnBefore ? name : targetName}`;
  return {
    ruleId: RULE,
    message:
      `Foreign key \`${fk.name}\` joins ${name} (\`${column.type}\`) to ${targetName} (\`${referenced.type}\`), types Postgres cannot compare: ` +
      `${writtenFor} fails with \`foreign key constraint "${fk.name}" cannot be implemented\`, ${failure(context.settings.migrationsRunOutsideTransaction)}`,
    help: mismatchHelp(isNew, { name, type: column.type, before: columnBefore }, { name: targetName, type: referenced.type, before: referencedBefore }),
    span,
    sql: isNew ? addForeignKeySql(table, fk, context.kit) : setTypes.join('\n'),
    lock: lockOf(isNew ? 'add-foreign-key' : 'alter-column-type-rewrite'),
  };
}

interface KeySide {
  /** `table.column`, in backticks. */
  name: string;
  type: string;
  before?: ColumnModel;
}

function mismatchHelp(isNew: boolean, referencing: KeySide, referenced: KeySide): string {
  const oneType = `Give both columns one type, or types of one family (${FAMILIES})`;
  if (isNew || (referencing.before && referenced.before)) return `${oneType}: for example, make ${referencing.name} \`${referencingTypeFor(referenced.type)}\` like ${referenced.name}.`;
  const [changed, other] = referencing.before ? [referencing, referenced] : [referenced, referencing];
  return (
    `${oneType}: change ${changed.name} back to \`${changed.before!.type}\`, or change ${other.name} to \`${changed.type}\` too. ` +
    'Changing both, drop the key before the two type changes and add it back after them, as this rule then says.'
  );
}

function retypedOneByOne(context: SchemaRuleContext, { table, fk, column, target, referenced }: KeyPair, columnBefore: ColumnModel, referencedBefore: ColumnModel): Finding | undefined {
  const span = keySpan(table, fk, column);
  if (!span) return undefined;
  const changes = [
    `\`${target.name}.${referenced.name}\` from \`${referencedBefore.type}\` to \`${referenced.type}\``,
    `\`${table.name}.${column.name}\` from \`${columnBefore.type}\` to \`${column.type}\``,
  ];
  const setTypes = [setTypeSql(target, referenced, context.kit), setTypeSql(table, column, context.kit)];
  return {
    ruleId: RULE,
    message:
      `Changing ${changes.join(' and ')} fails: drizzle-kit writes one \`SET DATA TYPE\` per column while foreign key \`${fk.name}\` still exists, and Postgres checks the key after each statement: ` +
      `the first leaves it joining \`${referenced.type}\` to \`${columnBefore.type}\` (or \`${referencedBefore.type}\` to \`${column.type}\`) and fails with \`foreign key constraint "${fk.name}" cannot be implemented\`, ` +
      failure(context.settings.migrationsRunOutsideTransaction),
    help:
      `Edit the generated migration: put \`${dropConstraintSql(table, fk.name)}\` before both \`SET DATA TYPE\` statements and \`${addForeignKeySql(table, fk, context.kit)}\` after them. ` +
      `Both type changes rewrite their tables (\`no-alter-column-type\`) and the re-added key reads \`${table.name}\` (\`require-not-valid-constraint\`); their help gives the steps that avoid the long locks. ${FIXED_IN_THE_MIGRATION}`,
    span,
    sql: [dropConstraintSql(table, fk.name), ...setTypes, addForeignKeySql(table, fk, context.kit)].join('\n'),
    lock: lockOf('alter-column-type-rewrite'),
  };
}

/** A `serial` key is referenced by a plain `integer` column: a second `serial` would get its own sequence. */
function referencingTypeFor(type: string): string {
  return SERIAL_TYPES[type] ?? type;
}

const SERIAL_TYPES: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

function keySpan(table: TableModel, fk: ForeignKeyModel, column: ColumnModel): SourceSpan | undefined {
  return fk.source?.span ?? column.source?.modifiers.references ?? column.source?.property ?? table.source?.name;
}

function failure(outsideTransaction: boolean): string {
  return outsideTransaction
    ? 'so the migration stops there, half applied, and the deploy with it.'
    : "so the migration fails, drizzle's migrator rolls back every pending migration with it, and the deploy stops.";
}

/** Statements that can fail on a key's types: a `SET DATA TYPE` on an existing table, or a new key. */
function mayFail(statement: MigrationStatement, text: string): boolean {
  for (const clause of statement.clauses) {
    if (clause.kind === 'alter-column-type' ? !statement.tableCreatedInFile : clause.kind === 'add-foreign-key' || clause.kind === 'add-foreign-key-not-valid') return true;
  }
  return foreignKeysAdded(statement, text).length > 0;
}

/**
 * In file order, each new key and each `SET DATA TYPE` against the types of its columns at that
 * statement: set by the file so far (`CREATE TABLE`, `ADD COLUMN`, `SET DATA TYPE`), else as in the
 * snapshot before the migration, which is read only when a column is not the file's own.
 */
function checkStatements(context: MigrationRuleContext): Finding[] {
  const findings: Finding[] = [];
  // A column the file defines keeps its type node until a key needs it (an enum type may need the snapshot).
  const fileTypes = new Map<string, TypedColumn | (() => TypedColumn | undefined)>();
  const createdTables = new Set<string>();
  const createdEnums = new Set<string>();
  const dropped = new Set<string>();
  let before: SchemaLookup | undefined;
  let beforeRead = false;
  const schemaBefore = () => {
    if (!beforeRead) [before, beforeRead] = [context.before, true];
    return before;
  };
  const isEnum = (schema: string, name: string) => createdEnums.has(tableKey(schema, name)) || schemaBefore()?.enum(tableKey(schema, name)) !== undefined;
  const typeNow: TypeNow = (schema, table, column) => {
    const own = fileTypes.get(memberKey(tableKey(schema, table), column));
    if (own !== undefined) return typeof own === 'function' ? own() : own;
    return createdTables.has(tableKey(schema, table)) ? undefined : schemaBefore()?.table(tableKey(schema, table))?.columns.get(column);
  };
  const kept: KeyKept = (owner, fk) => !dropped.has(memberKey(tableKey(owner.schema, owner.name), fk.name));
  const filePrimaryKeys = new Map<string, string[]>();
  // `REFERENCES t` without columns references `t`'s primary key.
  const primaryKeyNow = (table: RelationName): string[] => {
    const key = relationKey(table);
    const own = filePrimaryKeys.get(key);
    if (own || createdTables.has(key)) return own ?? [];
    const model = schemaBefore()?.table(key);
    if (!model) return [];
    if (model.primaryKey) return model.primaryKey.columns;
    const columns: string[] = [];
    for (const column of model.columns.values()) if (column.primaryKey) columns.push(column.name);
    return columns;
  };
  for (const statement of context.statements) {
    if (statement.type === 'CreateEnumStmt') createdEnums.add(relationKey(qualifiedName(statement.node.typeName ?? [])));
    if (statement.type === 'CreateStmt' && statement.table) createdTables.add(relationKey(statement.table));
    for (const { table, column, typeName } of columnsDefined(statement)) fileTypes.set(memberKey(relationKey(table), column), () => typeOfTypeName(typeName, isEnum));
    for (const clause of statement.clauses) {
      if (clause.kind === 'drop-constraint' && clause.table && clause.constraint) dropped.add(memberKey(relationKey(clause.table), clause.constraint));
      if (clause.kind !== 'alter-column-type' || !clause.table || !clause.column || !clause.targetType) continue;
      const to = typeFromSql(clause.targetType);
      const table = statement.tableCreatedInFile ? undefined : tableBefore(schemaBefore(), clause.table);
      if (table) {
        const from = typeNow(table.schema, table.name, clause.column);
        // A change within one family (`varchar(100)` → `varchar(200)`) keeps every key to the column valid: no need to find them all.
        const clash = referencingClash(table, clause.column, to, kept, typeNow) ?? (from && sameFamily(from, to) ? undefined : referencedClash(schemaBefore()!, table, clause.column, to, kept, typeNow));
        if (clash) findings.push(typeChangeFinding(context, { statement, clause }, table, clause.column, to, clash, context.settings.migrationsRunOutsideTransaction));
      }
      fileTypes.set(memberKey(relationKey(clause.table), clause.column), to);
    }
    const primaryKey = primaryKeyDefined(statement);
    if (primaryKey) filePrimaryKeys.set(relationKey(primaryKey.table), primaryKey.columns);
    for (const added of foreignKeysAdded(statement, context.text)) {
      const key = added.referencedColumns.length > 0 ? added : { ...added, referencedColumns: primaryKeyNow(added.referenced) };
      const finding = newKeyFinding(context, statement, key, typeNow);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/** A key the file creates, when a pair of its columns have types Postgres cannot compare. */
function newKeyFinding(context: MigrationRuleContext, statement: MigrationStatement, key: ForeignKeyAdded, typeNow: TypeNow): Finding | undefined {
  for (let i = 0; i < key.columns.length && i < key.referencedColumns.length; i++) {
    const referencing = typeNow(key.table.schema, key.table.name, key.columns[i]);
    const referenced = typeNow(key.referenced.schema, key.referenced.name, key.referencedColumns[i]);
    if (!referencing || !referenced || foreignKeyTypesFit(referenced, referencing) !== false) continue;
    const name = `\`${key.table.name}.${key.columns[i]}\``;
    const targetName = `\`${key.referenced.name}.${key.referencedColumns[i]}\``;
    return {
      ruleId: RULE,
      span: { file: context.file, ...key.span },
      sql: statement.text,
      message:
        `Foreign key \`${key.name}\` joins ${name} (\`${referencing.type}\`) to ${targetName} (\`${referenced.type}\`), types Postgres cannot compare: ` +
        `this statement fails with \`foreign key constraint "${key.name}" cannot be implemented\`, ${failure(context.settings.migrationsRunOutsideTransaction)}`,
      help: `${mismatchHelp(true, { name, type: referencing.type }, { name: targetName, type: referenced.type })} Change the schema, then generate this migration again (or edit the SQL to match).`,
      lock: lockOf('add-foreign-key'),
    };
  }
  return undefined;
}

interface Clash {
  fk: ForeignKeyModel;
  /** The table holding the key. */
  owner: TableModel;
  /** The column on the key's other side, and its type at this statement. */
  other: string;
  otherType: TypedColumn;
}

type KeyKept = (owner: TableModel, fk: ForeignKeyModel) => boolean;
type TypeNow = (schema: string | undefined, table: string, column: string) => TypedColumn | undefined;

/** A key of `table` on `column` whose referenced column's type does not fit `to`. */
function referencingClash(table: TableModel, column: string, to: TypedColumn, kept: KeyKept, typeNow: TypeNow): Clash | undefined {
  for (const fk of table.foreignKeys.values()) {
    const at = fk.columns.indexOf(column);
    if (at < 0 || !kept(table, fk)) continue;
    const otherType = typeNow(fk.foreignSchema, fk.foreignTable, fk.foreignColumns[at]);
    if (otherType && foreignKeyTypesFit(otherType, to) === false) return { fk, owner: table, other: `${fk.foreignTable}.${fk.foreignColumns[at]}`, otherType };
  }
  return undefined;
}

/** A key of any table referencing `table.column` whose column's type does not fit `to`; only a key column can be referenced. */
function referencedClash(before: SchemaLookup, table: TableModel, column: string, to: TypedColumn, kept: KeyKept, typeNow: TypeNow): Clash | undefined {
  if (!isKeyColumn(table, column)) return undefined;
  for (const key of before.tableKeys()) {
    const owner = before.table(key);
    if (!owner) continue;
    for (const fk of owner.foreignKeys.values()) {
      const at = fk.foreignColumns.indexOf(column);
      if (at < 0 || fk.foreignTable !== table.name || (fk.foreignSchema || 'public') !== (table.schema || 'public') || !kept(owner, fk)) continue;
      const otherType = typeNow(owner.schema, owner.name, fk.columns[at]);
      if (otherType && foreignKeyTypesFit(to, otherType) === false) return { fk, owner, other: `${owner.name}.${fk.columns[at]}`, otherType };
    }
  }
  return undefined;
}

function isKeyColumn(table: TableModel, column: string): boolean {
  if (table.columns.get(column)?.primaryKey || table.primaryKey?.columns.includes(column)) return true;
  for (const unique of table.uniqueConstraints.values()) if (unique.columns.includes(column)) return true;
  for (const index of table.indexes.values()) if (index.unique && index.columns.some((c) => !c.isExpression && c.expression === column)) return true;
  return false;
}

function typeChangeFinding(context: MigrationRuleContext, hit: ClauseHit, table: TableModel, column: string, to: TypedColumn, clash: Clash, outsideTransaction: boolean): Finding {
  const drop = `ALTER TABLE ${tableRef(clash.owner)} DROP CONSTRAINT ${quoteIdent(clash.fk.name)};`;
  return sqlFinding(context, hit, {
    ruleId: RULE,
    message:
      `\`SET DATA TYPE ${hit.clause.targetType}\` on \`${table.name}.${column}\` fails: Postgres checks foreign key \`${clash.fk.name}\` after it, and the key would then join it to \`${clash.other}\` (\`${clash.otherType.type}\`), ` +
      `types Postgres cannot compare (\`foreign key constraint "${clash.fk.name}" cannot be implemented\`), ${failure(outsideTransaction)}`,
    help:
      `Drop the key before this statement (\`${drop}\`), change \`${clash.other}\` to a type of the same family too (${FAMILIES}), ` +
      `and add the key back after both changes with the \`ADD CONSTRAINT\` that created it.`,
    lock: lockOf('alter-column-type-rewrite'),
  });
}

/** A column or constraint of a table, as one map key. */
function memberKey(table: string, member: string): string {
  return `${table}\0${member}`;
}

/** `text`, `varchar(20)`, or an enum as drizzle-kit writes it: `"public"."role"` (0.31) or `"role"`. */
function typeFromSql(type: string): TypedColumn {
  const quoted = /^"((?:[^"]|"")+)"(?:\."((?:[^"]|"")+)")?(\[\])?$/.exec(type.trim());
  if (!quoted) return { type: type.trim() };
  const [schema, name] = quoted[2] === undefined ? ['public', quoted[1]] : [quoted[1], quoted[2]];
  return { type: name.replace(/""/g, '"') + (quoted[3] ?? ''), typeSchema: schema.replace(/""/g, '"') };
}
