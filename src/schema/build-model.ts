import {
  emptyTable, type ColumnModel, type DrizzleKitLine, type IndexColumnModel, type IndexModel, type SourceSpan, type TableModel,
} from '../core/schema-model.js';
import { applyCasing, type Casing } from './casing.js';
import { encodeDefault } from './default-encoding.js';
import { invoke, spanOf } from './evaluator.js';
import { renderSql, type ColumnNamer } from './sql-render.js';
import type { ColumnBuilder, ObjectProp, TableValue, Value } from './values.js';

export interface NamingOptions {
  kit: DrizzleKitLine;
  /** 0.x config casing; ignored for 1.x. */
  casing?: Casing;
}

type ColumnRef = Extract<Value, { kind: 'colref' }>;

/** DB and raw (pre-casing) names of a referenced column; undefined when the name is unknown. */
function columnNames(ref: ColumnRef, options: NamingOptions): { db: string; raw: string } | undefined {
  return namesOf(ref.table, ref.key, options);
}

function namesOf(table: TableValue, key: string, options: NamingOptions): { db: string; raw: string } | undefined {
  const entry = table.columns.get(key);
  if (!entry || entry.builder.unknown.name) return undefined;
  const explicit = entry.builder.explicitName;
  if (explicit !== undefined) return { raw: explicit, db: explicit };
  return { raw: key, db: applyCasing(key, options.kit === '0.x' ? options.casing : undefined) };
}

function namer(options: NamingOptions): ColumnNamer {
  return (ref) => {
    const names = columnNames(ref, options);
    if (!names || ref.table.name === undefined) return undefined;
    return { table: ref.table.name, schema: ref.table.schema, column: names.db };
  };
}

/** `name.replace(raw, cased)` per column, exactly as drizzle-kit 0.31 rewrites default PK/FK names. */
function recase(name: string, pairs: Array<{ db: string; raw: string }>, options: NamingOptions): string {
  if (options.kit !== '0.x' || options.casing === undefined) return name;
  return pairs.reduce((acc, pair) => acc.replace(pair.raw, () => pair.db), name);
}

function refsOf(values: Value[], options: NamingOptions): Array<{ ref: ColumnRef; db: string; raw: string }> | undefined {
  const refs = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value.kind !== 'colref') return undefined;
    const names = columnNames(value, options);
    if (!names) return undefined;
    refs.push({ ref: value, db: names.db, raw: names.raw });
  }
  return refs;
}

