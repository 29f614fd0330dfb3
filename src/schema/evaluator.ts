import ts from 'typescript';
import type { SourceSpan } from '../core/schema-model.js';
import { currentModule, loadModule, resolveFrom, type FileModule, type Input, type Scope } from './scope.js';
import { exportNames, starProviders } from './export-lists.js';

export { exportNames } from './export-lists.js';
import { recordInputs, rememberValue, reusableValue } from './declaration-memo.js';
import { unknown, type ObjectProp, type Value } from './values.js';
import { callDrizzle, callMethod, memberOf } from './drizzle-calls.js';

const MAX_DEPTH = 60;

export function spanOf(node: ts.Node, file: string): SourceSpan {
  return { file, start: node.getStart(), end: node.getEnd() };
}

export function moduleScope(module: FileModule, ctx: Scope['ctx']): Scope {
  return { ctx, module };
}

export function evaluate(node: ts.Expression, scope: Scope): Value {
  if (scope.ctx.depth > MAX_DEPTH) return unknown('expression nested too deeply');
  scope.ctx.depth++;
  try {
    return evaluateInner(node, scope);
  } catch {
    return unknown('could not evaluate expression');
  } finally {
    scope.ctx.depth--;
  }
}

function evaluateInner(node: ts.Expression, scope: Scope): Value {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
    return evaluate(node.expression, scope);
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'literal', value: node.text };
  if (ts.isNumericLiteral(node)) return { kind: 'literal', value: Number(node.text) };
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'literal', value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'literal', value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'literal', value: null };
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const operand = evaluate(node.operand, scope);
    return operand.kind === 'literal' && typeof operand.value === 'number' ? { kind: 'literal', value: -operand.value } : unknown('non-literal negation', false);
  }
  if (ts.isTemplateExpression(node)) return evaluateTemplate(node, scope);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = evaluate(node.left, scope);
    const right = evaluate(node.right, scope);
    if (left.kind === 'literal' && right.kind === 'literal' && (typeof left.value === 'string' || typeof right.value === 'string')) {
      return { kind: 'literal', value: String(left.value) + String(right.value) };
    }
    return unknown('non-literal concatenation', false);
  }
  if (ts.isIdentifier(node)) return lookup(node.text, scope);
  if (ts.isPropertyAccessExpression(node)) return memberOf(evaluate(node.expression, scope), node.name.text, node.name, scope);
  if (ts.isElementAccessExpression(node)) {
    const key = evaluate(node.argumentExpression, scope);
    if (key.kind !== 'literal' || (typeof key.value !== 'string' && typeof key.value !== 'number')) return unknown('computed member access');
    return memberOf(evaluate(node.expression, scope), String(key.value), node.argumentExpression, scope);
  }
  if (ts.isCallExpression(node)) return evaluateCall(node, scope);
  if (ts.isTaggedTemplateExpression(node)) return evaluateTaggedTemplate(node, scope);
  if (ts.isObjectLiteralExpression(node)) return evaluateObject(node, scope);
  if (ts.isArrayLiteralExpression(node)) return evaluateArray(node, scope);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { kind: 'closure', node, scope };
  if (ts.isClassExpression(node)) return unknown('class', false);
  return unknown(`unsupported expression \`${node.getText().slice(0, 40)}\``);
}

function evaluateTemplate(node: ts.TemplateExpression, scope: Scope): Value {
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const part = evaluate(span.expression, scope);
    if (part.kind !== 'literal' || part.value === undefined) return unknown('template with a non-literal part');
    text += String(part.value) + span.literal.text;
  }
  return { kind: 'literal', value: text };
}

