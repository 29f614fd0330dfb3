/**
 * drizzle-kit 0.31 PostgreSQL snapshot (`meta/NNNN_snapshot.json`, version "7"; "5"/"6" share the fields
 * read here) → SchemaModel. Normalisations, each to match the 1.0 reader and the static reader:
 * - table `schema: ""` (public) → `public`; FK `schemaTo` missing or "" → `public`;
 * - FK `columnsFrom`/`tableTo`/`schemaTo`/`columnsTo` → `columns`/`foreignTable`/`foreignSchema`/`foreignColumns`;
 * - index column `nulls: "first" | "last"` → `nullsFirst`; `isUnique` → `unique`; check `value` → `expression`;
 * - a `compositePrimaryKeys` entry with one column → `ColumnModel.primaryKey` (1.x cannot tell them apart);
 * - raw JSON number/boolean defaults (`1.5`, `false`) → their SQL text.
 * Kept as written: `_unique`/`_fk`/`_pk` default names, table-qualified columns in `where`/check text,
 * `numeric(10, 2)` / `timestamp (3) with time zone` spacing, `'{}'::jsonb` default casts.
 */
import { emptySchemaModel, emptyTable, tableKey, type ColumnModel, type IndexColumnModel, type SchemaModel } from '../core/schema-model.js';
import { arrayAt, entriesAt, isObject, objectAt, sqlDefault, stringAt, stringsAt, type Json } from './shape.js';

export function v7ToModel(snapshot: Json): SchemaModel {
  const model = emptySchemaModel();
  for (const [key, table] of entriesAt(snapshot.tables, 'tables')) readTable(model, table, `tables.${key}`);
  for (const [key, item] of entriesAt(snapshot.enums, 'enums')) {
    const schema = stringAt(item.schema ?? 'public', `enums.${key}.schema`) || 'public';
    const name = stringAt(item.name, `enums.${key}.name`);
    model.enums.set(tableKey(schema, name), { schema, name, values: stringsAt(item.values, `enums.${key}.values`) });
  }
  return model;
}

function readTable(model: SchemaModel, raw: Json, where: string): void {
  const schema = stringAt(raw.schema ?? '', `${where}.schema`) || 'public';
  const table = emptyTable(schema, stringAt(raw.name, `${where}.name`));
  for (const [key, column] of entriesAt(raw.columns, `${where}.columns`)) {
    table.columns.set(key, readColumn(column, `${where}.columns.${key}`));
  }
  for (const [key, index] of entriesAt(raw.indexes, `${where}.indexes`)) {
    const at = `${where}.indexes.${key}`;
    table.indexes.set(key, {
      name: stringAt(index.name, `${at}.name`),
      columns: arrayAt(index.columns, `${at}.columns`).map((c, i) => readIndexColumn(c, `${at}.columns[${i}]`)),
      unique: index.isUnique === true,
      concurrently: index.concurrently === true,
      method: typeof index.method === 'string' ? index.method : 'btree',
      where: typeof index.where === 'string' ? index.where : undefined,
    });
  }
  for (const [key, fk] of entriesAt(raw.foreignKeys, `${where}.foreignKeys`)) {
    const at = `${where}.foreignKeys.${key}`;
    table.foreignKeys.set(key, {
      name: stringAt(fk.name, `${at}.name`),
      columns: stringsAt(fk.columnsFrom, `${at}.columnsFrom`),
      foreignSchema: (typeof fk.schemaTo === 'string' && fk.schemaTo) || 'public',
      foreignTable: stringAt(fk.tableTo, `${at}.tableTo`),
      foreignColumns: stringsAt(fk.columnsTo, `${at}.columnsTo`),
      onDelete: typeof fk.onDelete === 'string' ? fk.onDelete.toLowerCase() : 'no action',
      onUpdate: typeof fk.onUpdate === 'string' ? fk.onUpdate.toLowerCase() : 'no action',
    });
  }
  for (const [key, unique] of entriesAt(raw.uniqueConstraints, `${where}.uniqueConstraints`)) {
    const at = `${where}.uniqueConstraints.${key}`;
    table.uniqueConstraints.set(key, {
      name: stringAt(unique.name, `${at}.name`),
      columns: stringsAt(unique.columns, `${at}.columns`),
      nullsNotDistinct: unique.nullsNotDistinct === true,
    });
  }
  for (const [key, check] of entriesAt(raw.checkConstraints, `${where}.checkConstraints`)) {
    const at = `${where}.checkConstraints.${key}`;
    table.checkConstraints.set(key, { name: stringAt(check.name, `${at}.name`), expression: stringAt(check.value, `${at}.value`) });
  }
  for (const [key, pk] of entriesAt(raw.compositePrimaryKeys, `${where}.compositePrimaryKeys`)) {
    const at = `${where}.compositePrimaryKeys.${key}`;
    const columns = stringsAt(pk.columns, `${at}.columns`);
    const single = columns.length === 1 ? table.columns.get(columns[0]) : undefined;
    if (single) single.primaryKey = true;
    else table.primaryKey = { name: stringAt(pk.name, `${at}.name`), columns };
  }
  model.tables.set(tableKey(schema, table.name), table);
}

function readColumn(raw: Json, where: string): ColumnModel {
  const column: ColumnModel = {
    name: stringAt(raw.name, `${where}.name`),
    type: stringAt(raw.type, `${where}.type`),
    notNull: raw.notNull === true,
    primaryKey: raw.primaryKey === true,
  };
  if (typeof raw.typeSchema === 'string' && raw.typeSchema) column.typeSchema = raw.typeSchema;
  const value = sqlDefault(raw.default);
  if (value !== undefined) column.default = value;
  if (isObject(raw.identity)) column.identity = raw.identity.type === 'always' ? 'always' : 'byDefault';
  if (isObject(raw.generated)) column.generated = stringAt(raw.generated.as, `${where}.generated.as`);
  return column;
}

function readIndexColumn(value: unknown, where: string): IndexColumnModel {
  // v5 snapshots list index columns as bare names.
  if (typeof value === 'string') return { expression: value, isExpression: false, asc: true, nullsFirst: false };
  const raw = objectAt(value, where);
  const column: IndexColumnModel = {
    expression: stringAt(raw.expression, `${where}.expression`),
    isExpression: raw.isExpression === true,
    asc: raw.asc !== false,
    nullsFirst: raw.nulls === 'first',
  };
  if (typeof raw.opclass === 'string' && raw.opclass) column.opclass = raw.opclass;
  return column;
}
