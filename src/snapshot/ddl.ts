/**
 * drizzle-kit 1.0 RC `ddl` rows (snapshot v8, and the replayed v9 state) → SchemaModel.
 * Normalisations, each to match the 0.31 reader and the static reader:
 * - column `dimensions: n` → `[]` × n appended to `type` (0.31 writes `text[]`); `typeSchema: null` → absent;
 * - `pks` rows: one column → `ColumnModel.primaryKey` (its default `<table>_pkey` name is dropped, as 0.31
 *   inline keys have none); several columns → `TableModel.primaryKey`;
 * - FK `onDelete`/`onUpdate` upper-case (`CASCADE`) → lower-case; `tableTo`/`schemaTo`/`columnsTo` →
 *   `foreignTable`/`foreignSchema`/`foreignColumns`;
 * - index column `value` → `expression`, `opclass: {name}` → `opclass` name; `where: null` → absent;
 * - `default: null` → absent; check `value` → `expression`; `nameExplicit` kept on indexes, FKs and uniques.
 * Kept as written: `_key`/`_fkey`/`_pkey` default names, unqualified columns in `where`/check text,
 * `numeric(10,2)` / `timestamp(3) with time zone` spacing, `'{}'` jsonb defaults without cast.
 */
import { lazyLookup, type SchemaLookup } from '../core/schema-lookup.js';
import { emptySchemaModel, emptyTable, tableKey, type ColumnModel, type EnumModel, type IndexColumnModel, type SchemaModel, type TableModel } from '../core/schema-model.js';
import { arrayAt, isObject, objectAt, SnapshotFormatError, sqlDefault, stringAt, stringsAt, type Json } from './shape.js';

export function ddlToModel(rows: Json[]): SchemaModel {
  const model = emptySchemaModel();
  const { tables, enums } = groupRows(rows, (row, type, key) => {
    throw new SnapshotFormatError(`ddl ${type} row \`${String(row.name)}\` belongs to the missing table \`${key}\``);
  });
  for (const [key, { row, parts }] of tables) model.tables.set(key, readTable(row, parts));
  for (const [key, value] of enums) model.enums.set(key, value);
  return model;
}

/**
 * The same schema as `ddlToModel`, each table modelled on its first lookup (a migration's rules ask
 * for one or two). Rows must not change afterwards (the v9 replay replaces rows, never edits them).
 * Only table and enum identities are checked up front; a table malformed inside, or a row of a table
 * that does not exist, leaves that table `undefined` or out of the lookup, where `ddlToModel` rejects
 * the whole schema.
 */
export function ddlLookup(rows: Json[]): SchemaLookup {
  const { tables, enums } = groupRows(rows, () => undefined);
  return tableRowsLookup(tables, enums);
}

/** A table's own row (absent while only rows that belong to it exist) and those rows, in row order. */
export interface TableRows {
  row?: Json;
  parts: readonly Json[];
}

/**
 * The v9 replay's store replaces a table's group when a row of it changes, never edits it: the lookups of
 * consecutive migrations then share the model of every table no migration between them touched.
 */
const models = new WeakMap<TableRows, TableModel>();

function modelOf(rows: TableRows, row: Json): TableModel {
  let model = models.get(rows);
  if (!model) models.set(rows, (model = readTable(row, rows.parts)));
  return model;
}

/** Lookups over rows already grouped by table (`groupRows`, or the v9 replay's store, which keeps them grouped). */
export function tableRowsLookup(tables: ReadonlyMap<string, TableRows>, enums: ReadonlyMap<string, EnumModel>): SchemaLookup {
  return lazyLookup(
    {
      get(key) {
        const rows = tables.get(key);
        const row = rows?.row;
        return row && (() => modelOf(rows, row));
      },
      keys: () => tables.keys(),
    },
    enums,
  );
}

export const TABLE_PARTS = new Set(['columns', 'pks', 'indexes', 'fks', 'uniques', 'checks']);

/** The table a `tables` row is, or one of `TABLE_PARTS` belongs to; throws on a row without a string schema or name. */
export function tableKeyOfRow(row: Json): string {
  if (row.entityType === 'tables') return tableKey(stringAt(row.schema, 'ddl tables.schema'), stringAt(row.name, 'ddl tables.name'));
  const type = String(row.entityType);
  return tableKey(stringAt(row.schema, `ddl ${type}.schema`), stringAt(row.table, `ddl ${type}.table`));
}

export function enumOfRow(row: Json): EnumModel {
  const schema = stringAt(row.schema, 'ddl enums.schema');
  const name = stringAt(row.name, 'ddl enums.name');
  return { schema, name, values: stringsAt(row.values, `ddl enum ${name}.values`) };
}

