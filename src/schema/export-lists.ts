/**
 * Export names of modules and which `export *` target provides each name. A barrel of 30 files is
 * asked for 300 names per `readSchema` call, so both are built once per call, and kept across calls
 * while the modules they were built from still have the same export shape (the names they export
 * and their `export *` specifiers) and the specifiers still resolve to the same files: an edit
 * inside a table changes neither, so the editor does not rebuild them on every keystroke.
 */
import { registerCache } from '../core/cache.js';
import { loadModule, resolveFrom, type EvalContext, type FileModule, type StarProviders } from './scope.js';

/** One module visited while building a list: its shape then, and what each `export *` reached. */
interface Visited {
  path: string;
  shape: string;
  /** Per `export *` specifier: the file read, '' when none could be read, or 'drizzle'. */
  targets: string[];
}

const names = new WeakMap<FileModule, { list: string[]; visited: Visited[] }>();
const providers = new WeakMap<FileModule, { providers: StarProviders; visited: Visited[]; lists: string[][] }>();
const byPath = new Map<string, { list: string[]; visited: Visited[] }>();
const providersByPath = new Map<string, { providers: StarProviders; visited: Visited[]; lists: string[][] }>();
const LIMIT = 2000;
registerCache(() => {
  byPath.clear();
  providersByPath.clear();
});

const shapes = new WeakMap<FileModule, string>();

/** What `export *` of this module can see: its export names and its own `export *` specifiers. */
function shapeOf(module: FileModule): string {
  let shape = shapes.get(module);
  if (shape === undefined) shapes.set(module, (shape = `${[...module.exports.keys()].join('\n')}\0${module.starExports.join('\n')}`));
  return shape;
}

function targetOf(ctx: EvalContext, module: FileModule, specifier: string): { key: string; module?: FileModule } {
  const target = resolveFrom(ctx, module, specifier);
  if (target.kind === 'drizzle') return { key: 'drizzle' };
  const found = target.kind === 'file' ? loadModule(ctx, target.path) : undefined;
  return found ? { key: found.path, module: found } : { key: '' };
}

function visit(ctx: EvalContext, module: FileModule, visited: Visited[]): (FileModule | undefined)[] {
  const reached = module.starExports.map((specifier) => targetOf(ctx, module, specifier));
  visited.push({ path: module.path, shape: shapeOf(module), targets: reached.map((target) => target.key) });
  return reached.map((target) => target.module);
}

function stillValid(ctx: EvalContext, visited: Visited[]): boolean {
  for (const entry of visited) {
    const module = loadModule(ctx, entry.path);
    if (!module || shapeOf(module) !== entry.shape) return false;
    for (let i = 0; i < module.starExports.length; i++) if (targetOf(ctx, module, module.starExports[i]).key !== entry.targets[i]) return false;
  }
  return true;
}

/** Every export name of a module, following `export *` (which never re-exports `default`). */
export function exportNames(module: FileModule, ctx: EvalContext): string[] {
  let list = ctx.exportLists.get(module);
  if (list) return list;
  const kept = ctx.memoise ? (names.get(module) ?? byPath.get(module.path)) : undefined;
  if (kept && stillValid(ctx, kept.visited)) list = kept.list;
  else {
    const visited: Visited[] = [];
    list = collectExportNames(module, ctx, new Set(), visited);
    if (ctx.memoise) remember(byPath, names, module, { list, visited });
  }
  ctx.exportLists.set(module, list);
  return list;
}

function collectExportNames(module: FileModule, ctx: EvalContext, seen: Set<FileModule>, visited: Visited[]): string[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const found = new Set(module.exports.keys());
  const reached = visit(ctx, module, visited);
  module.starExports.forEach((specifier, i) => {
    const starModule = reached[i];
    if (!starModule) {
      found.add(`*${specifier}`);
      return;
    }
    for (const name of collectExportNames(starModule, ctx, seen, visited)) if (name !== 'default') found.add(name);
  });
  return [...found];
}

/**
 * Which `export *` target provides each name (the first in source order). Names no file before an
 * `export * from 'drizzle-orm/…'` provides are drizzle's.
 */
export function starProviders(module: FileModule, ctx: EvalContext): StarProviders {
  let found = ctx.starProviders.get(module);
  if (found) return found;
  const kept = ctx.memoise ? (providers.get(module) ?? providersByPath.get(module.path)) : undefined;
  if (kept && stillValid(ctx, kept.visited) && sameLists(ctx, kept.visited[0], kept.lists)) found = kept.providers;
  else {
    const visited: Visited[] = [];
    const lists: string[][] = [];
    found = { byName: new Map(), restIsDrizzle: false };
    const reached = visit(ctx, module, visited);
    for (let i = 0; i < reached.length; i++) {
      if (visited[0].targets[i] === 'drizzle') {
        found.restIsDrizzle = true;
        break;
      }
      const starModule = reached[i];
      if (!starModule) continue;
      const list = exportNames(starModule, ctx);
      lists.push(list);
      for (const name of list) if (!found.byName.has(name)) found.byName.set(name, starModule.path);
    }
    if (ctx.memoise) remember(providersByPath, providers, module, { providers: found, visited, lists });
  }
  ctx.starProviders.set(module, found);
  return found;
}

/** The targets' export lists are the identical arrays (each list is kept while its own modules are unchanged). */
function sameLists(ctx: EvalContext, own: Visited, lists: string[][]): boolean {
  let n = 0;
  for (const path of own.targets) {
    if (path === 'drizzle') break;
    const module = path ? loadModule(ctx, path) : undefined;
    if (!module) continue;
    if (exportNames(module, ctx) !== lists[n++]) return false;
  }
  return n === lists.length;
}

function remember<T>(byModulePath: Map<string, T>, byModule: WeakMap<FileModule, T>, module: FileModule, entry: T): void {
  byModule.set(module, entry);
  if (byModulePath.size >= LIMIT) byModulePath.clear();
  byModulePath.set(module.path, entry);
}
