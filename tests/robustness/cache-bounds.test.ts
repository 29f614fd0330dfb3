/**
 * A long editor session edits many files and texts: every cache of ours must stay under its bound
 * (or hold one entry per live file), whatever the number of distinct keys seen.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { clearAllCaches, TIMED_CACHE_LIMIT, TimedCache } from '../../src/core/cache.js';
import { resolveSettings } from '../../src/core/settings.js';
import { keptSnapshotCount, schemaBeforeMigration } from '../../src/migration/migration-context.js';
import { memoSize, MEMO_FILE_LIMIT } from '../../src/schema/declaration-memo.js';
import { readSchema } from '../../src/schema/index.js';
import { PARSE_CACHE_LIMIT, parseCacheSize, parseFile } from '../../src/schema/parse-cache.js';
import { noteSpansMoved } from '../../src/core/moved-spans.js';
import { ANALYSIS_CACHE_LIMIT, SchemaAnalysisCache } from '../../src/tsserver/schema-analysis.js';

const tableFile = (name: string, length: number) =>
  `import { pgTable, serial, varchar } from 'drizzle-orm/pg-core';\n` +
  `export const ${name} = pgTable('${name}', { id: serial('id').primaryKey(), email: varchar('email', { length: ${length} }) });\n`;

beforeEach(() => clearAllCaches());

describe('parse cache', () => {
  it('keeps at most PARSE_CACHE_LIMIT paths however many distinct files are parsed', () => {
    for (let i = 0; i < PARSE_CACHE_LIMIT + 200; i++) parseFile(`/virtual/many/f${i}.ts`, `export const x${i} = ${i};`);
    expect(parseCacheSize()).toBeLessThanOrEqual(PARSE_CACHE_LIMIT);
  });

  it('keeps one parse per path across edits, and the recently used one survives eviction', () => {
    const before = parseCacheSize();
    for (let i = 0; i < 1000; i++) parseFile('/virtual/edited.ts', `export const x = ${i};`);
    expect(parseCacheSize()).toBe(before + 1);
    const kept = parseFile('/virtual/kept.ts', 'export const kept = 1;');
    for (let i = 0; i < PARSE_CACHE_LIMIT - 1; i++) {
      parseFile(`/virtual/other/f${i}.ts`, `export const y${i} = ${i};`);
      if (i % 100 === 0) expect(parseFile('/virtual/kept.ts', 'export const kept = 1;')).toBe(kept);
    }
  });
});

describe('TimedCache', () => {
  it(`keeps at most its limit (default ${TIMED_CACHE_LIMIT}) of distinct keys`, () => {
    const cache = new TimedCache<number>();
    for (let i = 0; i < TIMED_CACHE_LIMIT + 500; i++) cache.get(`/folder/${i}`, () => i);
    expect(cache.size).toBe(TIMED_CACHE_LIMIT);
  });

  it('drops the least recently written key first', () => {
    const cache = new TimedCache<number>(3);
    let computed = 0;
    for (const key of ['a', 'b', 'c', 'd']) cache.get(key, () => computed++);
    expect(cache.size).toBe(3);
    expect(cache.get('d', () => -1)).toBe(3);
    expect(cache.get('a', () => -1)).toBe(-1);
  });
});

describe('tsserver analysis cache', () => {
  const analyze = () => ({ isSchemaFile: true, findings: [], problems: [] });
  const settings = resolveSettings({}, '/virtual');

  it('keeps at most ANALYSIS_CACHE_LIMIT files', () => {
    const cache = new SchemaAnalysisCache(analyze, { getScriptVersion: () => '1', getScriptText: (file) => `// ${file}` });
    for (let i = 0; i < ANALYSIS_CACHE_LIMIT + 100; i++) cache.fresh(`/virtual/f${i}.ts`, settings);
    expect(cache.size).toBe(ANALYSIS_CACHE_LIMIT);
  });

  it('keeps one entry per file across 1,000 versions', () => {
    let version = 0;
    const cache = new SchemaAnalysisCache(analyze, { getScriptVersion: () => String(version), getScriptText: () => `// ${version}` });
    for (; version < 1000; version++) cache.current('/virtual/schema.ts', settings);
    expect(cache.size).toBe(1);
  });

  it('analyses the same version again once spans moved (another analysis re-parsed a file the findings point into)', () => {
    let calls = 0;
    const counting = () => (calls++, analyze());
    const cache = new SchemaAnalysisCache(counting, { getScriptVersion: () => '1', getScriptText: () => '// 1' });
    cache.fresh('/virtual/schema.ts', settings);
    cache.current('/virtual/schema.ts', settings);
    expect(calls).toBe(1);
    noteSpansMoved();
    cache.current('/virtual/schema.ts', settings);
    cache.current('/virtual/schema.ts', settings);
    expect(calls).toBe(2);
  });
});

describe('declaration memo (readSchema)', () => {
  it(`remembers at most MEMO_FILE_LIMIT (${MEMO_FILE_LIMIT}) files however many distinct schemas are read`, () => {
    for (let i = 0; i < MEMO_FILE_LIMIT + 50; i++) {
      const file = `/virtual/schemas/s${i}.ts`;
      const { model } = readSchema({ entryFiles: [file], kit: '0.x', readFile: (p) => (p === file ? tableFile(`t${i}`, i + 1) : undefined) });
      expect(model.tables.size).toBe(1);
    }
    expect(memoSize().files).toBeLessThanOrEqual(MEMO_FILE_LIMIT);
  });

  it('holds the same number of declarations after 1,000 edits of one file as after the first', () => {
    const file = '/virtual/edited-schema.ts';
    const read = (length: number) => readSchema({ entryFiles: [file], kit: '0.x', readFile: (p) => (p === file ? tableFile('users', length) : undefined) });
    read(1);
    const first = memoSize();
    for (let i = 2; i <= 1000; i++) read(i);
    expect(memoSize()).toEqual(first);
  });
});

describe('a long editing session through analyzeSchemaFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cache-bounds-'));
  cpSync(path.resolve('examples/acme'), dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps cache sizes constant over 300 edits of the schema', () => {
    const file = path.join(dir, 'src/db/schema.ts');
    const base = readFileSync(file, 'utf8');
    expect(base).toContain('length: 320');
    const settings = resolveSettings({}, dir);
    const edit = (i: number) => analyzeSchemaFile({ file, text: `${base.replace('length: 320', `length: ${321 + i}`)}\n// edit ${i}\n`, settings });
    expect(edit(0).findings.length).toBeGreaterThan(0);
    const sizes = () => ({ parses: parseCacheSize(), memo: memoSize() });
    const afterFirst = sizes();
    for (let i = 1; i < 300; i++) edit(i);
    expect(sizes()).toEqual(afterFirst);
  });
});

describe('snapshots read for the schema before a 1.0 RC migration', () => {
  const history = (folder: string) => path.resolve('tests/fixtures/projects/shop', folder);
  const lastTag = (out: string) => readdirSync(out).sort().at(-1)!;

  it('keeps v9 snapshots, which every later migration replays, and never a whole v8 schema', () => {
    const v8 = history('drizzle-rc-v8');
    const before = keptSnapshotCount();
    expect(schemaBeforeMigration({ outDir: v8, tag: lastTag(v8), layout: '1.x' })?.table('public.users')).toBeDefined();
    expect(keptSnapshotCount()).toBe(before);
    const v9 = history('drizzle-rc');
    expect(schemaBeforeMigration({ outDir: v9, tag: lastTag(v9), layout: '1.x' })?.table('public.users')).toBeDefined();
    // The earlier snapshots, and the migration's own (read to see whether it merges two branches).
    expect(keptSnapshotCount()).toBe(before + readdirSync(v9).length);
  });
});
