import { resolve } from 'node:path';
import ts from 'typescript';
import { registerCache } from '../core/cache.js';

const cache = new Map<string, { text: string; sourceFile: ts.SourceFile }>();
registerCache(() => cache.clear());
/** Paths kept (one parse each); beyond this the least recently parsed is dropped. */
export const PARSE_CACHE_LIMIT = 1000;

/** Number of cached parses (tests check the bound). */
export function parseCacheSize(): number {
  return cache.size;
}

function remember(path: string, text: string, sourceFile: ts.SourceFile): void {
  cache.delete(path);
  cache.set(path, { text, sourceFile });
  if (cache.size > PARSE_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
}

/** Trees parsed here: only these may be re-parsed in place (a host's tree belongs to the host). */
const ownTrees = new WeakSet<ts.SourceFile>();

/**
 * Told before a tree of `path` is re-parsed in place with a new length. Nodes ending before
 * `unchangedBefore` keep their positions; nodes starting after `movedAfter` (with their leading trivia)
 * of `tree`, the tree being updated, are moved by `delta`, text unchanged; the others may be clamped or
 * rebuilt. After a failed update nothing is known: `unchangedBefore` 0, `movedAfter` infinite.
 */
export type TreeUpdateListener = (path: string, unchangedBefore: number, movedAfter: number, delta: number, tree: ts.SourceFile) => void;
const updateListeners: TreeUpdateListener[] = [];

export function onTreeUpdate(listener: TreeUpdateListener): void {
  updateListeners.push(listener);
}

/**
 * Parses once per (path, text); an unchanged file costs a map lookup. A new text of a file parsed
 * here before is parsed incrementally from the old tree, as tsserver does: an edit in the editor
 * then allocates a few nodes instead of a whole tree, which keeps GC pauses out of the request.
 */
export function parseFile(path: string, text: string): ts.SourceFile {
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.sourceFile;
  if (offered?.path === path && offered.text === text) {
    const adopted = adoptHostSourceFile(path, text, offered.host);
    if (adopted) return adopted;
  }
  const sourceFile = hit && ownTrees.has(hit.sourceFile) ? reparse(path, hit.sourceFile, text) : fullParse(path, text);
  ownTrees.add(sourceFile);
  remember(path, text, sourceFile);
  return sourceFile;
}

/**
 * Parsed as typescript-estree parses for ESLint without type information (JSDoc comments left unparsed:
 * nothing here reads them), so `handOverSourceFile` can give typescript-eslint this very tree.
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode?.ParseNone };

/** Trees from a whole parse: only these are handed over (an incremental re-parse is equivalent for us, not proven so for typescript-estree). */
const wholeParses = new WeakSet<ts.SourceFile>();

function fullParse(path: string, text: string): ts.SourceFile {
  const sourceFile = setParents(ts.createSourceFile(path, text, PARSE_OPTIONS, false, ts.ScriptKind.TS));
  wholeParses.add(sourceFile);
  return sourceFile;
}

/**
 * `ts.updateSourceFile` re-parents the old tree's nodes and, when the length changes, moves those
 * ending at or after the edit; whoever holds such nodes is told to let go first. (It sets parents itself.)
 */
function reparse(path: string, old: ts.SourceFile, text: string): ts.SourceFile {
  ownTrees.delete(old);
  const oldText = old.text;
  const prefix = commonPrefixLength(oldText, text);
  const suffix = commonSuffixLength(oldText, text, prefix);
  // The same length: TypeScript shifts nodes by zero and clamps none (`adjustIntersectingElement`).
  // Otherwise nodes with `pos` after the old end of the change move (`moveElementEntirelyPastChangeRange`).
  if (text.length !== oldText.length) for (const listener of updateListeners) listener(path, prefix, oldText.length - suffix, text.length - oldText.length, old);
  try {
    const updated = ts.updateSourceFile(old, text, { span: { start: prefix, length: oldText.length - prefix - suffix }, newLength: text.length - prefix - suffix });
    retired.set(old, path);
    anyRetired = true;
    return updated;
  } catch {
    // A failed update may have moved any node of the old tree.
    for (const listener of updateListeners) listener(path, 0, Number.POSITIVE_INFINITY, 0, old);
    return fullParse(path, text);
  }
}

/** Trees re-parsed in place, by path: their surviving nodes now sit at positions of the newer text. */
const retired = new WeakMap<ts.SourceFile, string>();
let anyRetired = false;

/**
 * The tree whose text the nodes of `sourceFile` are positioned in now. A value kept across an edit
 * (src/schema/declaration-memo.ts) holds nodes of the tree it was read from; once TypeScript moved them
 * into a newer parse of the file, their text is that parse's, which the cache holds.
 */
export function liveSourceFile(sourceFile: ts.SourceFile): ts.SourceFile {
  if (!anyRetired) return sourceFile;
  const path = retired.get(sourceFile);
  return path === undefined ? sourceFile : (cache.get(path)?.sourceFile ?? sourceFile);
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The common suffix not overlapping the first `prefix` characters of either text. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * The parents `setParentNodes: true` would set (JSDoc nodes aside: nothing reads them). TypeScript's
 * own pass gathers every node's children into a new array, a third of the parse's allocation, which
 * the editor pays on every keystroke. Iterative (one reused stack): a 5,000-deep expression must not
 * overflow the call stack.
 */
function setParents(sourceFile: ts.SourceFile): ts.SourceFile {
  pending.push(sourceFile);
  while (pending.length > 0) {
    parentNode = pending.pop()!;
    ts.forEachChild(parentNode, adoptChild);
  }
  parentNode = undefined;
  return sourceFile;
}

const pending: ts.Node[] = [];
let parentNode: ts.Node | undefined;

function adoptChild(child: ts.Node): undefined {
  (child as { parent: ts.Node }).parent = parentNode!;
  pending.push(child);
  return undefined;
}

/** The cached parse of `path` when it is of exactly `text`; never parses, never adds an entry. */
export function cachedSourceFile(path: string, text: string): ts.SourceFile | undefined {
  const hit = cache.get(path);
  return hit && hit.text === text ? hit.sourceFile : undefined;
}

/**
 * Our parse of `path` when it is of exactly `text`, given away: a host (typescript-eslint, see
 * `src/eslint/typescript-parser.ts`) keeps it as its own tree, so it is never re-parsed in place again.
 */
export function handOverSourceFile(path: string, text: string): ts.SourceFile | undefined {
  const sourceFile = cachedSourceFile(path, text);
  if (!sourceFile || !ownTrees.has(sourceFile) || !wholeParses.has(sourceFile)) return undefined;
  ownTrees.delete(sourceFile);
  return sourceFile;
}

/** Whether a tree was built by this very `typescript` module (its `SyntaxKind` numbers are ours). */
export function isOwnTypeScriptTree(sourceFile: unknown): boolean {
  return looksLikeSourceFile(sourceFile) && sameTypeScript({ sourceFile });
}

/** A `SourceFile` the host already parsed: tsserver's program, typescript-eslint's parser services. */
export interface HostSourceFile {
  sourceFile: unknown;
  /** `version` of the host's TypeScript, when known (tsserver passes its own module). */
  typescriptVersion?: string;
}

/**
 * Lets `parseFile(path, text)` answer with the host's parse instead of parsing again. Used only when
 * it is interchangeable with our own parse: same TypeScript (the same module, or the same version:
 * `SyntaxKind` numbers differ between versions), parsed as plain TypeScript, parent pointers set
 * (the reader walks up), and of exactly `text` (the buffer being analysed; the host's program may lag).
 * An existing parse of the same text is kept, so unchanged files keep their identity (memos rely on it).
 * Returns the `SourceFile` now cached for `path` when it is the host's, else undefined.
 */
export function adoptHostSourceFile(path: string, text: string, host: HostSourceFile | undefined): ts.SourceFile | undefined {
  if (!host || !isInterchangeable(host)) return undefined;
  const sourceFile = host.sourceFile as ts.SourceFile;
  const key = resolve(path);
  if (sourceFile.text !== text || resolve(sourceFile.fileName) !== key) return undefined;
  const hit = cache.get(key);
  if (hit && hit.text === sourceFile.text) return hit.sourceFile === sourceFile ? sourceFile : undefined;
  remember(key, sourceFile.text, sourceFile);
  return sourceFile;
}

/** A host's tree of the file being analysed, offered while its project is read (see `withHostTreeOffered`). */
let offered: { path: string; text: string; host: HostSourceFile } | undefined;

/**
 * Runs `read` with the host's tree of `path` offered to `parseFile`: the project read that the first schema
 * file triggers parses every schema file, that one included, which the host has just parsed. The tree is
 * adopted only if the read asks for `path` with this very text; otherwise it is not kept, so the parse
 * cache never fills with the trees of files that only import drizzle-orm (query code).
 */
export function withHostTreeOffered<T>(path: string, text: string, host: HostSourceFile | undefined, read: () => T): T {
  if (!host) return read();
  const previous = offered;
  offered = { path: resolve(path), text, host };
  try {
    return read();
  } finally {
    offered = previous;
  }
}

/** The host's parse when it can stand in for ours (see `adoptHostSourceFile`); any script kind. */
export function usableHostSourceFile(host: HostSourceFile | undefined, text: string): ts.SourceFile | undefined {
  if (!host || !sameTypeScript(host) || !looksLikeSourceFile(host.sourceFile)) return undefined;
  return host.sourceFile.text === text && parentsSet(host.sourceFile) ? host.sourceFile : undefined;
}

function isInterchangeable(host: HostSourceFile): boolean {
  if (!sameTypeScript(host) || !looksLikeSourceFile(host.sourceFile)) return false;
  const sourceFile = host.sourceFile;
  // `scriptKind` is internal; when present it must be TS, as our own parse is.
  const scriptKind = (sourceFile as { scriptKind?: ts.ScriptKind }).scriptKind;
  if (scriptKind !== undefined && scriptKind !== ts.ScriptKind.TS) return false;
  return sourceFile.languageVariant === ts.LanguageVariant.Standard && !sourceFile.isDeclarationFile && parentsSet(sourceFile);
}

let ownPrototype: object | undefined;

function sameTypeScript(host: HostSourceFile): boolean {
  if (typeof host.sourceFile !== 'object' || host.sourceFile === null) return false;
  ownPrototype ??= Object.getPrototypeOf(ts.createSourceFile('probe.ts', '', ts.ScriptTarget.Latest)) as object;
  return Object.getPrototypeOf(host.sourceFile) === ownPrototype || host.typescriptVersion === ts.version;
}

function looksLikeSourceFile(value: unknown): value is ts.SourceFile {
  const candidate = value as Partial<ts.SourceFile>;
  return candidate.kind === ts.SyntaxKind.SourceFile && typeof candidate.text === 'string' && typeof candidate.fileName === 'string' && Array.isArray(candidate.statements);
}

/** The parser sets parents only on request; tsserver's program has them once bound. Checks one path to a leaf. */
function parentsSet(sourceFile: ts.SourceFile): boolean {
  let parent: ts.Node = sourceFile;
  let child: ts.Node | undefined = sourceFile.statements[sourceFile.statements.length - 1];
  while (child) {
    if (child.parent !== parent) return false;
    parent = child;
    child = ts.forEachChild(child, (node) => node);
  }
  return true;
}
