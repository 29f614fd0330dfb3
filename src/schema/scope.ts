import path from 'node:path';
import ts from 'typescript';
import { registerCache } from '../core/cache.js';
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
  /** The top-level statement declaring each local (found without parent pointers). */
  statements: Map<string, ts.Statement>;
  imports: Map<string, { specifier: string; imported: string }>;
  exports: Map<string, ExportEntry>;
  starExports: string[];
}

/** A module-level name looked up while evaluating a declaration or building a table, and what it gave. */
export interface Input {
  path: string;
  name: string;
  value: Value;
}

/**
 * State of one `readSchema` call: modules read, values evaluated, files touched. Closures kept in
 * memoised values hold their scope's `ctx`, so one long-lived context serves every call
 * (`beginCall` resets the per-call fields) and a closure always reads the current call's files.
 */
export interface EvalContext {
  readFile(path: string): string | undefined;
  /** This call's version of each module (undefined: no such file). */
  modules: Map<string, FileModule | undefined>;
  /** Declarations evaluated (or found still valid) in this call. */
  values: Map<ts.Node, Value | 'pending'>;
  files: Set<string>;
  depth: number;
  texts: Map<string, string | undefined>;
  /** By importing file, then specifier. */
  resolutions: Map<string, Map<string, ModuleTarget>>;
  /** Imported names already looked up in this call, by importing module. */
  importedValues: Map<FileModule, Map<string, Value>>;
  aliases: Map<string, PathAliases | undefined>;
  exportLists: Map<FileModule, string[]>;
  /** Per module with `export *`: which target provides each name. */
  starProviders: Map<FileModule, StarProviders>;
  /** Collects the module-level names the current declaration (or table build) looks up. */
  recorder?: Input[];
  /** False for a nested call: nothing is memoised across calls. */
  memoise: boolean;
  /** This call's number, and the previous memoising call's (src/schema/unchanged-files.ts). */
  call: number;
  previousCall: number;
  /**
   * Files whose text changed since the previous call, when only declarations changed in them: a value
   * remembered then that depends on none of them is still valid. Undefined: re-check every value.
   */
  changed?: ReadonlySet<string>;
  /** A remembered value was kept because of `changed` (the call's files are then checked, see readSchema). */
  trustUsed: boolean;
  /** The files the values kept because of `changed` depend on. */
  keptFiles: Set<string>;
}

export interface StarProviders {
  /** Name → path of the module providing it. */
  byName: Map<string, string>;
  /** An `export * from 'drizzle-orm/…'` provides every name not found before it. */
  restIsDrizzle: boolean;
}

export interface Scope {
  ctx: EvalContext;
  module: FileModule;
  vars?: Map<string, Value>;
  parent?: Scope;
}

export function newContext(readFile: (path: string) => string | undefined, memoise: boolean): EvalContext {
  return { readFile, modules: new Map(), values: new Map(), files: new Set(), depth: 0, texts: new Map(), resolutions: new Map(), importedValues: new Map(), aliases: new Map(), exportLists: new Map(), starProviders: new Map(), memoise, call: 0, previousCall: -1, changed: undefined, trustUsed: false, keptFiles: new Set() };
}

/** The text of `path` in this call (undefined: no such file); every file the reader reads goes through here. */
export function textOf(ctx: EvalContext, path: string): string | undefined {
  if (!ctx.texts.has(path)) {
    let text: string | undefined;
    try {
      text = ctx.readFile(path);
    } catch {
      text = undefined;
    }
    ctx.texts.set(path, text);
  }
  return ctx.texts.get(path);
}

/** Index of a parsed file; the parse cache returns the same `SourceFile` for the same text, so this is built once per text. */
const indexes = new WeakMap<ts.SourceFile, FileModule>();

export function loadModule(ctx: EvalContext, path: string): FileModule | undefined {
  const known = ctx.modules.get(path);
  if (known !== undefined || ctx.modules.has(path)) return known;
  const text = textOf(ctx, path);
  const module = text === undefined ? undefined : moduleOf(path, text);
  ctx.modules.set(path, module);
  if (module) ctx.files.add(path);
  return module;
}

