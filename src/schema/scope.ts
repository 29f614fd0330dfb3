import path from 'node:path';
import ts from 'typescript';
import { parseFile } from './parse-cache.js';
import { resolveModule, type ModuleTarget } from './module-resolver.js';
import { aliasTargets, findPathAliases, type PathAliases } from './tsconfig-paths.js';
import type { Value } from './values.js';

export type ExportEntry =
  | { kind: 'local'; name: string }
  | { kind: 'reexport'; specifier: string; imported: string }
  | { kind: 'namespaceReexport'; specifier: string }
  | { kind: 'default'; expression: ts.Expression };

export interface FileModule {
  path: string;
  sourceFile: ts.SourceFile;
  /** Top-level value declarations by name. */
  locals: Map<string, ts.VariableDeclaration | ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration>;
  imports: Map<string, { specifier: string; imported: string }>;
  exports: Map<string, ExportEntry>;
  starExports: string[];
}

/** State of one `readSchema` call: modules read, values evaluated, files touched. */
export interface EvalContext {
  readFile(path: string): string | undefined;
  modules: Map<string, FileModule | undefined>;
  values: Map<ts.Node, Value | 'pending'>;
  files: Set<string>;
  depth: number;
}

export interface Scope {
  ctx: EvalContext;
  module: FileModule;
  vars?: Map<string, Value>;
  parent?: Scope;
}

export function loadModule(ctx: EvalContext, path: string): FileModule | undefined {
  if (ctx.modules.has(path)) return ctx.modules.get(path);
  let text: string | undefined;
  try {
    text = ctx.readFile(path);
  } catch {
    text = undefined;
  }
  const module = text === undefined ? undefined : indexModule(path, parseFile(path, text));
  ctx.modules.set(path, module);
  if (module) ctx.files.add(path);
  return module;
}

/** Resolutions per `readSchema` call: every reference to an imported name resolves its specifier again. */
const resolutions = new WeakMap<EvalContext, Map<string, ModuleTarget>>();

export function resolveFrom(ctx: EvalContext, module: FileModule, specifier: string): ModuleTarget {
  let known = resolutions.get(ctx);
  if (!known) resolutions.set(ctx, (known = new Map()));
  const key = `${module.path}\0${specifier}`;
  const hit = known.get(key);
  if (hit) return hit;
  const exists = (file: string) => (ctx.modules.has(file) ? ctx.modules.get(file) !== undefined : loadModule(ctx, file) !== undefined);
  const target = resolveModule(specifier, module.path, exists, (bare) => aliasTargets(bare, aliasesFor(ctx, module.path)));
  known.set(key, target);
  return target;
}

/** tsconfig aliases per folder, per `readSchema` call (the nearest tsconfig.json is looked up once per folder). */
const aliasCache = new WeakMap<EvalContext, Map<string, PathAliases | undefined>>();

function aliasesFor(ctx: EvalContext, file: string): PathAliases | undefined {
  let byDir = aliasCache.get(ctx);
  if (!byDir) aliasCache.set(ctx, (byDir = new Map()));
  const dir = path.dirname(file);
  if (!byDir.has(dir)) byDir.set(dir, findPathAliases(file, ctx.readFile));
  return byDir.get(dir);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function indexModule(path: string, sourceFile: ts.SourceFile): FileModule {
  const module: FileModule = { path, sourceFile, locals: new Map(), imports: new Map(), exports: new Map(), starExports: [] };
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        module.locals.set(declaration.name.text, declaration);
        if (exported) module.exports.set(declaration.name.text, { kind: 'local', name: declaration.name.text });
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      module.locals.set(statement.name.text, statement);
      if (exported) module.exports.set(isDefault ? 'default' : statement.name.text, { kind: 'local', name: statement.name.text });
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      indexImport(module, statement, statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      indexExport(module, statement);
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      module.exports.set('default', { kind: 'default', expression: statement.expression });
    }
  }
  return module;
}

function indexImport(module: FileModule, statement: ts.ImportDeclaration, specifier: string): void {
  const clause = statement.importClause;
  if (!clause || clause.isTypeOnly) return;
  if (clause.name) module.imports.set(clause.name.text, { specifier, imported: 'default' });
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) module.imports.set(bindings.name.text, { specifier, imported: '*' });
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      if (element.isTypeOnly) continue;
      module.imports.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text });
    }
  }
}

function indexExport(module: FileModule, statement: ts.ExportDeclaration): void {
  const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  const clause = statement.exportClause;
  if (!clause) {
    if (specifier) module.starExports.push(specifier);
    return;
  }
  if (ts.isNamespaceExport(clause)) {
    if (specifier) module.exports.set(clause.name.text, { kind: 'namespaceReexport', specifier });
    return;
  }
  for (const element of clause.elements) {
    if (element.isTypeOnly) continue;
    const local = (element.propertyName ?? element.name).text;
    module.exports.set(
      element.name.text,
      specifier ? { kind: 'reexport', specifier, imported: local } : { kind: 'local', name: local },
    );
  }
}
