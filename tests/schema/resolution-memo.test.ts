/**
 * Relative imports are resolved once and re-used across `readSchema` calls while the files they
 * probed are unchanged (src/schema/scope.ts). A file appearing earlier in TypeScript's candidate
 * order, or the found file disappearing, must change the resolution as a cold read does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import { readSchema } from '../../src/schema/index.js';

const HEADER = `import { pgTable, integer } from 'drizzle-orm/pg-core';\n`;
const INDEX = '/virtual/index.ts';
const table = (name: string) => `${HEADER}export const ${name} = pgTable('${name}', { id: integer('id') });\n`;

function tablesOf(files: Record<string, string>): string[] {
  return [...readSchema({ entryFiles: [INDEX], kit: '0.x', readFile: (p) => files[p] }).model.tables.keys()].sort();
}

function cold(files: Record<string, string>): string[] {
  clearAllCaches();
  return tablesOf(files);
}

beforeEach(() => clearAllCaches());

describe('relative resolutions across calls', () => {
  it('follows a file that appears earlier in the candidate order, and one that disappears', () => {
    const folderOnly = { [INDEX]: `export * from './tables';\n`, '/virtual/tables/index.ts': table('from_folder') };
    expect(tablesOf(folderOnly)).toEqual(['public.from_folder']);
    const withFile = { ...folderOnly, '/virtual/tables.ts': table('from_file') };
    const warm = tablesOf(withFile);
    expect(warm).toEqual(cold(withFile));
    expect(warm).toEqual(['public.from_file']);
    tablesOf(withFile);
    const fileOnly = { [INDEX]: `export * from './tables';\n`, '/virtual/tables.ts': table('from_file') };
    expect(tablesOf(fileOnly)).toEqual(['public.from_file']);
    expect(tablesOf({ [INDEX]: `export * from './tables';\n` })).toEqual(cold({ [INDEX]: `export * from './tables';\n` }));
    expect(tablesOf(folderOnly)).toEqual(['public.from_folder']);
  });
});

describe('export lists across calls', () => {
  it('sees a table added, renamed or removed behind `export *`, and an edit inside a table', () => {
    const files = (a: string, b = table('b_one')): Record<string, string> => ({ [INDEX]: `export * from './a';\nexport * from './b';\n`, '/virtual/a.ts': a, '/virtual/b.ts': b });
    const steps = [
      files(table('a_one')),
      files(table('a_one') + `export const aTwo = pgTable('a_two', { id: integer('id') });\n`),
      files(table('a_one').replace('integer', 'integer').replace("{ id: integer('id') }", "{ id: integer('id'), n: integer('n') }")),
      files(table('a_one').replace('export const a_one', 'export const renamed')),
      files(`${HEADER}export const notATable = 1;\n`),
      files(table('a_one'), `export * from './a';\n` + table('b_one')),
      files(table('a_one')),
    ];
    for (const step of steps) {
      const warm = readSchema({ entryFiles: [INDEX], kit: '0.x', readFile: (p) => step[p] }).model;
      const warmTables = [...warm.tables.values()].map((t) => `${t.name}:${t.source?.exportName}:${[...t.columns.keys()].join(',')}`).sort();
      clearAllCaches();
      const coldModel = readSchema({ entryFiles: [INDEX], kit: '0.x', readFile: (p) => step[p] }).model;
      expect(warmTables).toEqual([...coldModel.tables.values()].map((t) => `${t.name}:${t.source?.exportName}:${[...t.columns.keys()].join(',')}`).sort());
      // Warm the caches again from this step so the next step is read incrementally.
      readSchema({ entryFiles: [INDEX], kit: '0.x', readFile: (p) => step[p] });
    }
  });
});