/** drizzle-kit 1.x spells `numeric(10,2)` and `timestamp(3)`; it keeps no array sizes (undefined = unknown). */
function kitType(type: string | undefined, kit: DrizzleKitLine): string | undefined {
  if (type === undefined || kit === '0.x') return type;
  if (/\[\d+\]|\]\[/.test(type)) return undefined;
  return type.replace(/^numeric\((\d+), /, 'numeric($1,').replace(/^timestamp \(/, 'timestamp(');
}

export function buildTableModel(value: TableValue, options: NamingOptions): TableModel | undefined {
  if (value.name === undefined) return undefined;
  const table = emptyTable(value.schema ?? 'public', value.name);
  table.partial = value.partial;
  table.source = { exportName: value.exportName, declaration: value.declaration, name: value.nameSpan, columnsObject: value.columnsObject };
  const name = namer(options);
  // `forEach`, not `for…of` with destructuring: this runs once per column, mostly before V8 optimises it.
  value.columns.forEach((entry, key) => addColumn(table, value, key, entry.builder, entry.prop, options, name));
  addExtraConfig(table, value, options);
  return table;
}

function addColumn(table: TableModel, value: TableValue, key: string, builder: ColumnBuilder, prop: ObjectProp, options: NamingOptions, name: ColumnNamer): void {
  const names = namesOf(value, key, options);
  const type = kitType(builder.type, options.kit);
  const column: ColumnModel = {
    name: names?.db ?? key,
    type: type ?? 'unknown',
    notNull: builder.notNull,
    primaryKey: builder.primaryKey,
    source: { key, property: spanOf(prop.node, prop.file, prop.sourceFile), builder: builder.builderSpan, modifiers: builder.modifiers },
  };
  const known = builder.unknown;
  let unknown: NonNullable<ColumnModel['unknown']> | undefined;
  if (known.type || known.notNull || known.default || known.name || known.generated || known.identity) {
    unknown = {};
    if (known.type) unknown.type = known.type;
    if (known.notNull) unknown.notNull = known.notNull;
    if (known.default) unknown.default = known.default;
    if (known.name) unknown.name = known.name;
    if (known.generated) unknown.generated = known.generated;
    if (known.identity) unknown.identity = known.identity;
  }
  if (builder.type !== undefined && type === undefined) (unknown ??= {}).type = 'drizzle-kit 1.x does not keep array sizes or dimensions';
  // drizzle-kit 0.31 records the schema of a `PgEnumColumn` only, not of a `pgEnum(name, object)` column; 1.x of both.
  // Values it cannot evaluate are taken for the usual array (the diff ignores a `typeSchema` missing on one side).
  if (builder.enumSchema && (options.kit === '1.x' || builder.enumForm !== 'object')) column.typeSchema = builder.enumSchema;
  if (builder.identity) column.identity = builder.identity;
  const defaultValue = builder.defaultValue;
  if (defaultValue && !(defaultValue.kind === 'literal' && defaultValue.value === undefined)) {
    const encoded = encodeDefault(defaultValue, builder.type, name, options.kit);
    if ('sql' in encoded) column.default = encoded.sql;
    else (unknown ??= {}).default = encoded.unknown;
  }
  if (builder.generated) {
    const sql = builder.generated.kind === 'closure' ? invoke(builder.generated, []) : builder.generated;
    const rendered = renderSql(sql, 'qualified', name);
    if ('sql' in rendered) column.generated = rendered.sql;
    else (unknown ??= {}).generated = rendered.unknown;
  }
  if (unknown) column.unknown = unknown;
  if (!names) table.partial = true;
  table.columns.set(column.name, column);

  if (builder.unique && names) {
    const defaultName = options.kit === '0.x' ? `${table.name}_${names.raw}_unique` : `${table.name}_${names.db}_key`;
    const uniqueName = builder.unique.name ?? defaultName;
    table.uniqueConstraints.set(uniqueName, {
      name: uniqueName,
      columns: [names.db],
      nullsNotDistinct: builder.unique.nullsNotDistinct,
      ...nameExplicit(builder.unique.name !== undefined, options),
      source: { span: builder.modifiers.unique },
    });
  } else if (builder.unknown.unique) table.partial = true;

  const references = builder.references;
  for (let i = 0; i < references.length; i++) {
    const reference = references[i];
    const target = reference.thunk.kind === 'closure' ? invoke(reference.thunk, []) : reference.thunk;
    const self: ColumnRef = { kind: 'colref', table: value, key, index: { asc: true } };
    addForeignKey(table, { columns: [self], foreignColumns: [target], onDelete: reference.onDelete, onUpdate: reference.onUpdate, span: reference.span }, options);
  }
}

interface ForeignKeyInput {
  name?: string;
  columns: Value[];
  foreignColumns: Value[];
  onDelete?: string;
  onUpdate?: string;
  span: SourceSpan;
}

function addForeignKey(table: TableModel, input: ForeignKeyInput, options: NamingOptions): void {
  const from = refsOf(input.columns, options);
  const to = refsOf(input.foreignColumns, options);
  const target = to?.[0]?.ref.table;
  if (!from || !to || !target || target.name === undefined) {
    table.partial = true;
    return;
  }
  const tableTo = target.name;
  const actionsUnknown = input.onDelete === 'unknown' || input.onUpdate === 'unknown';
  let name = input.name;
  let unknownName: string | undefined;
  if (!name && options.kit === '0.x') {
    name = recase(`${fkNameParts(table.name, from, tableTo, to, 'raw')}_fk`, from.concat(to), options);
  } else if (!name) {
    name = `${fkNameParts(table.name, from, tableTo, to, 'db')}_fkey`;
    // drizzle-kit 1.x hashes default names longer than Postgres' 63-byte identifier limit.
    if (Buffer.byteLength(name) > 63) unknownName = 'drizzle-kit 1.x shortens this long default name with a hash';
  }
  table.foreignKeys.set(name, {
    name,
    columns: dbNames(from),
    foreignSchema: target.schema ?? 'public',
    foreignTable: tableTo,
    foreignColumns: dbNames(to),
    onDelete: (input.onDelete ?? 'no action').toLowerCase(),
    onUpdate: (input.onUpdate ?? 'no action').toLowerCase(),
    ...nameExplicit(input.name !== undefined, options),
    ...(unknownName || actionsUnknown ? { unknown: { ...(unknownName ? { name: unknownName } : {}), ...(actionsUnknown ? { actions: 'an `onDelete`/`onUpdate` action is not a literal' } : {}) } } : {}),
    source: { span: input.span },
  });
}

/** drizzle-kit 1.x records whether a name was written out (0.31 does not): see `IndexModel.nameExplicit`. */
function nameExplicit(written: boolean, options: NamingOptions): { nameExplicit?: boolean } {
  return options.kit === '1.x' ? { nameExplicit: written } : {};
}

type Names = Array<{ db: string; raw: string }>;

/** `[tableFrom, ...from, tableTo, ...to].join('_')` with the `db` or `raw` column names. */
function fkNameParts(tableFrom: string, from: Names, tableTo: string, to: Names, which: 'db' | 'raw'): string {
  let text = tableFrom;
  for (let i = 0; i < from.length; i++) text += `_${from[i][which]}`;
  text += `_${tableTo}`;
  for (let i = 0; i < to.length; i++) text += `_${to[i][which]}`;
  return text;
}

function dbNames(refs: Array<{ db: string }>): string[] {
  const names = new Array<string>(refs.length);
  for (let i = 0; i < refs.length; i++) names[i] = refs[i].db;
  return names;
}

function extraConfigEntries(value: TableValue): Value[] | undefined {
  const config = value.extraConfig;
  if (!config) return [];
  if (config.kind !== 'closure') return undefined;
  const result = invoke(config, [{ kind: 'tableColumns', table: value }]);
  const entries: Value[] = [];
  if (result.kind === 'object' && !result.partial) {
    result.props.forEach((prop) => entries.push(prop.value));
    return entries;
  }
  if (result.kind !== 'array') return undefined;
  // drizzle flattens the returned array one level.
  for (let i = 0; i < result.items.length; i++) {
    const item = result.items[i];
    if (item.kind !== 'array') entries.push(item);
    else for (let j = 0; j < item.items.length; j++) entries.push(item.items[j]);
  }
  return entries;
}

function addExtraConfig(table: TableModel, value: TableValue, options: NamingOptions): void {
  const entries = extraConfigEntries(value);
  if (!entries) {
    table.partial = true;
    return;
  }
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.kind === 'index') addIndex(table, entry.index, options);
    else if (entry.kind === 'constraint') addConstraint(table, entry.constraint, options);
    // drizzle-orm 0.45's `getTableConfig` skips values that are not builders (`enableRls: true`); 1.0 throws on them.
    else if (entry.kind !== 'opaque' && !(entry.kind === 'literal' && options.kit === '0.x')) table.partial = true;
  }
}

