import type ts from 'typescript';
import type { SourceSpan } from '../core/schema-model.js';
import type { Scope } from './scope.js';

/** What the static evaluator knows about one JS value of a schema file. */
export type Value =
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  | { kind: 'array'; items: Value[] }
  | { kind: 'object'; props: Map<string, ObjectProp>; partial?: string }
  | { kind: 'closure'; node: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration; scope: Scope }
  /** A function or namespace imported from drizzle-orm (`pgTable`, `text`, `sql`, `sql.raw`…). */
  | { kind: 'drizzle'; name: string }
  | { kind: 'drizzleNamespace' }
  /** A known drizzle value that is not a table or an enum (relations, views, sequences…). */
  | { kind: 'opaque' }
  | { kind: 'method'; target: Value; name: string; nameNode: ts.Node; file: string; sourceFile: ts.SourceFile }
  | { kind: 'column'; column: ColumnBuilder }
  | { kind: 'table'; table: TableValue }
  | { kind: 'tableColumns'; table: TableValue }
  | { kind: 'colref'; table: TableValue; key: string; index: IndexColumnConfig }
  | { kind: 'enum'; enumValue: EnumValue }
  /** `customType({ dataType() {...} })`: calling it makes a column. */
  | { kind: 'customType'; dataType?: Value }
  | { kind: 'pgSchema'; name: string }
  | { kind: 'tableFn'; schema?: string; nameFn?: Value }
  | { kind: 'sql'; chunks: SqlChunk[] }
  | { kind: 'indexOn'; unique: boolean; name?: Value; span: SourceSpan }
  | { kind: 'index'; index: IndexBuilder }
  | { kind: 'uniqueOn'; name?: Value; span: SourceSpan }
  | { kind: 'constraint'; constraint: ConstraintBuilder }
  | { kind: 'unknown'; reason: string; /** false when the value is surely not a table (a literal expression, a class) */ maybeSchema?: boolean };

export interface ObjectProp {
  value: Value;
  key: string;
  /** The `key: value` property (or the shorthand) that declared it. */
  node: ts.Node;
  file: string;
  /** The parse `node` belongs to. */
  sourceFile: ts.SourceFile;
}

export type SqlChunk = { text: string } | { column: Extract<Value, { kind: 'colref' }> } | { unknown: string };

export interface IndexColumnConfig {
  asc: boolean;
  nulls?: 'first' | 'last';
  opclass?: string;
}

export interface ColumnBuilder {
  builderFn: string;
  /** Explicit name argument; undefined = key as name. */
  explicitName?: string;
  type?: string;
  enumSchema?: string;
  /** The `pgEnum` form of an enum column (see `EnumValue.valuesForm`); undefined when unknown. */
  enumForm?: 'array' | 'object';
  notNull: boolean;
  primaryKey: boolean;
  defaultValue?: Value;
  unique?: { name?: string; nullsNotDistinct: boolean };
  references: Array<{ thunk: Value; onDelete?: string; onUpdate?: string; span: SourceSpan }>;
  identity?: 'always' | 'byDefault';
  generated?: Value;
  unknown: Partial<Record<'type' | 'notNull' | 'default' | 'name' | 'generated' | 'identity' | 'unique' | 'references', string>>;
  builderSpan: SourceSpan;
  modifiers: Record<string, SourceSpan>;
}

export interface TableValue {
  name?: string;
  nameUnknown?: string;
  schema?: string;
  columns: Map<string, { builder: ColumnBuilder; prop: ObjectProp }>;
  extraConfig?: Value;
  partial: boolean;
  declaration: SourceSpan;
  nameSpan: SourceSpan;
  columnsObject?: SourceSpan;
  exportName?: string;
  declarationFixed?: boolean;
  /** The `readSchema` listing that last found it among the exports: a value exported twice is listed once. */
  listedIn?: number;
  /** The spans its remembered table model made (src/schema/table-model-memo.ts), moved with the value's. */
  modelSpans?: SourceSpan[];
}

export interface EnumValue {
  name?: string;
  schema?: string;
  values?: string[];
  /**
   * `pgEnum(name, [...])` or `pgEnum(name, object)`: drizzle-orm makes `PgEnumColumn`s or
   * `PgEnumObjectColumn`s, and drizzle-kit 0.31 records a column's `typeSchema` only for the first.
   * Undefined when the second argument could not be evaluated.
   */
  valuesForm?: 'array' | 'object';
  declaration: SourceSpan;
  valuesSpan?: SourceSpan;
  exportName?: string;
  declarationFixed?: boolean;
  /** The `readSchema` listing that last found it among the exports: a value exported twice is listed once. */
  listedIn?: number;
}

export interface IndexBuilder {
  unique: boolean;
  name?: string;
  nameUnknown?: string;
  columns: Value[];
  method: string;
  concurrently: boolean;
  where?: Value;
  span: SourceSpan;
  modifiers: Record<string, SourceSpan>;
}

export type ConstraintBuilder =
  | { type: 'unique'; name?: string; columns: Value[]; nullsNotDistinct: boolean; span: SourceSpan }
  | { type: 'primaryKey'; name?: string; columns: Value[]; span: SourceSpan }
  | { type: 'foreignKey'; name?: string; columns: Value[]; foreignColumns: Value[]; onDelete?: string; onUpdate?: string; span: SourceSpan }
  | { type: 'check'; name?: string; value: Value; span: SourceSpan };

/**
 * Every builder has every field (absent ones `undefined`), so all builders share one hidden class
 * and the readers of builders stay monomorphic; copies are spelled out, not spread, for the same reason.
 */
export function emptyBuilder(builderFn: string, builderSpan: SourceSpan): ColumnBuilder {
  return {
    builderFn,
    explicitName: undefined,
    type: undefined,
    enumSchema: undefined,
    enumForm: undefined,
    notNull: false,
    primaryKey: false,
    defaultValue: undefined,
    unique: undefined,
    references: [],
    identity: undefined,
    generated: undefined,
    unknown: {},
    builderSpan,
    modifiers: {},
  };
}

/** A builder to modify (builders are shared values: never modified once returned). */
export function copyBuilder(source: ColumnBuilder): ColumnBuilder {
  return {
    builderFn: source.builderFn,
    explicitName: source.explicitName,
    type: source.type,
    enumSchema: source.enumSchema,
    enumForm: source.enumForm,
    notNull: source.notNull,
    primaryKey: source.primaryKey,
    defaultValue: source.defaultValue,
    unique: source.unique,
    references: source.references.slice(),
    identity: source.identity,
    generated: source.generated,
    unknown: { ...source.unknown },
    builderSpan: source.builderSpan,
    modifiers: { ...source.modifiers },
  };
}

export function unknown(reason: string, maybeSchema = true): Value {
  return { kind: 'unknown', reason, maybeSchema };
}

export function literalString(value: Value | undefined): string | undefined {
  return value?.kind === 'literal' && typeof value.value === 'string' ? value.value : undefined;
}
