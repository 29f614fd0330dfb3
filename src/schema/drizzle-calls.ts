import ts from 'typescript';
import type { SourceSpan } from '../core/schema-model.js';
import type { Scope } from './scope.js';
import { evaluate, evaluateAll, invoke, spanOf, startOf, UNDEFINED } from './evaluator.js';
import { COLUMN_TYPES, SERIAL_TYPES, type ColumnType } from './column-types.js';
import { buildTable } from './table-call.js';
import { liveSourceFile } from './parse-cache.js';
import { bookSpan } from './span-book.js';
import { copyBuilder, emptyBuilder, unknown, literalString, type ColumnBuilder, type ObjectProp, type Value } from './values.js';

/** Drizzle exports that never produce a table, an enum or a column (views, relations, sequences…). */
const OPAQUE = new Set(['relations', 'pgView', 'pgMaterializedView', 'pgSequence', 'pgRole', 'pgPolicy', 'drizzle', 'alias']);

/** Table methods that return the same table (`pgTable(...).enableRLS()`). */
const TABLE_CHAIN_METHODS = new Set(['enableRLS']);

const args = (node: ts.CallExpression, scope: Scope): Value[] => evaluateAll(node.arguments, scope);

function argument(node: ts.CallExpression, i: number, scope: Scope): Value | undefined {
  const expression = node.arguments[i];
  return expression && evaluate(expression, scope);
}

const NO_CONFIG: ReadonlyMap<string, ObjectProp> = new Map();

export function callDrizzle(name: string, node: ts.CallExpression, scope: Scope, callee?: Value): Value {
  const columnType = COLUMN_TYPES.get(name);
  if (columnType) return columnBuilder(name, columnType, node, scope);
  const file = scope.module.path;
  if (name === 'pgTable') {
    const fn = callee?.kind === 'tableFn' ? callee : { kind: 'tableFn' as const };
    return buildTable(fn, node, scope);
  }
  if (name === 'pgTableCreator') {
    const nameFn = node.arguments[0] ? evaluate(node.arguments[0], scope) : unknown('pgTableCreator without a function');
    return { kind: 'tableFn', nameFn };
  }
  if (name === 'pgSchema') {
    const schemaName = literalString(args(node, scope)[0]);
    return schemaName === undefined ? unknown('pgSchema name is not a literal') : { kind: 'pgSchema', name: schemaName };
  }
  if (name === 'pgEnum') return buildEnum(node, scope, undefined);
  if (name === 'customType') {
    const options = args(node, scope)[0];
    return { kind: 'customType', dataType: options?.kind === 'object' ? options.props.get('dataType')?.value : undefined };
  }
  if (name === 'customColumn' && callee?.kind === 'customType') return customColumn(callee, node, scope);
  if (name === 'enumColumn' && callee?.kind === 'enum') return enumColumn(callee, node, scope);
  if (name === 'index' || name === 'uniqueIndex') {
    return { kind: 'indexOn', unique: name === 'uniqueIndex', name: node.arguments[0] ? evaluate(node.arguments[0], scope) : undefined, span: spanOf(node, file, scope.module.sourceFile) };
  }
  if (name === 'unique') return { kind: 'uniqueOn', name: node.arguments[0] ? evaluate(node.arguments[0], scope) : undefined, span: spanOf(node, file, scope.module.sourceFile) };
  if (name === 'primaryKey') return primaryKeyCall(node, scope);
  if (name === 'foreignKey') return foreignKeyCall(node, scope);
  if (name === 'check') {
    const [checkName, value] = args(node, scope);
    return { kind: 'constraint', constraint: { type: 'check', name: literalString(checkName), value: value ?? unknown('check without SQL'), span: spanOf(node, file, scope.module.sourceFile) } };
  }
  if (name === 'sql.raw') {
    const text = literalString(args(node, scope)[0]);
    return text === undefined ? unknown('sql.raw of a non-literal') : { kind: 'sql', chunks: [{ text }] };
  }
  if (OPAQUE.has(name) || /^(pg|mysql|sqlite)[A-Z]/.test(name) === false) return { kind: 'opaque' };
  return unknown(`unsupported drizzle function \`${name}\``);
}

