/**
 * A new text of a file the cache parsed before is re-parsed in place (`ts.updateSourceFile`), which
 * moves nodes of the old tree. Oracles: TypeScript's full parse of the same text (every node's kind,
 * positions and parent) and a cold `readSchema` after `clearAllCaches()` (the whole result).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import { readSchema } from '../../src/schema/index.js';
import { adoptHostSourceFile, onTreeUpdate, parseFile } from '../../src/schema/parse-cache.js';
import { fixtureProjects } from '../core/temp-project.js';
import { seededRandom } from '../support/seeded-random.js';
import { allNodes } from '../support/ts-nodes.js';
import { expectSameTree } from './same-tree.js';

afterEach(() => clearAllCaches());

const schemasDir = new URL('../fixtures/schemas/', import.meta.url).pathname;
const splitDir = join(fixtureProjects, 'split', 'src', 'db', 'schema');
const SNIPPETS = ['x', ' ', '\n', '(', ')', ',', "'", '.notNull()', '0', '{', '}', '//', '/*', '`', ';', 'export const q = 1;\n'];

/** One random edit: typing, deleting, a same-length change, a line pasted elsewhere, a newline at a statement's end, an undo, a revert. */
function edit(text: string, history: string[], next: () => number): string {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const at = Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 8)) {
    case 0:
      return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 30));
    case 2: {
      const digits = [...text.matchAll(/\d/g)];
      const digit = digits.length > 0 ? pick(digits) : undefined;
      return digit ? text.slice(0, digit.index) + String((Number(digit[0]) + 1) % 10) + text.slice(digit.index + 1) : text;
    }
    case 3: {
      const lines = text.split('\n');
      lines.splice(Math.floor(next() * lines.length), 0, pick(lines));
      return lines.join('\n');
    }
    case 4: {
      const ends = [...text.matchAll(/[;)}]\n/g)];
      const end = ends.length > 0 ? pick(ends) : undefined;
      return end ? text.slice(0, end.index + 1) + '\n' + text.slice(end.index + 1) : text;
    }
    case 5:
      return pick(history);
    case 6:
      return history[0];
    default:
      return text.slice(0, at) + text.slice(at).replace(/[a-z]/, (c) => (c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)));
  }
}

function editSequence(start: string, seed: number, length: number): string[] {
  const next = seededRandom(seed);
  const texts = [start];
  while (texts.length <= length) texts.push(edit(texts[texts.length - 1], texts, next));
  return texts;
}