function evaluateTaggedTemplate(node: ts.TaggedTemplateExpression, scope: Scope): Value {
  const tag = evaluate(node.tag, scope);
  if (tag.kind !== 'drizzle' || tag.name !== 'sql') return unknown('tagged template with an unknown tag');
  const template = node.template;
  if (ts.isNoSubstitutionTemplateLiteral(template)) return { kind: 'sql', chunks: [{ text: template.text }] };
  const chunks: Extract<Value, { kind: 'sql' }>['chunks'] = [{ text: template.head.text }];
  for (const span of template.templateSpans) {
    const hole = evaluate(span.expression, scope);
    if (hole.kind === 'sql') chunks.push(...hole.chunks);
    else if (hole.kind === 'colref') chunks.push({ column: hole });
    else chunks.push({ unknown: `\`\${${span.expression.getText()}}\` in sql template` });
    chunks.push({ text: span.literal.text });
  }
  return { kind: 'sql', chunks };
}

function evaluateObject(node: ts.ObjectLiteralExpression, scope: Scope): Value {
  const props = new Map<string, ObjectProp>();
  let partial: string | undefined;
  const file = scope.module.path;
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = evaluate(property.expression, scope);
      if (spread.kind === 'object') {
        for (const [key, prop] of spread.props) props.set(key, prop);
        partial ??= spread.partial;
      } else {
        partial ??= `spread of \`${property.expression.getText()}\` could not be resolved`;
      }
      continue;
    }
    const key = propertyKey(property.name, scope);
    if (key === undefined) {
      partial ??= `computed key \`${property.name?.getText()}\``;
      continue;
    }
    if (ts.isPropertyAssignment(property)) props.set(key, { key, value: evaluate(property.initializer, scope), node: property, file });
    else if (ts.isShorthandPropertyAssignment(property)) props.set(key, { key, value: lookup(property.name.text, scope), node: property, file });
    else if (ts.isMethodDeclaration(property)) props.set(key, { key, value: { kind: 'closure', node: property, scope }, node: property, file });
    else partial ??= `unsupported member \`${key}\``;
  }
  return { kind: 'object', props, partial };
}

function propertyKey(name: ts.PropertyName | undefined, scope: Scope): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const key = evaluate(name.expression, scope);
    return key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
  }
  return undefined;
}

function evaluateArray(node: ts.ArrayLiteralExpression, scope: Scope): Value {
  const items: Value[] = [];
  for (const element of node.elements) {
    if (ts.isSpreadElement(element)) {
      const spread = evaluate(element.expression, scope);
      if (spread.kind !== 'array') return unknown('spread of an unknown array');
      items.push(...spread.items);
    } else if (ts.isOmittedExpression(element)) {
      items.push({ kind: 'literal', value: undefined });
    } else {
      items.push(evaluate(element, scope));
    }
  }
  return { kind: 'array', items };
}

function evaluateCall(node: ts.CallExpression, scope: Scope): Value {
  const callee = evaluate(node.expression, scope);
  if (callee.kind === 'drizzle') return callDrizzle(callee.name, node, scope);
  if (callee.kind === 'method') return callMethod(callee, node, scope);
  if (callee.kind === 'closure') return invoke(callee, node.arguments.map((argument) => evaluate(argument, scope)));
  if (callee.kind === 'tableFn') return callDrizzle('pgTable', node, scope, callee);
  if (callee.kind === 'enum') return callDrizzle('enumColumn', node, scope, callee);
  if (callee.kind === 'customType') return callDrizzle('customColumn', node, scope, callee);
  if (callee.kind === 'opaque') return callee;
  if (callee.kind === 'unknown') return unknown(`call of \`${node.expression.getText().slice(0, 40)}\`: ${callee.reason}`, callee.maybeSchema);
  return unknown(`call of a non-function \`${node.expression.getText().slice(0, 40)}\``);
}

