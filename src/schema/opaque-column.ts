import ts from 'typescript';
import { evaluate, spanOf } from './evaluator.js';
import type { Scope } from './scope.js';
import { emptyBuilder, type ColumnBuilder, type ObjectProp } from './values.js';

const UNREADABLE = 'the column builder could not be read';

/**
 * A column whose builder the reader does not understand (a helper function, an unsupported type).
 * Only its database name is recovered, from the first argument of the chain's first call; every other
 * field is unknown, so the table stays complete and other columns' drops are still visible.
 */
export function opaqueColumn(prop: ObjectProp, scope: Scope): ColumnBuilder {
  const initializer = ts.isPropertyAssignment(prop.node) ? prop.node.initializer : undefined;
  const root = initializer ? builderCall(initializer) : undefined;
  const builder = emptyBuilder('unknown', spanOf(root ?? prop.node, prop.file, prop.sourceFile));
  builder.unknown = { type: UNREADABLE, notNull: UNREADABLE, default: UNREADABLE, generated: UNREADABLE, identity: UNREADABLE };
  const nameNode = root?.arguments[0];
  const name = nameNode ? evaluate(nameNode, scope) : undefined;
  if (!root) builder.unknown.name = 'the column is not a builder call';
  else if (name?.kind === 'literal' && typeof name.value === 'string') {
    if (name.value !== '') builder.explicitName = name.value;
  } else if (name && name.kind !== 'object') builder.unknown.name = 'the column name is not a literal';
  return builder;
}

/** `builder('name', ...).notNull().default(...)` → the innermost call, `builder('name', ...)`. */
function builderCall(expression: ts.Expression): ts.CallExpression | undefined {
  let node: ts.Expression = expression;
  let root: ts.CallExpression | undefined;
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
    else if (ts.isCallExpression(node)) {
      root = node;
      node = node.expression;
    } else if (ts.isPropertyAccessExpression(node) && root) node = node.expression;
    else return root;
  }
}
