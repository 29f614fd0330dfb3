import { markRoutingValue } from './unchanged-files.js';
import ts from 'typescript';
import type { SourceSpan } from '../core/schema-model.js';
import { currentModule, loadModule, resolveFrom, type FileModule, type Input, type Scope } from './scope.js';
import { exportNames, starProviders } from './export-lists.js';

export { exportNames } from './export-lists.js';
import { keptValue, recordInputs, rememberValue, reusableValue } from './declaration-memo.js';
import { liveSourceFile } from './parse-cache.js';
import { bookSpan, newSpanBook, withSpanBook } from './span-book.js';
import { unknown, type ObjectProp, type Value } from './values.js';
import { callDrizzle, callMethod, memberOf } from './drizzle-calls.js';

const MAX_DEPTH = 60;
const { SyntaxKind } = ts;

/** `sourceFile` is the parse `node` belongs to, or one TypeScript has since moved it out of (see `liveSourceFile`). */
export function spanOf(node: ts.Node, file: string, sourceFile: ts.SourceFile): SourceSpan {
  return bookSpan({ file, start: startOf(node, sourceFile), end: node.end });
}

/**
 * `node.getStart(sourceFile)`: the first token after the leading trivia. Skips ASCII spaces and line
 * breaks itself (a span per column, modifier and property: the usual case); anything else that may be
 * trivia (a comment, a Unicode space, a conflict marker, a shebang) or a missing node goes to TypeScript.
 */
export function startOf(node: ts.Node, tree: ts.SourceFile): number {
  const sourceFile = liveSourceFile(tree);
  const text = sourceFile.text;
  let pos = node.pos;
  if (pos < 0 || pos === node.end || (node.flags & ts.NodeFlags.JSDoc) !== 0) return node.getStart(sourceFile);
  let code = text.charCodeAt(pos);
  while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++pos);
  if (code === 47 || code === 60 || code === 61 || code === 62 || code === 124 || code === 35 || code === 11 || code === 12 || code > 127) return node.getStart(sourceFile);
  return pos;
}

/**
 * An identifier's name. `Identifier#text` is a getter (TypeScript's services install it) calling two
 * functions; this is `ts.idText` inlined, for the reader's hottest path.
 */
export function nameOf(identifier: ts.Identifier | ts.PrivateIdentifier): string {
  const escaped = identifier.escapedText as string;
  return escaped.charCodeAt(0) === 95 && escaped.charCodeAt(1) === 95 && escaped.charCodeAt(2) === 95 ? escaped.slice(1) : escaped;
}

/** Literals that are the same in every call are shared objects (values are never modified). */
const TRUE: Value = { kind: 'literal', value: true };
const FALSE: Value = { kind: 'literal', value: false };
const NULL: Value = { kind: 'literal', value: null };
export const UNDEFINED: Value = { kind: 'literal', value: undefined };

export function evaluate(node: ts.Expression, scope: Scope): Value {
  const ctx = scope.ctx;
  if (ctx.depth > MAX_DEPTH) return unknown('expression nested too deeply');
  ctx.depth++;
  try {
    return evaluateNode(node, scope);
  } catch {
    return unknown('could not evaluate expression');
  } finally {
    ctx.depth--;
  }
}

