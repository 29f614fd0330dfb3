import path from 'node:path';
import { parseFile } from '../../src/schema/parse-cache.js';
import { describe, expect, it } from 'vitest';
import { readSchema } from '../../src/schema/index.js';
import { fixturesDir, readFixture } from './read-fixture.js';

const FILE = '/virtual/schema.ts';
const HEADER = `import { pgTable, integer, text, index } from 'drizzle-orm/pg-core';\nimport { sql } from 'drizzle-orm';\n`;

function readText(body: string, files: Record<string, string> = {}) {
  const all: Record<string, string> = { [FILE]: HEADER + body, ...files };
  return readSchema({ entryFiles: [FILE], kit: '0.x', readFile: (p) => all[p] });
}

const textAt = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('source spans', () => {
  it('points at the property, the builder, each modifier and the declaration', () => {
    const body = `export const users = pgTable('users', {\n  email: text('email_address').notNull().default('x'),\n});\n`;
    const { model } = readText(body);
    const table = model.tables.get('public.users')!;
    const column = table.columns.get('email_address')!;
    const source = HEADER + body;
    expect(textAt(source, column.source!.property)).toBe(`email: text('email_address').notNull().default('x')`);
    expect(textAt(source, column.source!.builder)).toBe(`text('email_address')`);
    expect(textAt(source, column.source!.modifiers.notNull)).toBe('.notNull()');
    expect(textAt(source, column.source!.modifiers.default)).toBe(`.default('x')`);
    expect(textAt(source, table.source!.declaration)).toBe(body.trim());
    expect(textAt(source, table.source!.name)).toBe(`'users'`);
    expect(table.source!.exportName).toBe('users');
  });

  it('puts spread columns in the helper file', () => {
    const { model, files } = readFixture('spreads.ts');
    const created = model.tables.get('public.documents')!.columns.get('created_at')!;
    expect(created.source!.property.file).toBe(path.join(fixturesDir, 'helpers.ts'));
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['helpers.ts', 'spreads.ts']);
  });

  it('spans an index with its modifiers', () => {
    const body = `export const t = pgTable('t', { a: integer() }, (t) => [index('t_a').on(t.a).concurrently()]);\n`;
    const index = readText(body).model.tables.get('public.t')!.indexes.get('t_a')!;
    expect(textAt(HEADER + body, index.source!.span)).toBe(`index('t_a').on(t.a).concurrently()`);
    expect(textAt(HEADER + body, index.source!.modifiers.concurrently)).toBe('.concurrently()');
  });
});

describe('exports and re-exports', () => {
  it('follows export * across folders and export { x as y }, and ignores unexported tables', () => {
    const { model, files } = readFixture('reexports.ts');
    expect([...model.tables.keys()].sort()).toEqual(['public.hidden', 'public.myapp_things', 'public.taggings', 'public.tags']);
    expect(model.tables.get('public.hidden')!.source!.exportName).toBe('visibleAlias');
    expect(files.map((f) => path.relative(fixturesDir, f)).sort()).toEqual(['creator.ts', 'nested/index.ts', 'nested/tables.ts', 'reexports.ts']);
  });

  it('reports a missing entry file as partial instead of throwing', () => {
    const result = readSchema({ entryFiles: ['/nowhere.ts'], kit: '0.x', readFile: () => undefined });
    expect(result.model.partial).toBe(true);
    expect(result.files).toEqual([]);
  });
});

