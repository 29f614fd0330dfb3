import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import plugin from '../../src/eslint/index.js';
import { clearAllCaches } from '../../src/core/cache.js';
import { lintSchema } from '../support/lint.js';
import { copyFixture, writeAndTouch } from '../core/temp-project.js';

const shop = copyFixture('shop', 'valid-project');
const schemaFile = join(shop.dir, 'schema.ts');
const schemaText = readFileSync(schemaFile, 'utf8');
const latestSnapshot = join(shop.dir, 'drizzle/meta/0002_snapshot.json');
writeFileSync(latestSnapshot, '{ "version": "7", "dialect": "postgresql", "tables": {');
afterAll(() => shop.cleanup());

describe('require-valid-drizzle-project', () => {
  for (const [version, Engine] of [['v10', ESLint], ['v9', ESLint9]] as const) {
    it(`reports a malformed snapshot as exactly one warning on line 1, and the lint goes on (ESLint ${version})`, async () => {
      const eslint = new Engine({
        cwd: shop.dir,
        overrideConfigFile: true,
        overrideConfig: [...(plugin.configs.recommended as never[]), { rules: { 'no-debugger': 'error' } }],
      });
      const [result] = await eslint.lintText(`${schemaText}\nfunction f() {\n  debugger;\n}\n`, { filePath: schemaFile });
      const problems = result.messages.filter((message) => message.ruleId === 'drizzle-migrations/require-valid-drizzle-project');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ severity: 1, line: 1, column: 1 });
      expect(problems[0].message).toContain('drizzle/meta/0002_snapshot.json');
      expect(problems[0].message).toMatch(/not checked/);
      expect(result.messages.map((message) => message.ruleId)).toContain('no-debugger');
      expect(result.messages.filter((message) => message.fatal)).toEqual([]);
    });
  }

  it('reports once even when every rule is on (strict)', async () => {
    const messages = await lintSchema({ file: schemaFile, cwd: shop.dir, code: schemaText.replace(/export const orders[\s\S]*?\n\);\n/, '') });
    expect(messages.map((message) => message.ruleId)).toEqual(['drizzle-migrations/require-valid-drizzle-project']);
  });

  it('reports a config whose schema cannot be read statically, naming the config', async () => {
    const dir = join(shop.dir, 'computed');
    writeAndTouch(join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: process.env.SCHEMA! });\n`);
    const code = `import { pgTable, serial } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { id: serial() });\n`;
    const messages = await lintSchema({ file: join(dir, 'schema.ts'), cwd: shop.dir, code, rules: ['require-valid-drizzle-project'] });
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toContain('computed/drizzle.config.ts');
    expect(messages[0].message).toMatch(/`schema`/);
  });

  it('is silent when the project is readable, and when the rule is off', async () => {
    expect(await lintSchema({ file: schemaFile, cwd: shop.dir, code: schemaText, rules: ['no-drop-table'] })).toEqual([]);
    writeAndTouch(latestSnapshot, readFileSync(join(shop.dir, 'drizzle/meta/0001_snapshot.json'), 'utf8'));
    clearAllCaches();
    const messages = await lintSchema({ file: schemaFile, cwd: shop.dir, code: schemaText, rules: ['require-valid-drizzle-project'] });
    expect(messages).toEqual([]);
  });
});
