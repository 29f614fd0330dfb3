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
import { emptySchemaModel, emptyTable, tableKey, type ColumnModel, type IndexColumnModel, type SchemaModel, type TableModel } from '../core/schema-model.js';
import { lazyLookup, type SchemaLookup } from '../core/schema-lookup.js';
import { arrayAt, entriesAt, isObject, objectAt, sqlDefault, stringAt, stringsAt, type Json } from './shape.js';

export function v7ToModel(snapshot: Json): SchemaModel {
  const model = emptySchemaModel();
  const tables = entriesAt(snapshot.tables, 'tables');
  for (let i = 0; i < tables.length; i++) {
    const table = readTable(tables[i][1], `tables.${tables[i][0]}`);
    model.tables.set(tableKey(table.schema, table.name), table);
  }
  readEnums(model, snapshot);
  return model;
}

/**
 * The same tables as `v7ToModel`, each modelled on its first lookup: a migration's rules ask the
 * schema before it for one or two tables, and a 300-table snapshot has 6,000 columns. Only a table's
 * `schema` and `name` are checked up front; a table malformed inside is `undefined` when looked up
 * (`v7ToModel` rejects the whole snapshot), so one broken entry does not hide the others.
 */
export function v7Lookup(snapshot: Json): SchemaLookup {
  const readers = new Map<string, () => TableModel>();
  const tables = entriesAt(snapshot.tables, 'tables');
  for (let i = 0; i < tables.length; i++) {
    const [key, raw] = tables[i];
    const where = `tables.${key}`;
    readers.set(tableKey(tableSchema(raw, where), stringAt(raw.name, where, 'name')), () => readTable(raw, where));
  }
  return lazyLookup(readers, readEnums(emptySchemaModel(), snapshot).enums);
}

export function readEnums(model: SchemaModel, snapshot: Json): SchemaModel {
  const enums = entriesAt(snapshot.enums, 'enums');
  for (let i = 0; i < enums.length; i++) {
    const [key, item] = enums[i];
    const schema = stringAt(item.schema ?? 'public', 'enums', key, 'schema') || 'public';
    const name = stringAt(item.name, 'enums', key, 'name');
    model.enums.set(tableKey(schema, name), { schema, name, values: stringsAt(item.values, 'enums', key, 'values') });
  }
  return model;
}

export function tableSchema(raw: Json, where: string): string {
  return stringAt(raw.schema ?? '', where, 'schema') || 'public';
}