/** The module of `path` with `text`, without loading it into a call. */
export function moduleOf(path: string, text: string): FileModule {
  const sourceFile = parseFile(path, text);
  let module = indexes.get(sourceFile);
  if (!module) indexes.set(sourceFile, (module = indexModule(path, sourceFile)));
  return module;
}

/** This call's version of a module that a (possibly memoised) scope refers to. */
export function currentModule(ctx: EvalContext, module: FileModule): FileModule {
  return loadModule(ctx, module.path) ?? module;
}

/** Resolutions per call: every reference to an imported name resolves its specifier again. */
export function resolveFrom(ctx: EvalContext, module: FileModule, specifier: string): ModuleTarget {
  let known = ctx.resolutions.get(module.path);
  if (!known) ctx.resolutions.set(module.path, (known = new Map()));
  const hit = known.get(specifier);
  if (hit) return hit;
  const target = specifier.startsWith('.') ? resolveRelative(ctx, module.path, specifier) : resolveModule(specifier, module.path, (file) => exists(ctx, file), (bare) => aliasTargets(bare, aliasesFor(ctx, module.path)));
  known.set(specifier, target);
  return target;
}

function exists(ctx: EvalContext, file: string): boolean {
  return textOf(ctx, file) !== undefined;
}

/**
 * A relative specifier's resolution depends only on which candidate files exist, so it is kept
 * across calls with the files it probed: still valid while the found file exists and every file
 * probed before it is still absent (spares building ~15 candidate paths per import per call).
 */
const relativeResolutions = new Map<string, { probed: string[]; target: ModuleTarget }>();
const RELATIVE_RESOLUTIONS_LIMIT = 5000;
registerCache(() => relativeResolutions.clear());

function resolveRelative(ctx: EvalContext, fromFile: string, specifier: string): ModuleTarget {
  const key = `${fromFile}\0${specifier}`;
  const known = relativeResolutions.get(key);
  if (known && stillResolves(ctx, known.probed, known.target)) return known.target;
  const probed: string[] = [];
  const target = resolveModule(specifier, fromFile, (file) => {
    probed.push(file);
    return exists(ctx, file);
  });
  if (relativeResolutions.size >= RELATIVE_RESOLUTIONS_LIMIT) relativeResolutions.clear();
  relativeResolutions.set(key, { probed, target });
  return target;
}

function stillResolves(ctx: EvalContext, probed: string[], target: ModuleTarget): boolean {
  const found = target.kind === 'file' ? probed.length - 1 : -1;
  for (let i = 0; i < probed.length; i++) if (exists(ctx, probed[i]) !== (i === found)) return false;
  return true;
}

/** tsconfig aliases per folder, per call (the nearest tsconfig.json is looked up once per folder). */
function aliasesFor(ctx: EvalContext, file: string): PathAliases | undefined {
  const dir = path.dirname(file);
  if (!ctx.aliases.has(dir)) ctx.aliases.set(dir, findPathAliases(file, (candidate) => textOf(ctx, candidate)));
  return ctx.aliases.get(dir);
}

/** `ts.getModifiers(node)` includes `kind` (decorators share the array but never match a keyword kind). */
function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!modifiers) return false;
  for (let i = 0; i < modifiers.length; i++) if (modifiers[i].kind === kind) return true;
  return false;
}

function indexModule(path: string, sourceFile: ts.SourceFile): FileModule {
  const module: FileModule = { path, sourceFile, locals: new Map(), statements: new Map(), imports: new Map(), exports: new Map(), starExports: [] };
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        module.locals.set(declaration.name.text, declaration);
        module.statements.set(declaration.name.text, statement);
        if (exported) module.exports.set(declaration.name.text, { kind: 'local', name: declaration.name.text });
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      module.locals.set(statement.name.text, statement);
      module.statements.set(statement.name.text, statement);
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