describe('unknown marking', () => {
  it('marks a table from an unknown factory as a partial model', () => {
    const { model } = readText(`import { makeTable } from '@/lib/factory';\nexport const t = makeTable('t');\n`);
    expect(model.partial).toBe(true);
    expect(model.tables.size).toBe(0);
  });

  it('does not mark literals, functions and relations as partial', () => {
    const { model } = readText(`import { relations } from 'drizzle-orm';\nexport const n = 1;\nexport function f() { return 2; }\nexport const r = relations({} as any, () => ({}));\n`);
    expect(model.partial).toBe(false);
  });

  it('marks an unknown spread and a computed key as a partial table', () => {
    const { model } = readText(`import { cols } from 'some-package';\nconst k = Math.random() + '';\nexport const t = pgTable('t', { id: integer(), ...cols });\nexport const u = pgTable('u', { [k]: integer() });\n`);
    expect(model.tables.get('public.t')!.partial).toBe(true);
    expect(model.tables.get('public.t')!.columns.has('id')).toBe(true);
    expect(model.tables.get('public.u')!.partial).toBe(true);
  });

  it('marks a non-literal column name, default and sql hole unknown', () => {
    const { model } = readText(
      `declare const n: string; declare const v: string;\nexport const t = pgTable('t', { a: text(n), b: text().default(v), c: text().default(sql\`lower(\${v})\`) });\n`,
    );
    const t = model.tables.get('public.t')!;
    expect(t.partial).toBe(true);
    expect(t.columns.get('b')!.unknown).toEqual({ default: expect.any(String) });
    expect(t.columns.get('b')!.default).toBeUndefined();
    expect(t.columns.get('c')!.unknown?.default).toBeDefined();
  });

  it('marks a table whose name is not a literal as a partial model', () => {
    const { model } = readText(`declare const name: string;\nexport const t = pgTable(name, { id: integer() });\n`);
    expect(model.partial).toBe(true);
  });

  it('marks an unnamed expression index name unknown (drizzle-kit refuses it)', () => {
    const { model } = readText(`export const t = pgTable('t', { a: text() }, (t) => [index().on(sql\`lower(\${t.a})\`)]);\n`);
    const [index] = model.tables.get('public.t')!.indexes.values();
    expect(index.unknown?.name).toBeDefined();
  });

  it('marks long 1.x foreign key names unknown (drizzle-kit hashes them)', () => {
    const long = 'a'.repeat(40);
    const all: Record<string, string> = {
      [FILE]: `${HEADER}export const p = pgTable('${long}', { id: integer() });\nexport const c = pgTable('${long}_child', { parentId: integer().references(() => p.id) });\n`,
    };
    const { model } = readSchema({ entryFiles: [FILE], kit: '1.x', readFile: (f) => all[f] });
    const [fk] = model.tables.get(`public.${long}_child`)!.foreignKeys.values();
    expect(fk.unknown?.name).toBeDefined();
  });
});

describe('odd input', () => {
  it('survives syntax errors and empty files', () => {
    expect(() => readText(`export const t = pgTable('t', { a: text( `)).not.toThrow();
    expect(readSchema({ entryFiles: [FILE], kit: '0.x', readFile: () => '' }).model.tables.size).toBe(0);
    expect(() => readText(`export const t = pgTable('t', { a: text().references(() => t.a) }, (t) => t);`)).not.toThrow();
  });

  it('survives self-referencing and circular imports', () => {
    const files = { '/virtual/a.ts': `export * from './schema';\nexport const x = y;\nconst y = x;\n` };
    expect(() => readText(`export * from './a';\n`, files)).not.toThrow();
  });

  it('reads a 400-table file, and re-reads it from the parse cache (speed is measured in bench/, not here)', () => {
    const tables = Array.from({ length: 400 }, (_, i) => `export const t${i} = pgTable('t${i}', { id: integer().primaryKey(), name: text().notNull().default('x'), ref: integer().references(() => t0.id) }, (t) => [index().on(t.name)]);`);
    const body = tables.join('\n');
    expect(readText(body).model.tables.size).toBe(400);
    const parsed = parseFile('/virtual/huge.ts', body);
    expect(parseFile('/virtual/huge.ts', body)).toBe(parsed);
    expect(parseFile('/virtual/huge.ts', `${body}\n`)).not.toBe(parsed);
  });
});