function addIndex(table: TableModel, index: Extract<Value, { kind: 'index' }>['index'], options: NamingOptions): void {
  const name = namer(options);
  const columns: IndexColumnModel[] = [];
  const unknown: NonNullable<IndexModel['unknown']> = {};
  let hasExpression = false;
  for (const column of index.columns) {
    if (column.kind === 'colref') {
      const names = columnNames(column, options);
      if (!names) unknown.columns = 'an index column name is unknown';
      const item: IndexColumnModel = { expression: names?.db ?? column.key, isExpression: false, asc: column.index.asc, nullsFirst: column.index.nulls === 'first' };
      if (column.index.opclass) item.opclass = column.index.opclass;
      columns.push(item);
    } else {
      hasExpression = true;
      const rendered = renderSql(column, 'bare', name);
      if ('sql' in rendered) columns.push({ expression: rendered.sql, isExpression: true, asc: true, nullsFirst: false });
      else unknown.columns = rendered.unknown;
    }
  }
  let indexName = index.name;
  if (index.nameUnknown) unknown.name = index.nameUnknown;
  else if (!indexName && hasExpression) unknown.name = 'drizzle-kit requires a name for an expression index';
  indexName ??= `${table.name}_${columns.map((c) => c.expression).join('_')}_index`;
  const model: IndexModel = { name: indexName, columns, unique: index.unique, concurrently: index.concurrently, method: index.method, ...nameExplicit(index.name !== undefined || index.nameUnknown !== undefined, options) };
  if (index.where) {
    const rendered = renderSql(index.where, options.kit === '0.x' ? 'qualified' : 'bare', name);
    if ('sql' in rendered) model.where = rendered.sql;
    else unknown.where = rendered.unknown;
  }
  if (Object.keys(unknown).length > 0) model.unknown = unknown;
  model.source = { span: index.span, modifiers: index.modifiers };
  table.indexes.set(indexName, model);
}

function addConstraint(table: TableModel, constraint: Extract<Value, { kind: 'constraint' }>['constraint'], options: NamingOptions): void {
  if (constraint.type === 'foreignKey') {
    addForeignKey(table, constraint, options);
    return;
  }
  if (constraint.type === 'check') {
    const rendered = renderSql(constraint.value, options.kit === '0.x' ? 'qualified' : 'bare', namer(options));
    if (constraint.name === undefined || !('sql' in rendered)) table.partial = true;
    else table.checkConstraints.set(constraint.name, { name: constraint.name, expression: rendered.sql, source: { span: constraint.span } });
    return;
  }
  const refs = refsOf(constraint.columns, options);
  if (!refs) {
    table.partial = true;
    return;
  }
  if (constraint.type === 'unique') {
    const defaultName = `${table.name}_${refs.map((c) => (options.kit === '0.x' ? c.raw : c.db)).join('_')}_unique`;
    const name = constraint.name ?? defaultName;
    table.uniqueConstraints.set(name, { name, columns: refs.map((c) => c.db), nullsNotDistinct: constraint.nullsNotDistinct, ...nameExplicit(constraint.name !== undefined, options), source: { span: constraint.span } });
    return;
  }
  const single = refs.length === 1 ? table.columns.get(refs[0].db) : undefined;
  if (single) {
    single.primaryKey = true;
    if (options.kit === '1.x') single.notNull = true;
    return;
  }
  const name = constraint.name ?? (options.kit === '0.x' ? recase(`${table.name}_${refs.map((c) => c.raw).join('_')}_pk`, refs, options) : `${table.name}_pkey`);
  // drizzle-kit 1.x records primary key columns as NOT NULL, as Postgres makes them.
  if (options.kit === '1.x') for (const ref of refs) table.columns.get(ref.db) && (table.columns.get(ref.db)!.notNull = true);
  table.primaryKey = { name, columns: refs.map((c) => c.db), source: { span: constraint.span } };
}
