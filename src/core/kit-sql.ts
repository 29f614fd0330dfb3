/**
 * The SQL drizzle-kit writes for one schema change, spelled like the kit line writes it
 * (0.31: `USING btree`, `"public"."t"` in REFERENCES, `DROP TABLE … CASCADE`; 1.x: `USING "c"::type`).
 * Used for hovers and messages; the linter never runs it.
 */
import type { ColumnModel, DrizzleKitLine, EnumModel, ForeignKeyModel, IndexModel, TableModel, UniqueConstraintModel } from './schema-model.js';
import { DEFAULT_PG_SCHEMA } from './schema-model.js';
import { arraySuffix } from './array-type.js';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableRef(table: Pick<TableModel, 'schema' | 'name'>): string {
  return table.schema && table.schema !== DEFAULT_PG_SCHEMA ? `${quoteIdent(table.schema)}.${quoteIdent(table.name)}` : quoteIdent(table.name);
}

export function columnTypeSql(column: ColumnModel, kit: DrizzleKitLine): string {
  if (!column.typeSchema) return column.type;
  if (kit === '1.x' && column.typeSchema === DEFAULT_PG_SCHEMA) return quoteIdent(column.type);
  return `${quoteIdent(column.typeSchema)}.${quoteIdent(column.type)}`;
}

export function addColumnSql(table: TableModel, column: ColumnModel, kit: DrizzleKitLine): string {
  const parts = [`ALTER TABLE ${tableRef(table)} ADD COLUMN ${quoteIdent(column.name)} ${columnTypeSql(column, kit)}`];
  if (column.primaryKey) parts.push('PRIMARY KEY');
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull && !column.primaryKey) parts.push('NOT NULL');
  return `${parts.join(' ')};`;
}

export function dropColumnSql(table: TableModel, column: ColumnModel): string {
  return `ALTER TABLE ${tableRef(table)} DROP COLUMN ${quoteIdent(column.name)};`;
}

export function renameColumnSql(table: TableModel, from: string, to: string): string {
  return `ALTER TABLE ${tableRef(table)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)};`;
}

export function renameTableSql(before: TableModel, after: TableModel): string {
  const statements: string[] = [];
  if (before.name !== after.name) statements.push(`ALTER TABLE ${tableRef(before)} RENAME TO ${quoteIdent(after.name)};`);
  if (before.schema !== after.schema) {
    statements.push(`ALTER TABLE ${tableRef({ schema: before.schema, name: after.name })} SET SCHEMA ${quoteIdent(after.schema || DEFAULT_PG_SCHEMA)};`);
  }
  return statements.join('\n');
}

export function dropTableSql(table: TableModel, kit: DrizzleKitLine): string {
  return kit === '0.x' ? `DROP TABLE ${tableRef(table)} CASCADE;` : `DROP TABLE ${tableRef(table)};`;
}

export function setNotNullSql(table: TableModel, column: ColumnModel): string {
  return `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET NOT NULL;`;
}

export function setTypeSql(table: TableModel, column: ColumnModel, kit: DrizzleKitLine): string {
  const type = columnTypeSql(column, kit);
  const head = `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DATA TYPE ${type}`;
  return kit === '1.x' ? `${head} USING ${quoteIdent(column.name)}::${type};` : `${head};`;
}

export function createIndexSql(table: TableModel, index: IndexModel, kit: DrizzleKitLine): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const concurrently = index.concurrently ? 'CONCURRENTLY ' : '';
  return `CREATE ${unique}INDEX ${concurrently}${quoteIdent(index.name)} ON ${indexTargetSql(table, index, kit)};`;
}

/** What follows `ON` in the `CREATE INDEX` drizzle-kit writes: `"users" USING btree ("email")`. */
export function indexTargetSql(table: TableModel, index: IndexModel, kit: DrizzleKitLine): string {
  const columns = index.columns.map((c) => (c.isExpression ? c.expression : quoteIdent(c.expression)) + (c.asc ? '' : ' DESC')).join(',');
  const using = kit === '0.x' || index.method !== 'btree' ? ` USING ${index.method}` : '';
  const where = index.where ? ` WHERE ${index.where}` : '';
  return `${tableRef(table)}${using} (${columns})${where}`;
}

export function dropIndexSql(index: IndexModel): string {
  return `DROP INDEX ${quoteIdent(index.name)};`;
}

