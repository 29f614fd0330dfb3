import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configCandidates, isPostgresConfig, parseDrizzleConfig, readDrizzleConfig, resolveConfig, type DrizzleConfig } from '../../src/core/config.js';
import { resolveSettings } from '../../src/core/settings.js';

const projects = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));

function parseOk(text: string, file = '/p/drizzle.config.ts'): DrizzleConfig {
  const result = parseDrizzleConfig(file, text);
  if (result.kind !== 'ok') throw new Error(`expected ok, got: ${result.problem.message}`);
  return result.config;
}

function parseProblem(text: string, file = '/p/drizzle.config.ts'): string {
  const result = parseDrizzleConfig(file, text);
  if (result.kind !== 'error') throw new Error('expected a problem');
  expect(result.problem.file).toBe(file);
  return result.problem.message;
}

describe('parseDrizzleConfig: export forms', () => {
  it('reads export default defineConfig({...})', () => {
    const config = parseOk(`import { defineConfig } from 'drizzle-kit';
      export default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './migrations', casing: 'snake_case' });`);
    expect(config).toMatchObject({ dialect: 'postgresql', schema: ['./src/schema.ts'], out: './migrations', casing: 'snake_case' });
  });

  it('reads a plain object literal with satisfies Config', () => {
    const config = parseOk(`import type { Config } from 'drizzle-kit';
      export default { dialect: 'postgresql', schema: ['./a.ts', './b/*.ts'] } satisfies Config;`);
    expect(config.schema).toEqual(['./a.ts', './b/*.ts']);
    expect(config.out).toBe('drizzle');
  });

  it('reads module.exports = {...} in CommonJS', () => {
    const config = parseOk(`/** @type {import('drizzle-kit').Config} */
      module.exports = { dialect: 'postgresql', schema: "./db/schema.js", out: "./db/out" };`, '/p/drizzle.config.cjs');
    expect(config).toMatchObject({ schema: ['./db/schema.js'], out: './db/out' });
  });

  it('follows a local const, type annotations, `as` and shorthand properties', () => {
    const config = parseOk(`import type { Config } from 'drizzle-kit';
      const schema = './schema.ts';
      const config: Config = { dialect: 'postgresql', schema, out: 'out' as const };
      export default config;`);
    expect(config).toMatchObject({ schema: ['./schema.ts'], out: 'out' });
  });

  it('reads `export default config satisfies Config` and spreads of a local object', () => {
    const config = parseOk(`const base = { dialect: 'postgresql', out: './base-out' };
      const config = { ...base, schema: './s.ts', migrations: { prefix: 'timestamp', table: 'm' } };
      export default config satisfies Config;`);
    expect(config).toMatchObject({ dialect: 'postgresql', out: './base-out', schema: ['./s.ts'], migrationsPrefix: 'timestamp' });
  });

  it('reads JSON configs', () => {
    const config = parseOk(JSON.stringify({ dialect: 'postgresql', schema: './s.ts', out: './o', tablesFilter: ['app_*'], schemaFilter: 'public' }), '/p/drizzle.config.json');
    expect(config).toMatchObject({ schema: ['./s.ts'], out: './o', tablesFilter: ['app_*'], schemaFilter: ['public'] });
  });

  it('reads tablesFilter and schemaFilter (kept, though generate ignores them)', () => {
    const config = parseOk(`export default { dialect: 'postgresql', schema: './s.ts', tablesFilter: 'app_*', schemaFilter: ['public', 'auth'] };`);
    expect(config.tablesFilter).toEqual(['app_*']);
    expect(config.schemaFilter).toEqual(['public', 'auth']);
  });
});