/** Calls a user arrow/function whose body is one expression or one `return`. */
export function invoke(closure: Extract<Value, { kind: 'closure' }>, args: Value[]): Value {
  const { node } = closure;
  const vars = new Map<string, Value>();
  node.parameters.forEach((parameter, i) => {
    if (ts.isIdentifier(parameter.name)) vars.set(parameter.name.text, args[i] ?? { kind: 'literal', value: undefined });
  });
  const scope: Scope = { ...closure.scope, vars, parent: closure.scope };
  const body = node.body;
  if (!body) return unknown('function without a body');
  if (!ts.isBlock(body)) return evaluate(body, scope);
  const statements = body.statements.filter((s) => !ts.isEmptyStatement(s));
  const only = statements[0];
  if (statements.length === 1 && ts.isReturnStatement(only) && only.expression) return evaluate(only.expression, scope);
  return unknown('function body is more than one `return`');
}

export function lookup(name: string, scope: Scope): Value {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const local = current.vars?.get(name);
    if (local) return local;
  }
  if (name === 'undefined') return { kind: 'literal', value: undefined };
  return lookupInModule(name, scope.module, scope.ctx);
}

/** A module-level name, recorded for the declaration being evaluated. */
function lookupInModule(name: string, scopeModule: FileModule, ctx: Scope['ctx']): Value {
  // A memoised closure may carry an older version of its module: names resolve in this call's version.
  const module = currentModule(ctx, scopeModule);
  const value = lookupAtModuleLevel(name, module, ctx);
  ctx.recorder?.push({ path: module.path, name, value });
  return value;
}

/** A top-level name of `module` (a declaration or an import) in the current call. */
export function lookupAtModuleLevel(name: string, module: FileModule, ctx: Scope['ctx']): Value {
  const declaration = module.locals.get(name);
  if (declaration) return evaluateDeclaration(name, declaration, { ctx, module });
  const imported = module.imports.get(name);
  if (imported) {
    let known = ctx.importedValues.get(module);
    const hit = known?.get(name);
    if (hit) return hit;
    const value = importedValue(imported.specifier, imported.imported, { ctx, module });
    // An unknown may be a circular reference seen mid-evaluation: look it up again next time.
    if (value.kind !== 'unknown') {
      if (!known) ctx.importedValues.set(module, (known = new Map()));
      known.set(name, value);
    }
    return value;
  }
  return sharedUnknown(`\`${name}\` is not declared in this file`);
}

/** What a recorded lookup gives in the current call (undefined when its file is gone). */
export function lookupNow(ctx: Scope['ctx']): (input: Input) => Value | undefined {
  // One closure per context (the shared context lives as long as the process): asked ~600 times per call.
  let lookup = lookupsNow.get(ctx);
  if (!lookup) {
    lookup = (input) => {
      const module = loadModule(ctx, input.path);
      return module && lookupAtModuleLevel(input.name, module, ctx);
    };
    lookupsNow.set(ctx, lookup);
  }
  return lookup;
}

const lookupsNow = new WeakMap<Scope['ctx'], (input: Input) => Value | undefined>();

type Declaration = ts.VariableDeclaration | ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration;

function evaluateDeclaration(name: string, declaration: Declaration, scope: Scope): Value {
  const { values } = scope.ctx;
  const cached = values.get(declaration);
  if (cached === 'pending') return unknown('circular reference');
  if (cached) return cached;
  values.set(declaration, 'pending');
  const statement = ts.isVariableDeclaration(declaration) && ts.isVariableStatement(declaration.parent.parent) ? declaration.parent.parent : declaration;
  let value = reusableValue(scope.ctx, scope.module, name, statement, lookupNow(scope.ctx));
  if (!value) {
    const computed = recordInputs(scope.ctx, () => computeDeclaration(declaration, statement, scope));
    value = computed.result;
    rememberValue(scope.ctx, scope.module, name, statement, value, computed.inputs);
  }
  values.set(declaration, value);
  return value;
}

function computeDeclaration(declaration: Declaration, statement: ts.Node, scope: Scope): Value {
  if (ts.isFunctionDeclaration(declaration)) return { kind: 'closure', node: declaration, scope };
  if (ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration)) return unknown('class or enum', false);
  if (!declaration.initializer) return unknown('declared without a value');
  const value = evaluate(declaration.initializer, scope);
  attachDeclaration(value, statement, scope.module.path);
  return value;
}