/** A `switch` on the kind, not a chain of `ts.isX` calls: cold (interpreted) code pays for every call. */
function evaluateNode(node: ts.Expression, scope: Scope): Value {
  switch (node.kind) {
    case SyntaxKind.CallExpression:
      return evaluateCall(node as ts.CallExpression, scope);
    case SyntaxKind.PropertyAccessExpression: {
      const access = node as ts.PropertyAccessExpression;
      return memberOf(evaluate(access.expression, scope), nameOf(access.name), access.name, scope);
    }
    case SyntaxKind.Identifier:
      return lookup(nameOf(node as ts.Identifier), scope);
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { kind: 'literal', value: (node as ts.StringLiteral).text };
    case SyntaxKind.NumericLiteral:
      return { kind: 'literal', value: Number((node as ts.NumericLiteral).text) };
    case SyntaxKind.TrueKeyword:
      return TRUE;
    case SyntaxKind.FalseKeyword:
      return FALSE;
    case SyntaxKind.NullKeyword:
      return NULL;
    case SyntaxKind.ObjectLiteralExpression:
      return evaluateObject(node as ts.ObjectLiteralExpression, scope);
    case SyntaxKind.ArrayLiteralExpression:
      return evaluateArray(node as ts.ArrayLiteralExpression, scope);
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.FunctionExpression:
      return { kind: 'closure', node: node as ts.ArrowFunction | ts.FunctionExpression, scope };
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.TypeAssertionExpression:
      return evaluate((node as ts.ParenthesizedExpression).expression, scope);
    case SyntaxKind.PrefixUnaryExpression: {
      const unary = node as ts.PrefixUnaryExpression;
      if (unary.operator !== SyntaxKind.MinusToken) break;
      const operand = evaluate(unary.operand, scope);
      return operand.kind === 'literal' && typeof operand.value === 'number' ? { kind: 'literal', value: -operand.value } : unknown('non-literal negation', false);
    }
    case SyntaxKind.TemplateExpression:
      return evaluateTemplate(node as ts.TemplateExpression, scope);
    case SyntaxKind.BinaryExpression: {
      const binary = node as ts.BinaryExpression;
      if (binary.operatorToken.kind !== SyntaxKind.PlusToken) break;
      const left = evaluate(binary.left, scope);
      const right = evaluate(binary.right, scope);
      if (left.kind === 'literal' && right.kind === 'literal' && (typeof left.value === 'string' || typeof right.value === 'string')) {
        return { kind: 'literal', value: String(left.value) + String(right.value) };
      }
      return unknown('non-literal concatenation', false);
    }
    case SyntaxKind.ElementAccessExpression: {
      const access = node as ts.ElementAccessExpression;
      const key = evaluate(access.argumentExpression, scope);
      if (key.kind !== 'literal' || (typeof key.value !== 'string' && typeof key.value !== 'number')) return unknown('computed member access');
      return memberOf(evaluate(access.expression, scope), String(key.value), access.argumentExpression, scope);
    }
    case SyntaxKind.TaggedTemplateExpression:
      return evaluateTaggedTemplate(node as ts.TaggedTemplateExpression, scope);
    case SyntaxKind.ClassExpression:
      return unknown('class', false);
  }
  return unknown(`unsupported expression \`${node.getText(liveSourceFile(scope.module.sourceFile)).slice(0, 40)}\``);
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
    else chunks.push({ unknown: `\`\${${span.expression.getText(liveSourceFile(scope.module.sourceFile))}}\` in sql template` });
    chunks.push({ text: span.literal.text });
  }
  return { kind: 'sql', chunks };
}

function evaluateObject(node: ts.ObjectLiteralExpression, scope: Scope): Value {
  const props = new Map<string, ObjectProp>();
  let partial: string | undefined;
  const file = scope.module.path;
  const sourceFile = scope.module.sourceFile;
  const properties = node.properties;
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i];
    if (property.kind === SyntaxKind.SpreadAssignment) {
      const spread = evaluate(property.expression, scope);
      if (spread.kind === 'object') {
        spread.props.forEach(copyProp, props);
        partial ??= spread.partial;
      } else {
        partial ??= `spread of \`${property.expression.getText(liveSourceFile(sourceFile))}\` could not be resolved`;
      }
      continue;
    }
    const key = propertyKey(property.name, scope);
    if (key === undefined) {
      partial ??= `computed key \`${property.name?.getText(liveSourceFile(sourceFile))}\``;
      continue;
    }
    if (property.kind === SyntaxKind.PropertyAssignment) props.set(key, { key, value: evaluate(property.initializer, scope), node: property, file, sourceFile });
    else if (property.kind === SyntaxKind.ShorthandPropertyAssignment) props.set(key, { key, value: lookup(nameOf(property.name), scope), node: property, file, sourceFile });
    else if (property.kind === SyntaxKind.MethodDeclaration) props.set(key, { key, value: { kind: 'closure', node: property, scope }, node: property, file, sourceFile });
    else partial ??= `unsupported member \`${key}\``;
  }
  return { kind: 'object', props, partial };
}

function copyProp(this: Map<string, ObjectProp>, prop: ObjectProp, key: string): void {
  this.set(key, prop);
}

function propertyKey(name: ts.PropertyName | undefined, scope: Scope): string | undefined {
  if (!name) return undefined;
  switch (name.kind) {
    case SyntaxKind.Identifier:
    case SyntaxKind.PrivateIdentifier:
      return nameOf(name);
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NumericLiteral:
      return name.text;
    case SyntaxKind.ComputedPropertyName: {
      const key = evaluate(name.expression, scope);
      return key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
    }
  }
  return undefined;
}