describe('parseDrizzleConfig: values it cannot read statically', () => {
  it('defaults unreadable optional fields (dialect, casing) instead of failing', () => {
    const config = parseOk(`export default defineConfig({
      dialect: process.env.DIALECT, casing: pickCasing(), schema: './s.ts',
      dbCredentials: { url: process.env.DATABASE_URL! } });`);
    expect(config.dialect).toBeUndefined();
    expect(config.casing).toBeUndefined();
    expect(isPostgresConfig(config)).toBe(true);
  });

  it('is a problem when schema is unreadable', () => {
    expect(parseProblem(`export default defineConfig({ dialect: 'postgresql', schema: process.env.SCHEMA! });`)).toMatch(/`schema`/);
    expect(parseProblem(`export default { dialect: 'postgresql' };`)).toMatch(/`schema`/);
    expect(parseProblem(`export default { dialect: 'postgresql', schema: [\`./\${dir}/s.ts\`] };`)).toMatch(/`schema`/);
  });

  it('is a problem when out is unreadable, or may come from an unreadable spread', () => {
    expect(parseProblem(`import path from 'node:path'; export default { schema: './s.ts', out: path.join(__dirname, 'x') };`)).toMatch(/`out`/);
    expect(parseProblem(`import { base } from './base'; export default { ...base, schema: './s.ts' };`)).toMatch(/`out`/);
  });

  it('is a problem when nothing is exported, the export is computed, or the file is not valid JSON', () => {
    expect(parseProblem(`const config = { schema: './s.ts' };`)).toMatch(/export default/);
    expect(parseProblem(`export default makeConfig();`)).toMatch(/object literal/);
    expect(parseProblem(`{ "schema": `, '/p/drizzle.config.json')).toMatch(/JSON/);
  });

  it('never throws on broken syntax', () => {
    expect(() => parseDrizzleConfig('/p/drizzle.config.ts', 'export default defineConfig({ schema: ')).not.toThrow();
  });

  it('recognises non-postgres dialects', () => {
    expect(isPostgresConfig(parseOk(`export default { dialect: 'mysql', schema: './s.ts' };`))).toBe(false);
    expect(isPostgresConfig(parseOk(`export default { dialect: 'postgresql', schema: './s.ts' };`))).toBe(true);
  });

  it('reports a missing config file as a problem', () => {
    expect(readDrizzleConfig(join(projects, 'no-such/drizzle.config.ts')).kind).toBe('error');
  });
});

describe('config discovery and path resolution', () => {
  it('walks up from the linted file to the nearest drizzle.config.*', () => {
    const settings = resolveSettings({}, projects);
    const file = join(projects, 'split/src/db/schema/users.ts');
    expect(configCandidates(file, settings)[0]).toBe(join(projects, 'split/drizzle.config.ts'));
  });

  it('uses settings.config (relative to cwd) instead of walking up', () => {
    const settings = resolveSettings({ config: ['shop/drizzle-rc.config.ts', 'split/drizzle-rc.config.ts'] }, projects);
    expect(configCandidates(join(projects, 'shop/schema.ts'), settings)).toEqual([join(projects, 'shop/drizzle-rc.config.ts'), join(projects, 'split/drizzle-rc.config.ts')]);
  });

  it('resolves a folder schema to its direct files', () => {
    const config = resolveFixture('split/drizzle.config.ts');
    expect(config.root).toBe(join(projects, 'split'));
    expect(config.entryFiles.map((file) => file.slice(config.root.length + 1)).sort()).toEqual(
      ['comments.ts', 'index.ts', 'posts.ts', 'users.ts'].map((name) => `src/db/schema/${name}`),
    );
    expect(config.outDir).toBe(join(projects, 'split/drizzle'));
  });

  it('resolves paths of a config in a subfolder against the package root', () => {
    const config = resolveFixture('nested-config/server/db/drizzle.config.ts');
    expect(config.root).toBe(join(projects, 'nested-config'));
    expect(config.entryFiles).toEqual([join(projects, 'nested-config/server/db/schema.ts')]);
    expect(config.outDir).toBe(join(projects, 'nested-config/server/db/drizzle'));
  });

  it('prefers the config folder when the schema exists there', () => {
    const config = resolveFixture('shop/drizzle.config.ts');
    expect(config.root).toBe(join(projects, 'shop'));
    expect(config.entryFiles).toEqual([join(projects, 'shop/schema.ts')]);
  });

  it('lets settings.projectRoot override the root', () => {
    const read = readDrizzleConfig(join(projects, 'shop/drizzle.config.ts'));
    if (read.kind !== 'ok') throw new Error(read.problem.message);
    const config = resolveConfig(read.config, resolveSettings({ projectRoot: 'split' }, projects));
    expect(config.root).toBe(join(projects, 'split'));
    expect(config.entryFiles).toEqual([]);
  });
});

function resolveFixture(relativeConfig: string) {
  const read = readDrizzleConfig(join(projects, relativeConfig));
  if (read.kind !== 'ok') throw new Error(read.problem.message);
  return resolveConfig(read.config, resolveSettings({}, projects));
}
