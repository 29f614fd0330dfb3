/**
 * The host-neutral schema model. Both the static reader (`src/schema`, Drizzle TypeScript)
 * and the snapshot reader (`src/snapshot`, drizzle-kit JSON) produce it, so rules compare
 * like with like. Names are database names exactly as drizzle-kit writes them.
 *
 * Anything the static reader cannot resolve is recorded in `unknown` (never guessed):
 * rules must stay silent on an unknown fact.
 */

/** Which drizzle-kit generation wrote (or will write) the SQL; default names differ. */
export type DrizzleKitLine = '0.x' | '1.x';

/** Half-open character range in one file, 0-based offsets into the file's text. */
export interface SourceSpan {
  file: string;
  start: number;
  end: number;
}

export interface SchemaModel {
  /** Tables keyed by `tableKey(schema, name)`, e.g. `public.users`, `auth.accounts`. */
  tables: Map<string, TableModel>;
  /** Enums keyed by `tableKey(schema, name)`. */
  enums: Map<string, EnumModel>;
  /**
   * True when some export of some schema file could not be resolved (a factory, a computed
   * name…). A table missing from a partial model may exist: rules never report it as dropped.
   */
  partial: boolean;
}

export interface TableModel {
  /** `public` for the default schema. */
  schema: string;
  name: string;
  columns: Map<string, ColumnModel>;
  indexes: Map<string, IndexModel>;
  foreignKeys: Map<string, ForeignKeyModel>;
  uniqueConstraints: Map<string, UniqueConstraintModel>;
  checkConstraints: Map<string, CheckConstraintModel>;
  /**
   * Multi-column primary key. A single-column key, declared either way, is normalised to
   * `ColumnModel.primaryKey` because drizzle-kit 1.x snapshots cannot tell the two apart.
   */
  primaryKey?: PrimaryKeyModel;
  /** True when a column or extra-config entry could not be resolved (e.g. an unknown spread). */
  partial: boolean;
  /** Static reader only: where the table is declared, and its export name. */
  source?: TableSource;
}

export interface TableSource {
  exportName?: string;
  /** The whole `export const x = pgTable(...)` statement. */
  declaration: SourceSpan;
  /** The table name argument (or the call when the name is derived). */
  name: SourceSpan;
  /** The columns object literal. */
  columnsObject?: SourceSpan;
}

export type Unknown = { unknown: true; reason: string };

export interface ColumnModel {
  name: string;
  /** SQL type exactly as drizzle-kit writes it (`varchar(255)`, `timestamp (3) with time zone`, `integer[]`). */
  type: string;
  /** Schema of an enum type; undefined for built-in types. */
  typeSchema?: string;
  notNull: boolean;
  /** Column-level `.primaryKey()`. */
  primaryKey: boolean;
  /** Database default as SQL text (`'active'`, `now()`, `1`); undefined when there is none. App-side `$defaultFn` is not a default. */
  default?: string;
  identity?: 'always' | 'byDefault';
  /** Expression of a stored generated column. */
  generated?: string;
  /** Fields the static reader could not resolve; rules ignore them. */
  unknown?: Partial<Record<'type' | 'notNull' | 'default' | 'name' | 'generated' | 'identity', string>>;
  source?: ColumnSource;
}

export interface ColumnSource {
  /** The TS property key (may differ from the DB name). */
  key: string;
  /** `key: builder(...)...` property. */
  property: SourceSpan;
  /** The builder call, e.g. `varchar('email', { length: 255 })`. */
  builder: SourceSpan;
  /** Spans of modifier calls by method name (`notNull`, `default`, `unique`, `references`…). */
  modifiers: Record<string, SourceSpan>;
}

export interface IndexColumnModel {
  /** Column name, or SQL text when `isExpression`. */
  expression: string;
  isExpression: boolean;
  asc: boolean;
  nullsFirst: boolean;
  opclass?: string;
}

export interface IndexModel {
  name: string;
  columns: IndexColumnModel[];
  unique: boolean;
  concurrently: boolean;
  method: string;
  where?: string;
  /**
   * drizzle-kit 1.x only (its snapshots, and the schema reader on the 1.x line; absent on 0.31): whether the
   * name was written out, `false` when generated from the table and columns. 1.x keeps a generated name
   * when the columns it names are renamed, as long as both sides are generated.
   */
  nameExplicit?: boolean;
  unknown?: Partial<Record<'name' | 'columns' | 'where', string>>;
  source?: { span: SourceSpan; modifiers: Record<string, SourceSpan> };
}

export interface ForeignKeyModel {
  name: string;
  columns: string[];
  /** Referenced table schema (`public` by default) and name. */
  foreignSchema: string;
  foreignTable: string;
  foreignColumns: string[];
  /** Lower-case SQL action: `no action`, `cascade`, `set null`, `set default`, `restrict`. */
  onDelete: string;
  onUpdate: string;
  /** As `IndexModel.nameExplicit`. */
  nameExplicit?: boolean;
  /** `actions`: `onDelete`/`onUpdate` not literal; the two fields then hold a guess. */
  unknown?: Partial<Record<'name' | 'target' | 'actions', string>>;
  source?: { span: SourceSpan };
}

export interface UniqueConstraintModel {
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
  /** As `IndexModel.nameExplicit`. */
  nameExplicit?: boolean;
  source?: { span: SourceSpan };
}

export interface CheckConstraintModel {
  name: string;
  /** SQL text; comparisons should normalise quoting and table qualification. */
  expression: string;
  source?: { span: SourceSpan };
}

export interface PrimaryKeyModel {
  name?: string;
  columns: string[];
  source?: { span: SourceSpan };
}

export interface EnumModel {
  schema: string;
  name: string;
  values: string[];
  source?: { exportName?: string; declaration: SourceSpan; values?: SourceSpan };
}

export const DEFAULT_PG_SCHEMA = 'public';

export function tableKey(schema: string | undefined, name: string): string {
  return `${schema || DEFAULT_PG_SCHEMA}.${name}`;
}

export function emptySchemaModel(): SchemaModel {
  return { tables: new Map(), enums: new Map(), partial: false };
}

export function emptyTable(schema: string, name: string): TableModel {
  return {
    schema,
    name,
    columns: new Map(),
    indexes: new Map(),
    foreignKeys: new Map(),
    uniqueConstraints: new Map(),
    checkConstraints: new Map(),
    partial: false,
  };
}