/** Table rows with the rows that belong to each (in row order), and every enum. */
function groupRows(rows: Json[], orphan: (row: Json, type: string, key: string) => void): { tables: Map<string, { row: Json; parts: Json[] }>; enums: Map<string, EnumModel> } {
  const tables = new Map<string, { row: Json; parts: Json[] }>();
  const enums = new Map<string, EnumModel>();
  for (const row of rows) {
    if (row.entityType === 'tables') {
      tables.set(tableKeyOfRow(row), { row, parts: [] });
    } else if (row.entityType === 'enums') {
      const value = enumOfRow(row);
      enums.set(tableKey(value.schema, value.name), value);
    }
  }
  for (const row of rows) {
    const type = String(row.entityType);
    if (!TABLE_PARTS.has(type)) continue;
    const key = tableKeyOfRow(row);
    const table = tables.get(key);
    if (table) table.parts.push(row);
    else orphan(row, type, key);
  }
  return { tables, enums };
}

function readTable(tableRow: Json, parts: readonly Json[]): TableModel {
  const table = emptyTable(tableRow.schema as string, tableRow.name as string);
  const ofType = (type: string) => parts.filter((row) => row.entityType === type);
  for (const row of ofType('columns')) {
    const column = readColumn(row);
    table.columns.set(column.name, column);
  }
  for (const row of ofType('pks')) {
    const columns = stringsAt(row.columns, `ddl pk ${String(row.name)}.columns`);
    const single = columns.length === 1 ? table.columns.get(columns[0]) : undefined;
    if (single) single.primaryKey = true;
    else table.primaryKey = { name: stringAt(row.name, 'ddl pks.name'), columns };
  }
  for (const row of ofType('indexes')) {
    const name = stringAt(row.name, 'ddl indexes.name');
    table.indexes.set(name, {
      name,
      columns: arrayAt(row.columns, `ddl index ${name}.columns`).map((c, i) => readIndexColumn(c, `ddl index ${name}.columns[${i}]`)),
      unique: row.isUnique === true,
      concurrently: row.concurrently === true,
      method: typeof row.method === 'string' && row.method ? row.method : 'btree',
      where: typeof row.where === 'string' ? row.where : undefined,
      ...nameExplicitOf(row),
    });
  }
  for (const row of ofType('fks')) {
    const name = stringAt(row.name, 'ddl fks.name');
    table.foreignKeys.set(name, {
      name,
      columns: stringsAt(row.columns, `ddl fk ${name}.columns`),
      foreignSchema: (typeof row.schemaTo === 'string' && row.schemaTo) || 'public',
      foreignTable: stringAt(row.tableTo, `ddl fk ${name}.tableTo`),
      foreignColumns: stringsAt(row.columnsTo, `ddl fk ${name}.columnsTo`),
      onDelete: typeof row.onDelete === 'string' ? row.onDelete.toLowerCase() : 'no action',
      onUpdate: typeof row.onUpdate === 'string' ? row.onUpdate.toLowerCase() : 'no action',
      ...nameExplicitOf(row),
    });
  }
  for (const row of ofType('uniques')) {
    const name = stringAt(row.name, 'ddl uniques.name');
    table.uniqueConstraints.set(name, { name, columns: stringsAt(row.columns, `ddl unique ${name}.columns`), nullsNotDistinct: row.nullsNotDistinct === true, ...nameExplicitOf(row) });
  }
  for (const row of ofType('checks')) {
    const name = stringAt(row.name, 'ddl checks.name');
    table.checkConstraints.set(name, { name, expression: stringAt(row.value, `ddl check ${name}.value`) });
  }
  return table;
}

/** Absent unless the row says: a name counts as generated only when the snapshot records it so. */
function nameExplicitOf(row: Json): { nameExplicit?: boolean } {
  return typeof row.nameExplicit === 'boolean' ? { nameExplicit: row.nameExplicit } : {};
}

function readColumn(row: Json): ColumnModel {
  const name = stringAt(row.name, 'ddl columns.name');
  const dimensions = typeof row.dimensions === 'number' ? row.dimensions : 0;
  const column: ColumnModel = {
    name,
    type: stringAt(row.type, `ddl column ${name}.type`) + '[]'.repeat(Math.max(0, dimensions)),
    notNull: row.notNull === true,
    primaryKey: false,
  };
  if (typeof row.typeSchema === 'string' && row.typeSchema) column.typeSchema = row.typeSchema;
  const value = sqlDefault(row.default);
  if (value !== undefined) column.default = value;
  if (isObject(row.identity)) column.identity = row.identity.type === 'always' ? 'always' : 'byDefault';
  if (isObject(row.generated)) column.generated = stringAt(row.generated.as, `ddl column ${name}.generated.as`);
  return column;
}

function readIndexColumn(value: unknown, where: string): IndexColumnModel {
  const raw = objectAt(value, where);
  const column: IndexColumnModel = {
    expression: stringAt(raw.value, `${where}.value`),
    isExpression: raw.isExpression === true,
    asc: raw.asc !== false,
    nullsFirst: raw.nullsFirst === true,
  };
  if (isObject(raw.opclass) && typeof raw.opclass.name === 'string') column.opclass = raw.opclass.name;
  return column;
}