describe('re-parse in place', () => {
  const files = readdirSync(schemasDir).filter((name) => name.endsWith('.ts'));

  it.each(files)('gives TypeScript’s full parse after every edit of a random sequence (%s)', (name) => {
    const path = join(schemasDir, name);
    const texts = editSequence(readFileSync(path, 'utf8'), name.length * 7919, 40);
    let previous = new Set<ts.Node>();
    let updatesReusingNodes = 0;
    for (const text of texts) {
      const tree = parseFile(path, text);
      const nodes = new Set(allNodes(tree));
      if ([...nodes].some((node) => node !== tree && previous.has(node))) updatesReusingNodes++;
      expectSameTree(tree, ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
      expect(tree.text).toBe(text);
      previous = nodes;
    }
    // The sequence went through the incremental path (nodes carried over from the old tree). TypeScript
    // reuses whole list elements only (statements, members), so an edit inside a file's one big table reuses nothing.
    expect(updatesReusingNodes).toBeGreaterThan(0);
  });

  it('never re-parses a host’s tree in place', () => {
    const path = join(schemasDir, 'columns.ts');
    const text = readFileSync(path, 'utf8');
    const host = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    expect(adoptHostSourceFile(path, text, { sourceFile: host, typescriptVersion: ts.version })).toBe(host);
    const positions = (tree: ts.SourceFile) => tree.statements.map((statement) => [statement.pos, statement.end]);
    const before = positions(host);
    const edited = parseFile(path, '\n\n' + text);
    expect(edited).not.toBe(host);
    expect(host.statements.every((statement) => !edited.statements.includes(statement))).toBe(true);
    expect(positions(host)).toEqual(before);
  });

  it('tells listeners where nodes may move, and only when the length changes', () => {
    const path = '/virtual/listened.ts';
    const heard: Array<[string, number, number, number, ts.SourceFile]> = [];
    onTreeUpdate((file, unchangedBefore, movedAfter, delta, tree) => {
      if (file === path) heard.push([file, unchangedBefore, movedAfter, delta, tree]);
    });
    parseFile(path, 'export const a = 1;\nexport const b = 2;\n');
    const same = parseFile(path, 'export const a = 1;\nexport const b = 3;\n');
    expect(heard).toEqual([]);
    parseFile(path, 'export const a = 1;\nexport const b = 345;\n');
    // `3` became `345`: the first 38 characters kept, the rest (`;\n`) moved by 2, in the tree being updated.
    expect(heard).toEqual([[path, 38, 38, 2, same]]);
  });
});

describe('incremental readSchema over re-parsed trees', () => {
  const projects: Array<[string, string]> = [
    ['split', join(splitDir, 'index.ts')],
    ['spreads', join(schemasDir, 'spreads.ts')],
    ['reexports', join(schemasDir, 'reexports.ts')],
    ['constraints', join(schemasDir, 'constraints.ts')],
  ];

  // Several seeds: a value kept across two moves, a statement TypeScript parsed anew, appear only in longer runs.
  const runs = projects.flatMap(([name, entry]) => [0, 1, 2].map((seed) => [name, entry, seed] as const));

  it.each(runs)('gives what a cold read gives after every edit of a random sequence (%s, seed %i)', (name, entry, seed) => {
    const disk = (path: string) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    };
    // Every file the entry reaches is edited.
    const editable = readSchema({ entryFiles: [entry], kit: '0.x', readFile: disk }).files;
    expect(editable.length).toBeGreaterThan(name === 'constraints' ? 0 : 1);
    const next = seededRandom(name.length * 104729 + seed);
    const states: Array<Map<string, string>> = [];
    let current = new Map(editable.map((path) => [path, disk(path)!]));
    const histories = new Map(editable.map((path) => [path, [current.get(path)!]]));
    for (let i = 0; i < 120; i++) {
      const path = editable[Math.floor(next() * editable.length)];
      const history = histories.get(path)!;
      const text = edit(current.get(path)!, history, next);
      history.push(text);
      current = new Map(current).set(path, text);
      states.push(current);
    }
    const read = (state: Map<string, string>) => readSchema({ entryFiles: [entry], kit: '0.x', readFile: (path) => state.get(path) ?? disk(path) });
    const cold = states.map((state) => {
      clearAllCaches();
      return read(state);
    });
    expect(cold.filter((result) => result.model.tables.size > 0).length).toBeGreaterThan(states.length / 5);

    clearAllCaches();
    read(states[0]);
    states.forEach((state, i) => expect(read(state)).toEqual(cold[i]));
  });

  it('evaluates again a declaration TypeScript moved: one ending exactly where text is inserted', () => {
    const path = '/virtual/moved.ts';
    const header = `import { pgTable, integer } from 'drizzle-orm/pg-core';\n`;
    const a = `export const a = pgTable('a', { id: integer('id') })`;
    const files = new Map([[path, `${header}${a}\nexport const b = pgTable('b', { id: integer('id') });\n`]]);
    const read = () => readSchema({ entryFiles: [path], kit: '0.x', readFile: (file) => files.get(file) });
    const first = read();
    const oldTree = parseFile(path, files.get(path)!);
    const oldStatement = oldTree.statements[1];
    const oldEnd = oldStatement.end;
    files.set(path, files.get(path)!.replace(`${a}\n`, `${a}  \n`));
    const second = read();
    // TypeScript moved the end of the old statement (it touches the edit), though its text is unchanged.
    expect(oldStatement.end).toBe(oldEnd + 2);
    expect(second.model.tables.get('public.a')).not.toBe(first.model.tables.get('public.a'));
    const again = second;
    clearAllCaches();
    expect(again).toEqual(read());
  });
});