function evaluateArray(node: ts.ArrayLiteralExpression, scope: Scope): Value {
  const items: Value[] = [];
  const elements = node.elements;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (element.kind === SyntaxKind.SpreadElement) {
      const spread = evaluate((element as ts.SpreadElement).expression, scope);
      if (spread.kind !== 'array') return unknown('spread of an unknown array');
      for (let j = 0; j < spread.items.length; j++) items.push(spread.items[j]);
    } else if (element.kind === SyntaxKind.OmittedExpression) {
      items.push(UNDEFINED);
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
  if (callee.kind === 'closure') return invoke(callee, evaluateAll(node.arguments, scope));
  if (callee.kind === 'tableFn') return callDrizzle('pgTable', node, scope, callee);
  if (callee.kind === 'enum') return callDrizzle('enumColumn', node, scope, callee);
  if (callee.kind === 'customType') return callDrizzle('customColumn', node, scope, callee);
  if (callee.kind === 'opaque') return callee;
  const text = () => node.expression.getText(liveSourceFile(scope.module.sourceFile)).slice(0, 40);
  if (callee.kind === 'unknown') return unknown(`call of \`${text()}\`: ${callee.reason}`, callee.maybeSchema);
  return unknown(`call of a non-function \`${text()}\``);
}

/** Evaluates each node (an indexed loop: no callback per argument in cold code). */
export function evaluateAll(nodes: readonly ts.Expression[], scope: Scope): Value[] {
  const values: Value[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) values[i] = evaluate(nodes[i], scope);
  return values;
}

/** Calls a user arrow/function whose body is one expression or one `return`. */
export function invoke(closure: Extract<Value, { kind: 'closure' }>, args: Value[]): Value {
  const { node } = closure;
  const vars = new Map<string, Value>();
  const parameters = node.parameters;
  for (let i = 0; i < parameters.length; i++) {
    const name = parameters[i].name;
    if (name.kind === SyntaxKind.Identifier) vars.set(nameOf(name), args[i] ?? UNDEFINED);
  }
  const scope: Scope = { ctx: closure.scope.ctx, module: closure.scope.module, vars, parent: closure.scope };
  const body = node.body;
  if (!body) return unknown('function without a body');
  if (body.kind !== SyntaxKind.Block) return evaluate(body as ts.Expression, scope);
  let only: ts.Statement | undefined;
  for (const statement of (body as ts.Block).statements) {
    if (statement.kind === SyntaxKind.EmptyStatement) continue;
    if (only) return unknown('function body is more than one `return`');
    only = statement;
  }
  if (only && ts.isReturnStatement(only) && only.expression) return evaluate(only.expression, scope);
  return unknown('function body is more than one `return`');
}

export function lookup(name: string, scope: Scope): Value {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const local = current.vars?.get(name);
    if (local) return local;
  }
  if (name === 'undefined') return UNDEFINED;
  return lookupInModule(name, scope.module, scope.ctx);
}

/** A module-level name, recorded for the declaration being evaluated. */
function lookupInModule(name: string, scopeModule: FileModule, ctx: Scope['ctx']): Value {
  // A memoised closure may carry an older version of its module: names resolve in this call's version.
  const module = currentModule(ctx, scopeModule);
  const recorder = ctx.recorder;
  if (!recorder) return lookupAtModuleLevel(name, module, ctx);
  // Recorded before the lookups it leads to, so a re-check goes from importer to imported and stops at the
  // first change: it loads no module that reading the declaration afresh would not (their files are reported).
  const input: Input = { path: module.path, name, value: UNDEFINED };
  recorder.push(input);
  input.value = lookupAtModuleLevel(name, module, ctx);
  return input.value;
}

/** A top-level name of `module` (a declaration or an import) in the current call. */
export function lookupAtModuleLevel(name: string, module: FileModule, ctx: Scope['ctx']): Value {
  const declaration = module.locals.get(name);
  if (declaration) return evaluateDeclaration(name, declaration, moduleScope(ctx, module));
  const imported = module.imports.get(name);
  if (imported) {
    let known = ctx.importedValues.get(module);
    const hit = known?.get(name);
    if (hit) return hit;
    const value = importedValue(imported.specifier, imported.imported, moduleScope(ctx, module));
    // An unknown may be a circular reference seen mid-evaluation: look it up again next time.
    if (value.kind !== 'unknown') {
      if (!known) ctx.importedValues.set(module, (known = new Map()));
      known.set(name, value);
    }
    return value;
  }
  return sharedUnknown(`\`${name}\` is not declared in this file`);
}

/** One module-level scope per module and context (scopes are never changed): a lookup allocates none. */
const moduleScopes = new WeakMap<FileModule, Scope>();