// Indexed loops and paths joined only for error messages: a 300-table snapshot has 6,000 columns.
export function readTable(raw: Json, where: string): TableModel {
  const table = emptyTable(tableSchema(raw, where), stringAt(raw.name, where, 'name'));
  const columnsAt = `${where}.columns`;
  const columns = entriesAt(raw.columns, columnsAt);
  for (let i = 0; i < columns.length; i++) table.columns.set(columns[i][0], readColumn(columns[i][1], columnsAt, columns[i][0]));
  const indexesAt = `${where}.indexes`;
  const indexes = entriesAt(raw.indexes, indexesAt);
  for (let i = 0; i < indexes.length; i++) {
    const [key, index] = indexes[i];
    const name = stringAt(index.name, indexesAt, key, 'name');
    const indexColumns = arrayAt(index.columns, indexesAt, key, 'columns');
    const columnModels: IndexColumnModel[] = new Array(indexColumns.length);
    for (let c = 0; c < indexColumns.length; c++) columnModels[c] = readIndexColumn(indexColumns[c], indexesAt, key, c);
    table.indexes.set(key, {
      name,
      columns: columnModels,
      unique: index.isUnique === true,
      concurrently: index.concurrently === true,
      method: typeof index.method === 'string' ? index.method : 'btree',
      where: typeof index.where === 'string' ? index.where : undefined,
    });
  }
  const foreignKeysAt = `${where}.foreignKeys`;
  const foreignKeys = entriesAt(raw.foreignKeys, foreignKeysAt);
  for (let i = 0; i < foreignKeys.length; i++) {
    const [key, fk] = foreignKeys[i];
    table.foreignKeys.set(key, {
      name: stringAt(fk.name, foreignKeysAt, key, 'name'),
      columns: stringsAt(fk.columnsFrom, foreignKeysAt, key, 'columnsFrom'),
      foreignSchema: (typeof fk.schemaTo === 'string' && fk.schemaTo) || 'public',
      foreignTable: stringAt(fk.tableTo, foreignKeysAt, key, 'tableTo'),
      foreignColumns: stringsAt(fk.columnsTo, foreignKeysAt, key, 'columnsTo'),
      onDelete: typeof fk.onDelete === 'string' ? fk.onDelete.toLowerCase() : 'no action',
      onUpdate: typeof fk.onUpdate === 'string' ? fk.onUpdate.toLowerCase() : 'no action',
    });
  }
  const uniquesAt = `${where}.uniqueConstraints`;
  const uniques = entriesAt(raw.uniqueConstraints, uniquesAt);
  for (let i = 0; i < uniques.length; i++) {
    const [key, unique] = uniques[i];
    table.uniqueConstraints.set(key, {
      name: stringAt(unique.name, uniquesAt, key, 'name'),
      columns: stringsAt(unique.columns, uniquesAt, key, 'columns'),
      nullsNotDistinct: unique.nullsNotDistinct === true,
    });
  }
  const checksAt = `${where}.checkConstraints`;
  const checks = entriesAt(raw.checkConstraints, checksAt);
  for (let i = 0; i < checks.length; i++) {
    const [key, check] = checks[i];
    table.checkConstraints.set(key, { name: stringAt(check.name, checksAt, key, 'name'), expression: stringAt(check.value, checksAt, key, 'value') });
  }
  const primaryKeysAt = `${where}.compositePrimaryKeys`;
  const primaryKeys = entriesAt(raw.compositePrimaryKeys, primaryKeysAt);
  for (let i = 0; i < primaryKeys.length; i++) {
    const [key, pk] = primaryKeys[i];
    const pkColumns = stringsAt(pk.columns, primaryKeysAt, key, 'columns');
    const single = pkColumns.length === 1 ? table.columns.get(pkColumns[0]) : undefined;
    if (single) single.primaryKey = true;
    else table.primaryKey = { name: stringAt(pk.name, primaryKeysAt, key, 'name'), columns: pkColumns };
  }
  return table;
}

function readColumn(raw: Json, where: string, key: string): ColumnModel {
  const column: ColumnModel = {
    name: stringAt(raw.name, where, key, 'name'),
    type: stringAt(raw.type, where, key, 'type'),
    notNull: raw.notNull === true,
    primaryKey: raw.primaryKey === true,
  };
  if (typeof raw.typeSchema === 'string' && raw.typeSchema) column.typeSchema = raw.typeSchema;
  const value = sqlDefault(raw.default);
  if (value !== undefined) column.default = value;
  if (isObject(raw.identity)) column.identity = raw.identity.type === 'always' ? 'always' : 'byDefault';
  if (isObject(raw.generated)) column.generated = stringAt(raw.generated.as, where, key, 'generated.as');
  return column;
}

function readIndexColumn(value: unknown, where: string, key: string, i: number): IndexColumnModel {
  // v5 snapshots list index columns as bare names.
  if (typeof value === 'string') return { expression: value, isExpression: false, asc: true, nullsFirst: false };
  const at = `${key}.columns[${i}]`;
  const raw = objectAt(value, where, at);
  const column: IndexColumnModel = {
    expression: stringAt(raw.expression, where, at, 'expression'),
    isExpression: raw.isExpression === true,
    asc: raw.asc !== false,
    nullsFirst: raw.nulls === 'first',
  };
  if (typeof raw.opclass === 'string' && raw.opclass) column.opclass = raw.opclass;
  return column;
}