/**
 * Values that stand for the same thing in every call are shared objects, so a memoised
 * declaration that looked one up still finds the identical value (values are never mutated).
 */
const shared = new Map<string, Value>();

function sharedValue(key: string, make: () => Value): Value {
  let value = shared.get(key);
  if (!value) shared.set(key, (value = make()));
  return value;
}

/** `drizzle-orm` exports by name, without building a key string per lookup. */
const drizzleExports = new Map<string, Value>();

function drizzleExport(name: string): Value {
  let value = drizzleExports.get(name);
  if (!value) drizzleExports.set(name, (value = sharedValue(`drizzle:${name}`, () => ({ kind: 'drizzle', name }))));
  return value;
}

function sharedUnknown(reason: string): Value {
  // Reasons quote user names: keep the map from growing without bound in a long session.
  if (shared.size > 10_000) shared.clear();
  return sharedValue(`?${reason}`, () => unknown(reason));
}

/** A table or enum created by this initializer is declared by the whole statement. */
function attachDeclaration(value: Value, statement: ts.Node, file: string): void {
  if (value.kind === 'table' && !value.table.declarationFixed) {
    value.table.declaration = spanOf(statement, file);
    value.table.declarationFixed = true;
  }
  if (value.kind === 'enum' && !value.enumValue.declarationFixed) {
    value.enumValue.declaration = spanOf(statement, file);
    value.enumValue.declarationFixed = true;
  }
}

function importedValue(specifier: string, imported: string, scope: Scope): Value {
  const target = resolveFrom(scope.ctx, scope.module, specifier);
  if (target.kind === 'drizzle') {
    if (imported === '*' || imported === 'default') return sharedValue('drizzle*', () => ({ kind: 'drizzleNamespace' }));
    return drizzleExport(imported);
  }
  if (target.kind === 'unresolved') return sharedUnknown(`import from \`${specifier}\` cannot be followed`);
  const module = loadModule(scope.ctx, target.path);
  if (!module) return sharedUnknown(`\`${specifier}\` could not be read`);
  if (imported === '*') return namespaceObject(module, scope);
  return exportedValue(module, imported, scope.ctx);
}

function namespaceObject(module: FileModule, scope: Scope): Value {
  const props = new Map<string, ObjectProp>();
  for (const name of exportNames(module, scope.ctx)) {
    props.set(name, { key: name, value: exportedValue(module, name, scope.ctx), node: module.sourceFile, file: module.path });
  }
  return { kind: 'object', props };
}

/** `export *` chains longer than this are cycles (a Set per looked-up name cost more than the lookup). */
const MAX_STAR_DEPTH = 64;

export function exportedValue(module: FileModule, name: string, ctx: Scope['ctx'], starDepth = 0): Value {
  const entry = module.exports.get(name);
  if (entry?.kind === 'local') return entry.name === 'undefined' ? lookup(entry.name, { ctx, module }) : lookupInModule(entry.name, module, ctx);
  if (entry?.kind === 'reexport') return importedValue(entry.specifier, entry.imported, { ctx, module });
  if (entry?.kind === 'namespaceReexport') return importedValue(entry.specifier, '*', { ctx, module });
  if (entry?.kind === 'default') return evaluate(entry.expression, { ctx, module });
  if (starDepth > MAX_STAR_DEPTH || name === 'default' || module.starExports.length === 0) return sharedUnknown(`\`${name}\` is not exported`);
  const providers = starProviders(module, ctx);
  const providerPath = providers.byName.get(name);
  const provider = providerPath === undefined ? undefined : loadModule(ctx, providerPath);
  if (provider) return exportedValue(provider, name, ctx, starDepth + 1);
  if (providers.restIsDrizzle) return drizzleExport(name);
  return sharedUnknown(`\`${name}\` is not exported`);
}