function moduleScope(ctx: Scope['ctx'], module: FileModule): Scope {
  let scope = moduleScopes.get(module);
  if (scope?.ctx !== ctx) moduleScopes.set(module, (scope = { ctx, module }));
  return scope;
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
  // Kept without evaluating anything, so without marking it pending or noting it for this call.
  const kept = keptValue(scope.ctx, scope.module, name);
  if (kept) return kept;
  values.set(declaration, 'pending');
  const statement = scope.module.statements.get(name) ?? declaration;
  let value = reusableValue(scope.ctx, scope.module, name, statement, lookupNow(scope.ctx));
  if (!value) {
    const book = newSpanBook();
    const computed = recordInputs(scope.ctx, () => withSpanBook(book, () => computeDeclaration(declaration, statement, scope)));
    value = computed.result;
    rememberValue(scope.ctx, scope.module, name, statement, value, computed.inputs, book);
  }
  values.set(declaration, value);
  return value;
}

function computeDeclaration(declaration: Declaration, statement: ts.Node, scope: Scope): Value {
  if (ts.isFunctionDeclaration(declaration)) return { kind: 'closure', node: declaration, scope };
  if (ts.isClassDeclaration(declaration)) return unknown('class', false);
  if (ts.isEnumDeclaration(declaration)) return enumObject(declaration, scope);
  if (!declaration.initializer) return unknown('declared without a value');
  const value = evaluate(declaration.initializer, scope);
  attachDeclaration(value, statement, scope.module);
  return value;
}

/**
 * A TypeScript enum as the object it compiles to, when every member is a string. A numeric member also
 * maps its value back to its name, which this reader does not model: such an enum stays unknown.
 */
function enumObject(declaration: ts.EnumDeclaration, scope: Scope): Value {
  const props = new Map<string, ObjectProp>();
  const file = scope.module.path;
  const sourceFile = scope.module.sourceFile;
  for (const member of declaration.members) {
    const key = propertyKey(member.name as ts.PropertyName, scope);
    const value = member.initializer ? evaluate(member.initializer, scope) : undefined;
    if (key === undefined || value?.kind !== 'literal' || typeof value.value !== 'string') return unknown('an enum with a member that is not a string', false);
    props.set(key, { key, value, node: member, file, sourceFile });
  }
  return { kind: 'object', props };
}

/**
 * Values that stand for the same thing in every call are shared objects, so a memoised
 * declaration that looked one up still finds the identical value (values are never mutated).
 */
const shared = new Map<string, Value>();

function sharedValue(key: string, make: () => Value): Value {
  let value = shared.get(key);
  if (!value) {
    shared.set(key, (value = make()));
    markRoutingValue(value);
  }
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
function attachDeclaration(value: Value, statement: ts.Node, module: FileModule): void {
  if (value.kind === 'table' && !value.table.declarationFixed) {
    value.table.declaration = spanOf(statement, module.path, module.sourceFile);
    value.table.declarationFixed = true;
  }
  if (value.kind === 'enum' && !value.enumValue.declarationFixed) {
    value.enumValue.declaration = spanOf(statement, module.path, module.sourceFile);
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
    props.set(name, { key: name, value: exportedValue(module, name, scope.ctx), node: module.sourceFile, file: module.path, sourceFile: module.sourceFile });
  }
  return { kind: 'object', props };
}

/** `export *` chains longer than this are cycles (a Set per looked-up name cost more than the lookup). */
const MAX_STAR_DEPTH = 64;

export function exportedValue(module: FileModule, name: string, ctx: Scope['ctx'], starDepth = 0): Value {
  const entry = module.exports.get(name);
  if (entry?.kind === 'local') return entry.name === 'undefined' ? lookup(entry.name, moduleScope(ctx, module)) : lookupInModule(entry.name, module, ctx);
  if (entry?.kind === 'reexport') return importedValue(entry.specifier, entry.imported, moduleScope(ctx, module));
  if (entry?.kind === 'namespaceReexport') return importedValue(entry.specifier, '*', moduleScope(ctx, module));
  if (entry?.kind === 'default') return evaluate(entry.expression, moduleScope(ctx, module));
  if (starDepth > MAX_STAR_DEPTH || name === 'default' || module.starExports.length === 0) return sharedUnknown(`\`${name}\` is not exported`);
  const providers = starProviders(module, ctx);
  const providerPath = providers.byName.get(name);
  const provider = providerPath === undefined ? undefined : loadModule(ctx, providerPath);
  if (provider) return exportedValue(provider, name, ctx, starDepth + 1);
  if (providers.restIsDrizzle) return drizzleExport(name);
  return sharedUnknown(`\`${name}\` is not exported`);
}
