/**
 * Which remembered values a `readSchema` call may keep without re-checking their lookups.
 *
 * A read is a function of the texts it reads. Between two calls the editor changes one file, and
 * usually only a declaration in it: the file's imports, exports and declared names stay. Then every
 * lookup still lands on the same declaration, and a value whose dependencies (its own file, the files
 * of the values it looked up, and theirs) are all unchanged is still the value a fresh read gives.
 * Re-checking its lookups (src/schema/declaration-memo.ts) would walk the whole project on every
 * keystroke; this walks only what the edit reaches.
 *
 * Anything else (a file created, removed or read for the first time as a module, a tsconfig changed,
 * an import or export added) leaves `changed` undefined: every value is re-checked, as before.
 */
import { registerCache } from '../core/cache.js';
import { moduleOf, textOf, type EvalContext, type ExportEntry, type FileModule, type Input } from './scope.js';
import type { TableValue, Value } from './values.js';

interface CallRecord {
  number: number;
  texts: Map<string, string | undefined>;
  modules: Map<string, FileModule | undefined>;
  files: Set<string>;
}

let last: CallRecord | undefined;
let calls = 0;
registerCache(() => (last = undefined));

/** Numbers a memoising call and finds the files changed since the previous one. */
export function beginCall(ctx: EvalContext): void {
  ctx.call = ++calls;
  ctx.previousCall = last ? last.number : -1;
  ctx.changed = last ? changedSinceOrUnknown(ctx, last) : undefined;
  ctx.trustUsed = false;
}

/**
 * Completes the call's files with those the kept values would have loaded, as a cold read reports them.
 * A kept value loads no module; a file the previous call loaded and this one did not is still a cold
 * read's when a kept value depends on it (looking something up there loads it). Otherwise (a barrel only a
 * kept value's lookup passed through) it is not known: false, and the caller reads again re-checking every value.
 */
export function filesKept(ctx: EvalContext): boolean {
  if (!ctx.trustUsed || !last) return true;
  for (const file of last.files) {
    if (ctx.files.has(file)) continue;
    if (!ctx.keptFiles.has(file)) return false;
    ctx.files.add(file);
  }
  return true;
}

/** A call compares every text the previous one read, and reads them too; beyond this many it starts afresh. */
const TEXTS_LIMIT = 5000;

export function endCall(ctx: EvalContext): void {
  last = ctx.texts.size > TEXTS_LIMIT ? undefined : { number: ctx.call, texts: ctx.texts, modules: ctx.modules, files: ctx.files };
}

/** Never throws (the read that follows reports what fails): undefined, every value re-checked. */
function changedSinceOrUnknown(ctx: EvalContext, previous: CallRecord): ReadonlySet<string> | undefined {
  try {
    return changedSince(ctx, previous);
  } catch {
    return undefined;
  }
}

function changedSince(ctx: EvalContext, previous: CallRecord): ReadonlySet<string> | undefined {
  let changed: Set<string> | undefined;
  for (const [path, before] of previous.texts) {
    const now = textOf(ctx, path);
    if (now === before) continue;
    const old = previous.modules.get(path);
    if (before === undefined || now === undefined || !old || !sameRouting(old, moduleOf(path, now))) return undefined;
    (changed ??= new Set()).add(path);
  }
  return changed ?? NO_FILES;
}

const NO_FILES: ReadonlySet<string> = new Set();

/** The same names declared, imported and exported the same way: every lookup lands where it did. */
function sameRouting(a: FileModule, b: FileModule): boolean {
  if (a === b) return true;
  if (a.locals.size !== b.locals.size || a.imports.size !== b.imports.size || a.exports.size !== b.exports.size) return false;
  if (a.starExports.length !== b.starExports.length || a.starExports.some((specifier, i) => b.starExports[i] !== specifier)) return false;
  for (const name of a.locals.keys()) if (!b.locals.has(name)) return false;
  for (const [name, imported] of a.imports) {
    const other = b.imports.get(name);
    if (!other || other.specifier !== imported.specifier || other.imported !== imported.imported) return false;
  }
  for (const [name, entry] of a.exports) if (!sameExport(entry, b.exports.get(name))) return false;
  return true;
}