function buildEnum(node: ts.CallExpression, scope: Scope, schema: string | undefined): Value {
  const [nameValue, valuesValue] = args(node, scope);
  const name = literalString(nameValue);
  const valuesForm = valuesValue?.kind === 'array' ? 'array' : valuesValue?.kind === 'object' ? 'object' : undefined;
  // drizzle-orm takes `Object.values(object)`: a TypeScript string enum's values in declaration order.
  const items = valuesValue?.kind === 'array' ? valuesValue.items : valuesValue?.kind === 'object' && !valuesValue.partial ? [...valuesValue.props.values()].map((prop) => prop.value) : undefined;
  const values = items?.map(literalString);
  const file = scope.module.path;
  return {
    kind: 'enum',
    enumValue: {
      name,
      schema,
      values: values?.every((v) => v !== undefined) ? (values as string[]) : undefined,
      valuesForm,
      declaration: spanOf(node, file, scope.module.sourceFile),
      valuesSpan: node.arguments[1] ? spanOf(node.arguments[1], file, scope.module.sourceFile) : undefined,
    },
  };
}

function newBuilder(builderFn: string, node: ts.CallExpression, scope: Scope, nameArg: Value | undefined): ColumnBuilder {
  const builder = emptyBuilder(builderFn, spanOf(node, scope.module.path, scope.module.sourceFile));
  if (nameArg?.kind === 'literal' && typeof nameArg.value === 'string') {
    if (nameArg.value !== '') builder.explicitName = nameArg.value;
  } else if (nameArg && nameArg.kind !== 'object' && !(nameArg.kind === 'literal' && nameArg.value === undefined)) {
    builder.unknown.name = 'the column name is not a literal';
  }
  return builder;
}

function columnBuilder(fn: string, columnType: ColumnType, node: ts.CallExpression, scope: Scope): Value {
  const first = argument(node, 0, scope);
  const second = argument(node, 1, scope);
  const builder = newBuilder(fn, node, scope, first);
  const configValue = first?.kind === 'object' ? first : second;
  const config = configValue?.kind === 'object' ? configValue.props : NO_CONFIG;
  const type = configValue && configValue.kind !== 'object' && !(configValue.kind === 'literal' && configValue.value === undefined) ? null : columnType(config);
  if (type === null || configValue?.kind === 'object' && configValue.partial) builder.unknown.type = `the \`${fn}()\` config could not be read`;
  else builder.type = type;
  if (SERIAL_TYPES.has(fn)) builder.notNull = true;
  return { kind: 'column', column: builder };
}

/** A column of a local `customType`: its SQL type is what `dataType(config)` returns, when that evaluates to a string. */
function customColumn(callee: Extract<Value, { kind: 'customType' }>, node: ts.CallExpression, scope: Scope): Value {
  const first = argument(node, 0, scope);
  const second = argument(node, 1, scope);
  const builder = newBuilder('customType', node, scope, first);
  const config = first?.kind === 'object' ? first : second;
  const dataType = callee.dataType;
  const type = dataType?.kind === 'closure' ? literalString(invoke(dataType, [config ?? UNDEFINED])) : undefined;
  if (type === undefined) builder.unknown.type = 'the `customType` `dataType()` could not be evaluated';
  else builder.type = type;
  return { kind: 'column', column: builder };
}

function enumColumn(callee: Extract<Value, { kind: 'enum' }>, node: ts.CallExpression, scope: Scope): Value {
  const builder = newBuilder('enum', node, scope, argument(node, 0, scope));
  const { name, schema } = callee.enumValue;
  if (name === undefined) builder.unknown.type = 'the enum name is not a literal';
  else builder.type = name;
  builder.enumSchema = schema ?? 'public';
  builder.enumForm = callee.enumValue.valuesForm;
  return { kind: 'column', column: builder };
}

function primaryKeyCall(node: ts.CallExpression, scope: Scope): Value {
  const values = args(node, scope);
  const span = spanOf(node, scope.module.path, scope.module.sourceFile);
  const first = values[0];
  if (first?.kind === 'object' && first.props.has('columns')) {
    const columns = first.props.get('columns')!.value;
    const nameProp = first.props.get('name')?.value;
    return {
      kind: 'constraint',
      constraint: { type: 'primaryKey', name: literalString(nameProp), columns: columns.kind === 'array' ? columns.items : [columns], span },
    };
  }
  return { kind: 'constraint', constraint: { type: 'primaryKey', columns: values, span } };
}

