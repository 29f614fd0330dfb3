/**
 * `v7TextLookup` reads a 0.31 snapshot one table at a time from its bytes. Oracle: the whole-file
 * reader (`snapshotToLookup` / `snapshotToModel`) on the same file, on every snapshot drizzle-kit wrote
 * for the fixtures, on files laid out otherwise, and on mutated files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchemaLookup } from '../../src/core/schema-lookup.js';
import { tableKey } from '../../src/core/schema-model.js';
import { snapshotToLookup, snapshotToModel } from '../../src/snapshot/index.js';
import { v7TextLookup } from '../../src/snapshot/v7-text.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';

/** Every 0.31 snapshot drizzle-kit wrote for the fixtures and the example, and a sample of the bench history when generated. */
function generatedSnapshots(): string[] {
  const roots = [path.join(repoRoot, 'tests/fixtures/projects'), path.join(repoRoot, 'examples')];
  const files = roots.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => /(^|\/)\d{4}_snapshot\.json$/.test(file) && !file.includes('node_modules'))
      .map((file) => path.join(root, file)),
  );
  const bench = path.join(repoRoot, 'bench/.out/migrations-project/drizzle/meta');
  if (existsSync(bench)) files.push(...readdirSync(bench).filter((file) => file.endsWith('_snapshot.json')).filter((_, i) => i % 15 === 0).map((file) => path.join(bench, file)));
  return files.sort();
}

/** The lookup over `bytes`, and how many times it fell back to parsing the whole file. */
function textLookup(bytes: Buffer): { lookup: SchemaLookup | undefined; wholeReads: () => number } {
  let reads = 0;
  const lookup = v7TextLookup(bytes, () => {
    reads++;
    return snapshotToLookup(JSON.parse(bytes.toString('utf8')));
  });
  return { lookup, wholeReads: () => reads };
}

describe('v7TextLookup on snapshots drizzle-kit wrote', () => {
  const files = generatedSnapshots();

  it('has fixtures with enums and with a table outside `public`', () => {
    const models = files.map((file) => snapshotToModel(JSON.parse(readFileSync(file, 'utf8'))));
    expect(models.some((model) => model.enums.size > 0)).toBe(true);
    expect(models.some((model) => [...model.tables.values()].some((table) => table.schema !== 'public'))).toBe(true);
  });

  it.each(files.map((file) => [path.relative(repoRoot, file), file]))('%s: every table and enum from its slice alone', (_, file) => {
    const bytes = readFileSync(file);
    const model = snapshotToModel(JSON.parse(bytes.toString('utf8')));
    const { lookup, wholeReads } = textLookup(bytes);
    expect(lookup).toBeDefined();
    for (const [key, table] of model.tables) expect(lookup!.table(key)).toEqual(table);
    for (const [key, value] of model.enums) expect(lookup!.enum(key)).toEqual(value);
    expect(lookup!.table(tableKey('public', 'no_such_table'))).toBeUndefined();
    expect(lookup!.table('a.b.c')).toBeUndefined();
    expect(lookup!.enum(tableKey('public', 'no_such_enum'))).toBeUndefined();
    expect(wholeReads()).toBe(0);
    // Every key at once is the one question the slices do not answer: it reads the whole file, once.
    expect([...lookup!.tableKeys()].sort()).toEqual([...model.tables.keys()].sort());
    expect([...lookup!.tableKeys()].length).toBe(model.tables.size);
    expect(wholeReads()).toBe(1);
  });
});

