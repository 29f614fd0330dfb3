import ts from 'typescript';

/**
 * Reads a drizzle config STATICALLY (it is never executed): the object behind `export default`,
 * `module.exports =`, `export =`, through `defineConfig(...)`, `satisfies`/`as`, local `const`s
 * and spreads of local object literals. Anything else is `UNREADABLE`.
 */

export const UNREADABLE = Symbol('unreadable');
export type StaticValue = string | number | boolean | null | StaticValue[] | StaticObject | typeof UNREADABLE;
export interface StaticObject {
  /** Keys set from an unresolvable spread: any missing key may hide there. */
  hasUnknownSpread: boolean;
  fields: Map<string, StaticValue>;
}

export type ExportedObjectResult = { kind: 'ok'; object: StaticObject } | { kind: 'error'; reason: string };

const MAX_DEPTH = 8;

export function readConfigObject(fileName: string, text: string): ExportedObjectResult {
  if (fileName.endsWith('.json')) return readJsonConfig(text);
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const exported = findExportedExpression(source);
  if (!exported) return { kind: 'error', reason: 'it has no `export default` or `module.exports =` this plugin can read' };
  const value = evaluate(exported, source, 0);
  if (!isStaticObject(value)) return { kind: 'error', reason: 'its exported value is not an object literal this plugin can read without running it' };
  return { kind: 'ok', object: value };
}

export function isStaticObject(value: StaticValue | undefined): value is StaticObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJsonConfig(text: string): ExportedObjectResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'error', reason: `it is not valid JSON (${(error as Error).message})` };
  }
  const value = fromJson(parsed);
  return isStaticObject(value) ? { kind: 'ok', object: value } : { kind: 'error', reason: 'it does not hold a JSON object' };
}

function fromJson(value: unknown): StaticValue {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === 'object') {
    return { hasUnknownSpread: false, fields: new Map(Object.entries(value).map(([k, v]) => [k, fromJson(v)])) };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return UNREADABLE;
}

function scriptKind(fileName: string): ts.ScriptKind {
  return /\.[mc]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

function findExportedExpression(source: ts.SourceFile): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) found = statement.expression;
    else if (ts.isExpressionStatement(statement)) {
      const expression = statement.expression;
      if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && isModuleExports(expression.left)) {
        found = expression.right;
      }
    }
  }
  return found;
}

function isModuleExports(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
}

function evaluate(node: ts.Expression, source: ts.SourceFile, depth: number): StaticValue {
  if (depth > MAX_DEPTH) return UNREADABLE;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
    return evaluate(node.expression, source, depth + 1);
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) {
    return node.elements.map((element) => (ts.isSpreadElement(element) ? UNREADABLE : evaluate(element, source, depth + 1)));
  }
  if (ts.isObjectLiteralExpression(node)) return evaluateObject(node, source, depth);
  if (ts.isIdentifier(node)) {
    const initializer = findConstInitializer(source, node.text);
    return initializer ? evaluate(initializer, source, depth + 1) : UNREADABLE;
  }
  if (ts.isCallExpression(node) && isDefineConfig(node.expression) && node.arguments.length === 1) {
    return evaluate(node.arguments[0], source, depth + 1);
  }
  return UNREADABLE;
}

function evaluateObject(node: ts.ObjectLiteralExpression, source: ts.SourceFile, depth: number): StaticObject {
  const result: StaticObject = { hasUnknownSpread: false, fields: new Map() };
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = evaluate(property.expression, source, depth + 1);
      if (isStaticObject(spread)) {
        result.hasUnknownSpread ||= spread.hasUnknownSpread;
        for (const [key, value] of spread.fields) result.fields.set(key, value);
      } else result.hasUnknownSpread = true;
      continue;
    }
    const key = propertyKey(property.name);
    if (key === undefined) continue;
    if (ts.isPropertyAssignment(property)) result.fields.set(key, evaluate(property.initializer, source, depth + 1));
    else if (ts.isShorthandPropertyAssignment(property)) result.fields.set(key, evaluate(property.name, source, depth + 1));
    else result.fields.set(key, UNREADABLE);
  }
  return result;
}

function propertyKey(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function isDefineConfig(callee: ts.Expression): boolean {
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === 'defineConfig';
}

/** Initializer of a top-level `const` (only const: a `let` may be reassigned before export). */
function findConstInitializer(source: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}