function foreignKeyCall(node: ts.CallExpression, scope: Scope): Value {
  const config = args(node, scope)[0];
  const span = spanOf(node, scope.module.path, scope.module.sourceFile);
  if (config?.kind !== 'object') return unknown('foreignKey config is not an object literal');
  const list = (key: string): Value[] => {
    const value = config.props.get(key)?.value;
    return value?.kind === 'array' ? value.items : [value ?? unknown(`foreignKey without ${key}`)];
  };
  return {
    kind: 'constraint',
    constraint: { type: 'foreignKey', name: literalString(config.props.get('name')?.value), columns: list('columns'), foreignColumns: list('foreignColumns'), span },
  };
}

export function memberOf(target: Value, name: string, nameNode: ts.Node, scope: Scope): Value {
  switch (target.kind) {
    case 'object': {
      const prop = target.props.get(name);
      return prop ? prop.value : unknown(`\`${name}\` is not a known property`);
    }
    case 'drizzleNamespace':
      return { kind: 'drizzle', name };
    case 'drizzle':
      return name === 'raw' && target.name === 'sql' ? { kind: 'drizzle', name: 'sql.raw' } : target.name === 'pgTable' && name === 'withRLS' ? { kind: 'tableFn' } : unknown(`\`${target.name}.${name}\``);
    case 'table':
      if (TABLE_CHAIN_METHODS.has(name)) return { kind: 'method', target, name, nameNode, file: scope.module.path, sourceFile: scope.module.sourceFile };
    // falls through: any other member of a table is a column
    case 'tableColumns': {
      if (!target.table.columns.has(name)) return unknown(`\`${name}\` is not a column of the table`);
      return { kind: 'colref', table: target.table, key: name, index: { asc: true } };
    }
    case 'literal':
    case 'unknown':
    case 'opaque':
    case 'closure':
    case 'array':
      return unknown(`property \`${name}\` of a ${target.kind}`, target.kind === 'unknown' ? target.maybeSchema : false);
    default:
      return { kind: 'method', target, name, nameNode, file: scope.module.path, sourceFile: scope.module.sourceFile };
  }
}

type Method = Extract<Value, { kind: 'method' }>;

/** `span` stretched to the end of the chained call `node`. */
function spanTo(span: SourceSpan, node: ts.Node): SourceSpan {
  return bookSpan({ file: span.file, start: span.start, end: node.end });
}

/** `.name(...)`: from the dot before the method name to the end of the call. */
export function methodSpan(method: Method, call: ts.CallExpression): SourceSpan {
  const text = liveSourceFile(method.sourceFile).text;
  const nameStart = startOf(method.nameNode, method.sourceFile);
  const start = text.charCodeAt(nameStart - 1) === 46 /* . */ ? nameStart - 1 : nameStart;
  return bookSpan({ file: method.file, start, end: call.end });
}

export function callMethod(method: Method, node: ts.CallExpression, scope: Scope): Value {
  const { target, name } = method;
  if (target.kind === 'column') return columnModifier(target.column, name, node, scope, methodSpan(method, node));
  if (target.kind === 'table' && TABLE_CHAIN_METHODS.has(name)) return target;
  if (target.kind === 'colref') return indexColumnModifier(target, name, args(node, scope));
  if (target.kind === 'pgSchema') {
    if (name === 'table') return buildTable({ kind: 'tableFn', schema: target.name }, node, scope);
    if (name === 'enum') return buildEnum(node, scope, target.name);
    return { kind: 'opaque' };
  }
  if (target.kind === 'indexOn' && (name === 'on' || name === 'onOnly' || name === 'using')) {
    const values = args(node, scope);
    const method_ = name === 'using' ? literalString(values.shift()) : 'btree';
    const nameLiteral = target.name ? literalString(target.name) : undefined;
    return {
      kind: 'index',
      index: {
        unique: target.unique,
        name: nameLiteral,
        nameUnknown: target.name && nameLiteral === undefined ? 'the index name is not a literal' : undefined,
        columns: values,
        method: method_ ?? 'unknown',
        concurrently: false,
        span: spanTo(target.span, node),
        modifiers: {},
      },
    };
  }
  if (target.kind === 'index') {
    const index = { ...target.index, modifiers: { ...target.index.modifiers, [name]: methodSpan(method, node) }, span: spanTo(target.index.span, node) };
    if (name === 'concurrently') index.concurrently = true;
    else if (name === 'where') index.where = args(node, scope)[0];
    else if (name !== 'with') return unknown(`unknown index method \`${name}\``);
    return { kind: 'index', index };
  }
  if (target.kind === 'uniqueOn' && name === 'on') {
    const nameLiteral = target.name ? literalString(target.name) : undefined;
    return { kind: 'constraint', constraint: { type: 'unique', name: nameLiteral, columns: args(node, scope), nullsNotDistinct: false, span: spanTo(target.span, node) } };
  }
  if (target.kind === 'constraint') {
    const constraint = { ...target.constraint, span: spanTo(target.constraint.span, node) };
    if (constraint.type === 'unique' && name === 'nullsNotDistinct') return { kind: 'constraint', constraint: { ...constraint, nullsNotDistinct: true } };
    if (constraint.type === 'foreignKey' && (name === 'onDelete' || name === 'onUpdate')) {
      const action = literalString(args(node, scope)[0]);
      return { kind: 'constraint', constraint: { ...constraint, [name]: action ?? 'unknown' } };
    }
  }
  return unknown(`unsupported method \`${name}\``);
}