export function addUniqueSql(table: TableModel, unique: UniqueConstraintModel): string {
  const nulls = unique.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
  return `ALTER TABLE ${tableRef(table)} ADD CONSTRAINT ${quoteIdent(unique.name)} UNIQUE${nulls}(${unique.columns.map(quoteIdent).join(',')});`;
}

export function addForeignKeySql(table: TableModel, fk: ForeignKeyModel, kit: DrizzleKitLine): string {
  const target =
    kit === '0.x' ? `${quoteIdent(fk.foreignSchema || DEFAULT_PG_SCHEMA)}.${quoteIdent(fk.foreignTable)}` : tableRef({ schema: fk.foreignSchema, name: fk.foreignTable });
  const head = `ALTER TABLE ${tableRef(table)} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdent).join(',')}) REFERENCES ${target}(${fk.foreignColumns.map(quoteIdent).join(',')})`;
  if (kit === '0.x') return `${head} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate};`;
  const actions = [fk.onDelete !== 'no action' ? ` ON DELETE ${fk.onDelete.toUpperCase()}` : '', fk.onUpdate !== 'no action' ? ` ON UPDATE ${fk.onUpdate.toUpperCase()}` : ''];
  return `${head}${actions.join('')};`;
}

export function dropConstraintSql(table: Pick<TableModel, 'schema' | 'name'>, name: string): string {
  return `ALTER TABLE ${tableRef(table)} DROP CONSTRAINT ${quoteIdent(name)};`;
}

export function addCheckSql(table: TableModel, name: string, expression: string): string {
  return `ALTER TABLE ${tableRef(table)} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${expression});`;
}

/** 0.31 always qualifies a type (`"public"."mood"`); 1.x leaves out `public`. */
export function enumRef(enumModel: Pick<EnumModel, 'schema' | 'name'>, kit: DrizzleKitLine): string {
  const schema = enumModel.schema || DEFAULT_PG_SCHEMA;
  return kit === '0.x' || schema !== DEFAULT_PG_SCHEMA ? `${quoteIdent(schema)}.${quoteIdent(enumModel.name)}` : quoteIdent(enumModel.name);
}

/** The "rename" answer to drizzle-kit's enum prompt: a rename, then a move to another schema. */
export function renameEnumSql(before: EnumModel, after: EnumModel, kit: DrizzleKitLine): string {
  const statements: string[] = [];
  if (before.name !== after.name) statements.push(`ALTER TYPE ${enumRef(before, kit)} RENAME TO ${quoteIdent(after.name)};`);
  if ((before.schema || DEFAULT_PG_SCHEMA) !== (after.schema || DEFAULT_PG_SCHEMA)) {
    statements.push(`ALTER TYPE ${enumRef({ schema: before.schema, name: after.name }, kit)} SET SCHEMA ${quoteIdent(after.schema || DEFAULT_PG_SCHEMA)};`);
  }
  return statements.join('\n');
}

/** The "create" answer for one column: the new type, the column converted through `text`, the old type dropped. */
export function replaceEnumSql(table: TableModel, column: ColumnModel, before: EnumModel, after: EnumModel, kit: DrizzleKitLine): string {
  const values = after.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  const alter = `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)}`;
  const withDefault = column.default !== undefined;
  return [
    `CREATE TYPE ${enumRef(after, kit)} AS ENUM(${values});`,
    ...(withDefault ? [`${alter} DROP DEFAULT;`] : []),
    convertThroughTextSql(table, column, after, kit),
    ...(withDefault ? [`${alter} SET DEFAULT ${column.default}${kit === '1.x' ? `::${enumColumnType(column, after, kit)}` : ''};`] : []),
    `DROP TYPE ${enumRef(before, kit)};`,
  ].join('\n');
}

/** `ALTER COLUMN … SET DATA TYPE "public"."mood"[] USING "c"::text::"public"."mood"[]`: how drizzle-kit moves a column to another enum. */
export function convertThroughTextSql(table: TableModel, column: ColumnModel, target: EnumModel, kit: DrizzleKitLine): string {
  const type = enumColumnType(column, target, kit);
  return `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DATA TYPE ${type} USING ${quoteIdent(column.name)}::text::${type};`;
}

function enumColumnType(column: ColumnModel, target: EnumModel, kit: DrizzleKitLine): string {
  return enumRef(target, kit) + arraySuffix(column.type);
}