function sameExport(a: ExportEntry, b: ExportEntry | undefined): boolean {
  if (!b || a.kind !== b.kind) return false;
  if (a.kind === 'local') return a.name === (b as typeof a).name;
  if (a.kind === 'reexport') return a.specifier === (b as typeof a).specifier && a.imported === (b as typeof a).imported;
  if (a.kind === 'namespaceReexport') return a.specifier === (b as typeof a).specifier;
  // A default export is evaluated afresh on every lookup: its importers are never kept this way.
  return true;
}

/**
 * True when a value remembered with `dependencies` and checked in the previous call is still valid.
 * `dependencies` undefined or false: not noted yet, or not known (see `dependenciesOf`), so never.
 */
export function keptUnchanged(ctx: EvalContext, checkedIn: number, dependencies: readonly string[] | false | undefined): boolean {
  const changed = ctx.changed;
  if (!changed || !dependencies || checkedIn !== ctx.previousCall) return false;
  for (const file of dependencies) if (changed.has(file)) return false;
  for (const file of dependencies) ctx.keptFiles.add(file);
  ctx.trustUsed = true;
  kept++;
  return true;
}

/** The files each remembered value depends on (its declaration's, and those of what that looked up). */
let valueDependencies = new WeakMap<object, readonly string[]>();
/** Values that are the same whatever the files say (drizzle-orm's exports, "not found"): they depend on no file. */
const routingValues = new WeakSet<Value>();
/** Values a declaration gave without known dependencies: a lookup giving one is re-checked, never kept. */
let untraced = new WeakSet<object>();
registerCache(() => {
  untraced = new WeakSet();
  valueDependencies = new WeakMap();
});

let kept = 0;

/** Values and table models kept through `changed` since the process started (tests check the path is taken). */
export function keptCount(): number {
  return kept;
}

export function markRoutingValue(value: Value): void {
  routingValues.add(value);
}

/**
 * The files a value computed from `inputs` (in `ownFile`, if a declaration's) depends on; undefined when
 * a looked-up value's are not known (a circular reference, a default export, a namespace object).
 */
export function dependenciesOf(ownFile: string | undefined, inputs: readonly Input[], extra?: TableValue): string[] | undefined {
  const files = new Set<string>();
  if (ownFile !== undefined) files.add(ownFile);
  if (extra !== undefined && !addDependencies(files, extra)) return undefined;
  for (const input of inputs) {
    files.add(input.path);
    if (!addDependencies(files, input.value)) return undefined;
  }
  return [...files];
}

function addDependencies(files: Set<string>, value: Value | TableValue): boolean {
  if (untraced.has(value)) return false;
  const known = valueDependencies.get(value);
  if (known) {
    for (const file of known) files.add(file);
    return true;
  }
  return routingValues.has(value as Value);
}

/**
 * Notes and returns what a declaration's value computed from `inputs` depends on (false: not known),
 * merged when two declarations give the same object. A shared value given by a declaration (`export
 * const id = types.id`, `types.id` being drizzle-orm's `integer`) then carries that declaration's files
 * wherever it is looked up: more than needed, never less.
 */
export function noteDependencies(value: Value, ownFile: string, inputs: readonly Input[]): readonly string[] | false {
  const dependencies = dependenciesOf(ownFile, inputs);
  note(value, dependencies);
  // A table's model is remembered per table object (src/schema/table-model-memo.ts).
  if (value.kind === 'table') note(value.table, dependencies);
  return dependencies ?? false;
}

function note(key: object, dependencies: readonly string[] | undefined): void {
  if (untraced.has(key)) return;
  if (!dependencies) {
    untraced.add(key);
    valueDependencies.delete(key);
    return;
  }
  const known = valueDependencies.get(key);
  valueDependencies.set(key, known ? [...new Set([...known, ...dependencies])] : dependencies);
}