function indexColumnModifier(ref: Extract<Value, { kind: 'colref' }>, name: string, values: Value[]): Value {
  const index = { ...ref.index };
  if (name === 'asc') index.asc = true;
  else if (name === 'desc') index.asc = false;
  else if (name === 'nullsFirst') index.nulls = 'first';
  else if (name === 'nullsLast') index.nulls = 'last';
  else if (name === 'op') index.opclass = literalString(values[0]) ?? 'unknown';
  else return unknown(`unsupported column method \`${name}\``);
  return { ...ref, index };
}

const APP_SIDE = new Set(['$defaultFn', '$default', '$onUpdate', '$onUpdateFn', '$type', '$onUpdateFn']);

function columnModifier(source: ColumnBuilder, name: string, node: ts.CallExpression, scope: Scope, span: SourceSpan): Value {
  let column = copyBuilder(source);
  column.modifiers[name] = span;
  switch (name) {
    case 'notNull':
      column.notNull = true;
      break;
    case 'primaryKey':
      column.primaryKey = true;
      column.notNull = true;
      break;
    case 'default':
      column.defaultValue = argument(node, 0, scope) ?? UNDEFINED;
      break;
    case 'defaultNow':
      column.defaultValue = { kind: 'sql', chunks: [{ text: 'now()' }] };
      break;
    case 'defaultRandom':
      column.defaultValue = { kind: 'sql', chunks: [{ text: 'gen_random_uuid()' }] };
      break;
    case 'unique': {
      const uniqueName = argument(node, 0, scope);
      const config = argument(node, 1, scope);
      const nulls = config?.kind === 'object' ? literalString(config.props.get('nulls')?.value) : undefined;
      column.unique = { name: literalString(uniqueName) || undefined, nullsNotDistinct: nulls === 'not distinct' };
      if (uniqueName && uniqueName.kind !== 'literal') column.unknown.unique = 'the unique name is not a literal';
      break;
    }
    case 'references': {
      const thunk = argument(node, 0, scope);
      const actions = argument(node, 1, scope);
      const given = (key: string) => (actions?.kind === 'object' ? actions.props.get(key)?.value : undefined);
      const action = (key: string) => (given(key) === undefined ? undefined : (literalString(given(key)) ?? 'unknown'));
      const unreadable = actions !== undefined && actions.kind !== 'object' && !(actions.kind === 'literal' && actions.value === undefined);
      const onDelete = unreadable || actions?.kind === 'object' && actions.partial ? 'unknown' : action('onDelete');
      column.references.push({ thunk: thunk ?? unknown('references() without a target'), onDelete, onUpdate: unreadable ? 'unknown' : action('onUpdate'), span });
      break;
    }
    case 'generatedAlwaysAsIdentity':
    case 'generatedByDefaultAsIdentity':
      column.identity = name === 'generatedAlwaysAsIdentity' ? 'always' : 'byDefault';
      column.notNull = true;
      break;
    case 'generatedAlwaysAs':
      column.generated = argument(node, 0, scope);
      break;
    case 'array': {
      // `.array()` wraps the builder in a fresh one: modifiers written before it are dropped.
      const size = argument(node, 0, scope);
      const dims = size?.kind === 'literal' && typeof size.value === 'number' ? `[${size.value}]` : '[]';
      column = { ...column, notNull: false, primaryKey: false, defaultValue: undefined, unique: undefined, references: [], identity: undefined, generated: undefined, type: column.type === undefined ? undefined : column.type + dims };
      break;
    }
    default:
      if (!APP_SIDE.has(name)) {
        column.unknown.notNull = `unsupported column method \`${name}\``;
        column.unknown.default = column.unknown.notNull;
      }
  }
  return { kind: 'column', column };
}