describe('v7TextLookup on a file not laid out as drizzle-kit writes it', () => {
  const file = path.join(repoRoot, 'tests/fixtures/projects/shop/drizzle/meta/0002_snapshot.json');
  const text = readFileSync(file, 'utf8');
  const json = JSON.parse(text) as { tables: Record<string, { name: string; schema: string }> };
  const model = snapshotToModel(json);

  /** The slice answers, or the whole read's, must be `snapshotToLookup`'s for every key the model has. */
  function expectSameAnswers(changedText: string, expectedWholeReads: 'none' | 'some') {
    const changedJson = JSON.parse(changedText) as { tables: Record<string, unknown> };
    const expected = snapshotToLookup(changedJson);
    const { lookup, wholeReads } = textLookup(Buffer.from(changedText));
    expect(lookup).toBeDefined();
    const keys = [...model.tables.keys(), ...Object.keys(changedJson.tables), 'public.no_such_table'];
    for (const key of keys) expect(lookup!.table(key)).toEqual(expected.table(key));
    if (expectedWholeReads === 'none') expect(wholeReads()).toBe(0);
    else expect(wholeReads()).toBeGreaterThan(0);
  }

  it('is not read from slices when minified or indented otherwise', () => {
    expect(v7TextLookup(Buffer.from(JSON.stringify(json)), () => snapshotToLookup(json))).toBeUndefined();
    expect(v7TextLookup(Buffer.from(JSON.stringify(json, null, 4)), () => snapshotToLookup(json))).toBeUndefined();
    expect(v7TextLookup(Buffer.from(JSON.stringify({ ...json, version: '6' }, null, 2)), () => snapshotToLookup(json))).toBeUndefined();
  });

  it('answers as drizzle-kit wrote it when re-serialised the same way', () => {
    expectSameAnswers(JSON.stringify(json, null, 2), 'none');
  });

  it('answers a key written twice as JSON.parse does: with the last', () => {
    const [key] = Object.keys(json.tables);
    const entry = new RegExp(`\\n {4}"${key.replace('.', '\\.')}": \\{[\\s\\S]*?\\n {4}\\}`).exec(text)![0];
    const changed = entry.replace('"notNull": true', '"notNull": false');
    expect(changed).not.toBe(entry);
    expectSameAnswers(text.replace(entry, `${entry},${changed}`), 'some');
    // The later entry, renamed inside, replaces the earlier: the whole read then has no table under `key`.
    const name = json.tables[key].name;
    expectSameAnswers(text.replace(entry, `${entry},${changed.replace(`"name": "${name}"`, '"name": "renamed_inside"')}`), 'some');
  });

  it('leaves a table whose key is not `schema.name` to the whole read', () => {
    const [key, table] = Object.entries(json.tables)[0];
    const renamed = text.replace(`\n    "${key}": {`, '\n    "public.elsewhere": {');
    expect(renamed).not.toBe(text);
    expectSameAnswers(renamed, 'some');
    expect(textLookup(Buffer.from(renamed)).lookup!.table(tableKey(table.schema, table.name))).toEqual(model.tables.get(tableKey(table.schema, table.name)));
  });

  it('leaves two tables of one name in two schemas to the whole read', () => {
    const [key, table] = Object.entries(json.tables).find(([, candidate]) => candidate.schema === '')!;
    const copy = JSON.stringify({ ...table, schema: 'archive' }, null, 2).replace(/\n/g, '\n    ');
    const twoSchemas = text.replace('\n  "tables": {', `\n  "tables": {\n    "archive.${table.name}": ${copy},`);
    expectSameAnswers(twoSchemas, 'some');
    expect(textLookup(Buffer.from(twoSchemas)).lookup!.table(key)).toEqual(model.tables.get(key));
  });

  it('leaves a second table of the same schema and name under another key to the whole read', () => {
    const [key, table] = Object.entries(json.tables)[0];
    const entry = new RegExp(`\\n {4}"${key.replace('.', '\\.')}": \\{[\\s\\S]*?\\n {4}\\}`).exec(text)![0];
    const copy = entry.replace(`"${key}"`, '"public.copy"').replace('"notNull": true', '"notNull": false');
    const doubled = text.replace(entry, `${entry},${copy}`);
    expectSameAnswers(doubled, 'some');
    // The whole read keeps the later table, as a Map filled in file order does.
    expect(textLookup(Buffer.from(doubled)).lookup!.table(key)).not.toEqual(model.tables.get(tableKey(table.schema, table.name)));
  });

  it('is not read from slices when cut short (the whole read then fails as before)', () => {
    const firstKey = Object.keys(json.tables)[0];
    const entryEnd = text.indexOf('\n    }', text.indexOf(`"${firstKey}"`)) + '\n    }'.length;
    for (const length of [entryEnd - 1, entryEnd, entryEnd + 1, entryEnd + 3, entryEnd + 200]) {
      expect(textLookup(Buffer.from(text.slice(0, length))).lookup, `cut at ${length}`).toBeUndefined();
    }
  });

  it('agrees with the whole read on mutated bytes that still read and are still indented by depth', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(text.length - 1), fc.constantFrom('', ' ', '\n', '"', '{', '}', ',', 'x', '\n    }', '\n  }', '\n    "', '\n      "name": "orgs",'), fc.nat(1)), { minLength: 1, maxLength: 4 }), (edits) => {
        let mutated = text;
        for (const [at, insert, removed] of edits) mutated = mutated.slice(0, at) + insert + mutated.slice(at + removed);
        const { lookup } = textLookup(Buffer.from(mutated));
        let expected: SchemaLookup | undefined;
        try {
          expected = snapshotToLookup(JSON.parse(mutated));
        } catch {
          // The whole file does not read: nothing to compare with, and the lookup must still not throw.
        }
        // Lines indented otherwise than their depth (braces moved, still valid JSON) are read as indented, and
        // which of two equal keys counts is up to the reader (RFC 8259, section 4): those are not compared.
        const comparable = expected !== undefined && indentedByDepthWithUniqueKeys(mutated);
        for (const key of model.tables.keys()) {
          const answer = lookup?.table(key);
          if (comparable && lookup) expect(answer).toEqual(expected!.table(key));
        }
        for (const key of model.enums.keys()) {
          const answer = lookup?.enum(key);
          if (comparable && lookup) expect(answer).toEqual(expected!.enum(key));
        }
        if (comparable && lookup) compared++;
      }),
      { seed: 7, numRuns: 2000 },
    );
    // Most edits break the JSON; enough must not, or nothing was compared.
    expect(compared).toBeGreaterThan(100);
  });
});

/**
 * Whether every line of a JSON text is indented by two spaces per level of nesting, as
 * `JSON.stringify(…, null, 2)` writes, and no object has a key twice.
 */
function indentedByDepthWithUniqueKeys(json: string): boolean {
  const keys: (Set<string> | undefined)[] = [];
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      let after = end + 1;
      while (json[after] === ' ') after++;
      const object = keys[keys.length - 1];
      if (json[after] === ':' && object) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (object.has(key)) return false;
        object.add(key);
      }
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      keys.push(c === '{' ? new Set() : undefined);
    } else if (c === '}' || c === ']') {
      depth--;
      keys.pop();
    } else if (c === '\n') {
      let spaces = 0;
      while (json[i + 1 + spaces] === ' ') spaces++;
      const next = json[i + 1 + spaces];
      const expected = next === '}' || next === ']' ? depth - 1 : depth;
      if (next !== undefined && next !== '\n' && spaces !== expected * 2) return false;
    }
  }
  return true;
}
