import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expandBraces, expandSchemaPatterns, segmentToRegExp } from '../../src/core/glob.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const tree = join(repo, `tests/.tmp/glob-${process.pid}/tree`);
const configs = join(tree, '../configs');
const FILES = ['top.ts', 'a/one.ts', 'a/b/two.ts', 'a/b/c/deep.ts', '.hidden/three.ts', 'c/x.mts', 'c/y.cts', 'c/.dot.ts'];

/** Table name a file declares: its path, made an identifier. */
function tableOf(file: string): string {
  return `t_${file.replace(/[^a-z]/g, '_')}`;
}

/** What drizzle-kit 0.31 itself matches: `drizzle-kit export` prints one CREATE TABLE per matched file. */
async function drizzleKitTables(schema: string | string[], index: number): Promise<string[]> {
  const config = join(configs, `config-${index}.json`);
  writeFileSync(config, JSON.stringify({ dialect: 'postgresql', schema, out: './drizzle' }));
  const { stdout } = await run(join(repo, 'node_modules/.bin/drizzle-kit'), ['export', '--config', config], { cwd: tree });
  return [...stdout.matchAll(/CREATE TABLE "(\w+)"/g)].map((match) => match[1]).sort();
}

function ourTables(schema: string | string[]): string[] {
  const { files } = expandSchemaPatterns(typeof schema === 'string' ? [schema] : schema, tree);
  return files.map((file) => tableOf(relative(tree, file))).sort();
}

beforeAll(() => {
  for (const file of FILES) {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    writeFileSync(join(tree, file), `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const t = pgTable('${tableOf(file)}', { id: integer() });\n`);
  }
  mkdirSync(configs, { recursive: true });
});

afterAll(() => rmSync(join(tree, '..'), { recursive: true, force: true }));

describe('expandSchemaPatterns matches what drizzle-kit 0.31 matches', () => {
  const patterns: (string | string[])[] = [
    './**/*.ts',
    './a',
    './c',
    './{a,c}/*.{ts,mts}',
    './a/?ne.ts',
    ['./top.ts', './a/b/two.ts'],
    '**/[d-t]*.ts',
    'a/b/**',
  ];
  it('for files, folders, globs and arrays', async () => {
    const expected = await Promise.all(patterns.map(drizzleKitTables));
    patterns.forEach((pattern, index) => {
      expect(expected[index].length, `drizzle-kit matched nothing for ${JSON.stringify(pattern)}`).toBeGreaterThan(0);
      expect(ourTables(pattern), JSON.stringify(pattern)).toEqual(expected[index]);
    });
  });
});

describe('glob pieces', () => {
  it('expands nested braces', () => {
    expect(expandBraces('src/{a,b/{c,d}}/*.ts')).toEqual(['src/a/*.ts', 'src/b/c/*.ts', 'src/b/d/*.ts']);
    expect(expandBraces('no-braces.ts')).toEqual(['no-braces.ts']);
  });

  it('hides dot files from * unless the segment starts with a dot', () => {
    expect(segmentToRegExp('*.ts').test('.x.ts')).toBe(false);
    expect(segmentToRegExp('.*.ts').test('.x.ts')).toBe(true);
    expect(segmentToRegExp('[!a]*.ts').test('b.ts')).toBe(true);
    expect(segmentToRegExp('[!a]*.ts').test('a.ts')).toBe(false);
  });

  it('lists missing plain paths as watched, so creating them later is noticed', () => {
    const { files, watched } = expandSchemaPatterns(['./not-yet.ts'], tree);
    expect(files).toEqual([]);
    expect(watched).toContain(join(tree, 'not-yet.ts'));
  });
});
