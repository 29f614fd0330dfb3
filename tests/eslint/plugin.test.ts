import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import plugin from '../../src/eslint/index.js';
import { docsUrl } from '../../src/core/rule.js';
import { rules } from '../../src/rules/index.js';
import { lintSchema } from '../support/lint.js';
import { copyFixture, fixtureProjects } from '../core/temp-project.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const shop = copyFixture('shop', 'eslint-plugin');
const schemaFile = join(shop.dir, 'schema.ts');
const schemaText = readFileSync(schemaFile, 'utf8');
afterAll(() => shop.cleanup());

describe('plugin shape', () => {
  it('has meta from package.json and the drizzle-migrations namespace', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'drizzle-migrations' });
  });

  it('turns every core rule into an ESLint rule with docs, messages and an empty schema', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(rules.map((rule) => rule.id).sort());
    for (const rule of rules) {
      const meta = plugin.rules[rule.id].meta!;
      expect(meta.type).toBe('problem');
      expect(meta.docs).toEqual({ description: rule.description, url: docsUrl(rule.id), recommended: rule.recommended });
      expect(meta.messages?.finding).toBe('{{message}} {{help}}');
      expect(meta.schema).toEqual([]);
      expect(meta.hasSuggestions).toBe(rule.hasSuggestions ?? false);
    }
  });

  it('offers recommended (warn) and strict (error) flat-config arrays for TypeScript files', () => {
    const recommended = plugin.configs.recommended[0];
    const strict = plugin.configs.strict[0];
    expect(recommended.files).toEqual(['**/*.{ts,mts,cts,tsx}']);
    expect(recommended.plugins?.['drizzle-migrations']).toBe(plugin);
    expect(Object.values(recommended.rules ?? {}).every((severity) => severity === 'warn')).toBe(true);
    expect(Object.values(strict.rules ?? {}).every((severity) => severity === 'error')).toBe(true);
    const recommendedIds = Object.keys(recommended.rules ?? {});
    expect(recommendedIds).toContain('drizzle-migrations/require-valid-drizzle-project');
    for (const id of recommendedIds) expect(rules.find((rule) => `drizzle-migrations/${rule.id}` === id)?.recommended).toBe(true);
    expect(Object.keys(strict.rules ?? {}).length).toBeGreaterThanOrEqual(recommendedIds.length);
  });

  for (const [version, Engine] of [['v10', ESLint], ['v9', ESLint9]] as const) {
    it(`is accepted as flat config by ESLint ${version}`, async () => {
      const eslint = new Engine({ cwd: shop.dir, overrideConfigFile: true, overrideConfig: plugin.configs.recommended as never });
      const config = await eslint.calculateConfigForFile(schemaFile);
      expect(config.rules['drizzle-migrations/no-drop-table']).toEqual([1]);
      const [result] = await eslint.lintText(schemaText, { filePath: schemaFile });
      expect(result.messages).toEqual([]);
    });
  }
});

