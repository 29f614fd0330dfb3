import ts from 'typescript';
import type { Scope } from './scope.js';
import { evaluate, invoke, spanOf } from './evaluator.js';
import { opaqueColumn } from './opaque-column.js';
import { bookTable } from './span-book.js';
import { literalString, unknown, type TableValue, type Value } from './values.js';

/** `pgTable(name, columns, extra?)`, `schema.table(...)`, or a `pgTableCreator` result called. */
export function buildTable(fn: Extract<Value, { kind: 'tableFn' }>, node: ts.CallExpression, scope: Scope): Value {
  const file = scope.module.path;
  const sourceFile = scope.module.sourceFile;
  const nameNode = node.arguments[0];
  const columnsNode = node.arguments[1];
  const extraNode = node.arguments[2];
  const table: TableValue = {
    schema: fn.schema,
    columns: new Map(),
    partial: false,
    declaration: spanOf(node, file, sourceFile),
    nameSpan: spanOf(nameNode ?? node, file, sourceFile),
    columnsObject: columnsNode ? spanOf(columnsNode, file, sourceFile) : undefined,
  };
  bookTable(table);
  const baseName = nameNode ? literalString(evaluate(nameNode, scope)) : undefined;
  if (baseName === undefined) table.nameUnknown = 'the table name is not a literal';
  else if (!fn.nameFn) table.name = baseName;
  else {
    const named = fn.nameFn.kind === 'closure' ? literalString(invoke(fn.nameFn, [{ kind: 'literal', value: baseName }])) : undefined;
    if (named === undefined) table.nameUnknown = 'the pgTableCreator name function could not be evaluated';
    else table.name = named;
  }
  const columns = columnsNode ? evaluate(columnsNode, scope) : unknown('no columns');
  if (columns.kind === 'closure') {
    table.partial = true; // the `(t) => ({...})` columns callback form
  } else if (columns.kind !== 'object') {
    table.partial = true;
  } else {
    if (columns.partial) table.partial = true;
    columns.props.forEach((prop, key) => {
      const builder = prop.value.kind === 'column' ? prop.value.column : opaqueColumn(prop, scope);
      table.columns.set(key, { builder, prop });
    });
  }
  if (extraNode) table.extraConfig = evaluate(extraNode, scope);
  return { kind: 'table', table };
}
