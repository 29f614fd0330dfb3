/**
 * Incremental reading: a top-level declaration's value is kept across `readSchema` calls while its
 * statement's text is unchanged, it sits where its nodes are, and every module-level name it looked up
 * still gives the identical value. An edit of one table therefore re-evaluates that table and the
 * declarations that read it, not the whole schema, and unchanged tables keep their value objects, so
 * the table model and the diff can be memoised on them. An edit that changes the file's length moves
 * the declarations after it: TypeScript moves their nodes in place, and the spans they made move with
 * them (src/schema/span-book.ts), so they are kept too.
 */
import type ts from 'typescript';
import { registerCache } from '../core/cache.js';
import { noteSpansMoved } from '../core/moved-spans.js';
import { onTreeUpdate } from './parse-cache.js';
import type { EvalContext, FileModule, Input } from './scope.js';
import { moveSpans, type SpanBook } from './span-book.js';
import { keptUnchanged, noteDependencies } from './unchanged-files.js';
import type { Value } from './values.js';

interface DeclarationMemo {
  /** The parse the value was read from, and the statement's full range in it. */
  sourceFile: ts.SourceFile;
  textStart: number;
  textEnd: number;
  /** The statement read; its nodes are the ones the value holds. */
  statement: ts.Node;
  /** The statement's full range now: moved with its nodes by edits before it. */
  start: number;
  end: number;
  value: Value;
  inputs: Input[];
  book: SpanBook;
  /** The files the value depends on (src/schema/unchanged-files.ts); undefined: not noted yet, false: not known. */
  dependencies: readonly string[] | false | undefined;
  /** The last call that found the value valid. */
  checkedIn: number;
}

interface FileMemo {
  /** The file version whose declared names were last used to prune the memo. */
  prunedFor?: ts.SourceFile;
  declarations: Map<string, DeclarationMemo>;
}

/** Files remembered; the least recently used is dropped beyond this (a schema rarely has 100). */
export const MEMO_FILE_LIMIT = 500;

const files = new Map<string, FileMemo>();
registerCache(() => files.clear());

onTreeUpdate((path, unchangedBefore, movedAfter, delta, tree) => {
  const file = files.get(path);
  if (file) {
    for (const [name, memo] of file.declarations) {
      if (memo.end < unchangedBefore) continue;
      // TypeScript moves the nodes of `tree` only: a statement it parsed anew in an earlier update stays behind.
      if (memo.start > movedAfter && memo.statement.parent === tree) {
        memo.start += delta;
        memo.end += delta;
      } else file.declarations.delete(name); // its nodes may be clamped, rebuilt or left behind: read it again
    }
  }
  if (delta === 0) return;
  // Any file's values may hold spans in this one (a spread helper, a called function).
  for (const other of files.values()) for (const memo of other.declarations.values()) moveSpans(memo.book, path, movedAfter, delta);
  noteSpansMoved();
});

/** Number of remembered files and declarations (tests check the bounds). */
export function memoSize(): { files: number; declarations: number } {
  let declarations = 0;
  for (const file of files.values()) declarations += file.declarations.size;
  return { files: files.size, declarations };
}

export type LookupNow = (input: Input) => Value | undefined;

/** Runs `work` with a fresh recorder and returns what it looked up (deduplicated). */
export function recordInputs<T>(ctx: EvalContext, work: () => T): { result: T; inputs: Input[] } {
  const saved = ctx.recorder;
  const recorded: Input[] = [];
  ctx.recorder = recorded;
  let result: T;
  try {
    result = work();
  } finally {
    ctx.recorder = saved;
  }
  return { result, inputs: withoutRepeats(recorded) };
}

/** One input per (path, name), the last looked up, in first-lookup order (no key string built per lookup). */
function withoutRepeats(recorded: Input[]): Input[] {
  if (recorded.length < 2) return recorded;
  const positions = new Map<string, Map<string, number>>();
  const inputs: Input[] = [];
  for (let i = 0; i < recorded.length; i++) {
    const input = recorded[i];
    let names = positions.get(input.path);
    if (!names) positions.set(input.path, (names = new Map()));
    const at = names.get(input.name);
    if (at === undefined) {
      names.set(input.name, inputs.length);
      inputs.push(input);
    } else inputs[at] = input;
  }
  return inputs;
}

/** True when every recorded lookup gives the identical value now. Lookups made here are not recorded by the caller. */
export function inputsUnchanged(ctx: EvalContext, inputs: Input[], lookupNow: LookupNow): boolean {
  const saved = ctx.recorder;
  ctx.recorder = undefined;
  try {
    // A plain loop: this runs for every remembered declaration on every call, so no closure per check.
    for (const input of inputs) if (lookupNow(input) !== input.value) return false;
    return true;
  } finally {
    ctx.recorder = saved;
  }
}

/** The remembered value when no file it depends on changed since the previous call (src/schema/unchanged-files.ts). */
export function keptValue(ctx: EvalContext, module: FileModule, name: string): Value | undefined {
  if (!ctx.changed) return undefined;
  const memo = files.get(module.path)?.declarations.get(name);
  if (!memo || memo.sourceFile !== module.sourceFile || !keptUnchanged(ctx, memo.checkedIn, memo.dependencies)) return undefined;
  memo.checkedIn = ctx.call;
  return memo.value;
}

/** The remembered value when its statement is unchanged and every name it looked up gives the identical value. */
export function reusableValue(ctx: EvalContext, module: FileModule, name: string, statement: ts.Node, lookupNow: LookupNow): Value | undefined {
  if (!ctx.memoise) return undefined;
  const memo = files.get(module.path)?.declarations.get(name);
  if (!memo) return undefined;
  const sameText =
    memo.sourceFile === module.sourceFile ||
    (memo.start === statement.pos && memo.end === statement.end && memo.sourceFile.text.slice(memo.textStart, memo.textEnd) === module.sourceFile.text.slice(statement.pos, statement.end));
  if (!sameText || !inputsUnchanged(ctx, memo.inputs, lookupNow)) return undefined;
  memo.checkedIn = ctx.call;
  if (memo.dependencies === undefined) memo.dependencies = noteDependencies(memo.value, module.path, memo.inputs);
  return memo.value;
}

export function rememberValue(ctx: EvalContext, module: FileModule, name: string, statement: ts.Node, value: Value, inputs: Input[], book: SpanBook): void {
  if (!ctx.memoise) return;
  let file = files.get(module.path);
  if (file) files.delete(module.path);
  else file = { declarations: new Map() };
  files.set(module.path, file);
  if (files.size > MEMO_FILE_LIMIT) files.delete(files.keys().next().value as string);
  if (file.prunedFor !== module.sourceFile) {
    // Names no longer declared (a name being typed, a table removed) are forgotten.
    for (const known of file.declarations.keys()) if (!module.locals.has(known)) file.declarations.delete(known);
    file.prunedFor = module.sourceFile;
  }
  // Not in a process's first read (a CLI run reads once): the next read notes them when it finds the value valid.
  const dependencies = ctx.previousCall < 0 ? undefined : noteDependencies(value, module.path, inputs);
  file.declarations.set(name, { sourceFile: module.sourceFile, textStart: statement.pos, textEnd: statement.end, statement, start: statement.pos, end: statement.end, value, inputs, book, dependencies, checkedIn: ctx.call });
}