describe('linting through the real ESLint', () => {
  for (const eslint of ['v10', 'v9'] as const) {
    it(`reports a finding of a core rule at its span (ESLint ${eslint})`, async () => {
      const withoutOrders = schemaText.replace(/export const orders = pgTable\([\s\S]*?\n\);\n/, '');
      expect(withoutOrders).not.toBe(schemaText);
      const messages = await lintSchema({ file: schemaFile, code: withoutOrders, rules: ['no-drop-table'], eslint });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ ruleId: 'drizzle-migrations/no-drop-table', severity: 2, line: 1 });
      expect(messages[0].message).toMatch(/`orders`/);
    });
  }

  it('offers suggestions as fixes within the file', async () => {
    const code = schemaText.replace(
      "(t) => [uniqueIndex('users_nickname_key_idx')",
      "(t) => [index('users_age_idx').on(t.age), uniqueIndex('users_nickname_key_idx')",
    );
    const messages = await lintSchema({ file: schemaFile, code, rules: ['require-concurrent-index'], settings: { migrationsRunOutsideTransaction: true } });
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(code.split('\n')[message.line - 1]).toContain("index('users_age_idx')");
    const [suggestion] = message.suggestions ?? [];
    expect(suggestion?.desc).toMatch(/concurrently/);
    const fixed = code.slice(0, suggestion!.fix.range[0]) + suggestion!.fix.text + code.slice(suggestion!.fix.range[1]);
    expect(fixed).toContain("index('users_age_idx').on(t.age).concurrently()");
  });

  it('is silent on files that are not drizzle schema files, and on code blocks without a real file', async () => {
    expect(await lintSchema({ file: join(shop.dir, 'util.ts'), code: 'export const x: number = 1;\n' })).toEqual([]);
    expect(await lintSchema({ file: join(shop.dir, 'queries.ts'), code: "import { eq } from 'drizzle-orm';\nexport { eq };\n" })).toEqual([]);
  });

  it('is silent for a project without migrations (empty fixture)', async () => {
    const file = join(fixtureProjects, 'empty/schema.ts');
    expect(await lintSchema({ file, code: readFileSync(file, 'utf8') })).toEqual([]);
    expect(await lintSchema({ file, code: readFileSync(file, 'utf8'), eslint: 'v9' })).toEqual([]);
  });

  it('reads settings.config relative to the ESLint cwd (drizzle 1.0 RC baseline)', async () => {
    const withoutOrders = schemaText.replace(/export const orders = pgTable\([\s\S]*?\n\);\n/, '');
    const messages = await lintSchema({ file: 'schema.ts', cwd: shop.dir, code: withoutOrders, rules: ['no-drop-table'], settings: { config: 'drizzle-rc.config.ts' } });
    expect(messages.map((message) => message.ruleId)).toEqual(['drizzle-migrations/no-drop-table']);
  });
});

describe('one SourceCode linted again', () => {
  it('is judged again under another file name: the per-file analyses are not reused', () => {
    const withoutOrders = schemaText.replace(/export const orders = pgTable\([\s\S]*?\n\);\n/, '');
    const linter = new Linter({ cwd: shop.dir });
    const config: Linter.Config[] = [...(plugin.configs.recommended as Linter.Config[])];
    const first = linter.verify(withoutOrders, config, schemaFile);
    expect(first.map((message) => message.ruleId)).toEqual(['drizzle-migrations/no-drop-table']);
    const sourceCode = linter.getSourceCode()!;
    expect(linter.verify(sourceCode, config, join(shop.dir, 'copy-of-schema.ts'))).toEqual([]);
    expect(linter.verify(sourceCode, config, schemaFile).map((message) => message.ruleId)).toEqual(['drizzle-migrations/no-drop-table']);
  });
});

describe('files no rule can report on', () => {
  // The split project's 1.0 config names the barrel (`export * from …`, no drizzle-orm mention) as its schema.
  const split = copyFixture('split', 'eslint-quiet-files');
  afterAll(() => split.cleanup());

  it('still lints a configured barrel without a drizzle-orm mention, and nothing else', async () => {
    const schemaDir = join(split.dir, 'src/db/schema');
    const barrel = join(schemaDir, 'index.ts');
    const unrelated = join(split.dir, 'src/util.ts');
    writeFileSync(unrelated, 'export const answer = 42;\n');
    // The comments table leaves the schema: its drop is reported on the schema's first file, the barrel.
    writeFileSync(barrel, readFileSync(barrel, 'utf8').replace("export * from './comments';\n", ''));
    expect(readFileSync(barrel, 'utf8')).not.toMatch(/drizzle-orm/);
    const eslint = new ESLint({
      cwd: split.dir,
      overrideConfigFile: true,
      overrideConfig: [...(plugin.configs.recommended as never[]), { settings: { 'drizzle-migrations': { config: 'drizzle-rc.config.ts' } } }],
    });
    const results = await eslint.lintFiles([barrel, unrelated]);
    const byFile = Object.fromEntries(results.map((result) => [result.filePath, result.messages.map((message) => message.ruleId)]));
    expect(byFile[barrel]).toEqual(['drizzle-migrations/no-drop-table']);
    expect(byFile[unrelated]).toEqual([]);
  });
});
