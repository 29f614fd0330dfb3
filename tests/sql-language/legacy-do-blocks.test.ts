import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/eslint/index.js';
import { NAMESPACE } from '../../src/eslint/configs.js';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/legacy-do-blocks');

/** Every migration of one out folder, linted with `configs.strict` through the ESLint Node API. */
async function lintOut(cwd: string, config: string, out: string): Promise<Record<string, Linter.LintMessage[]>> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.strict, { settings: { [NAMESPACE]: { config } } }] });
  const results = await eslint.lintFiles([`${out}/*.sql`]);
  return Object.fromEntries(results.map((result) => [result.filePath.slice(result.filePath.lastIndexOf('/') + 1), result.messages]));
}

const lineOf = (text: string, line: number) => text.split('\n')[line - 1];

describe('migrations drizzle-kit 0.29 wrapped in DO blocks, through ESLint', () => {
  it('report what the same history written plainly by drizzle-kit 0.31 reports, on the wrapped statements', async () => {
    const legacy = await lintOut(PROJECT, 'drizzle-029.config.ts', 'drizzle-029');
    const plain = await lintOut(PROJECT, 'drizzle.config.ts', 'drizzle');
    const view = (messages: Linter.LintMessage[]) => messages.map((m) => [m.ruleId, m.message]);
    expect(Object.keys(legacy)).toEqual(Object.keys(plain));
    for (const file of Object.keys(plain)) expect(view(legacy[file]), file).toEqual(view(plain[file]));

    // The keys on existing tables are what the wrapper hid: a validating key, and one between `text` and `integer`.
    expect(legacy['0001_v02.sql'].map((m) => m.ruleId)).toContain(`${NAMESPACE}/require-not-valid-constraint`);
    expect(legacy['0002_v03.sql'].map((m) => m.ruleId)).toContain(`${NAMESPACE}/no-foreign-key-type-mismatch`);
    for (const [file, messages] of Object.entries(legacy)) {
      const text = readFileSync(join(PROJECT, 'drizzle-029', file), 'utf8');
      for (const message of messages.filter((m) => /foreign-key|not-valid/.test(m.ruleId ?? ''))) {
        expect(lineOf(text, message.line), `${file}:${message.line}`).toMatch(/^ ALTER TABLE "\w+" ADD CONSTRAINT "\w+_fk" FOREIGN KEY/);
      }
    }
  });

  it('a disable comment inside the block silences the statement under it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'legacy-do-blocks-'));
    cpSync(PROJECT, cwd, { recursive: true });
    const file = join(cwd, 'drizzle-029/0002_v03.sql');
    const rule = `${NAMESPACE}/no-foreign-key-type-mismatch`;
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('DO $$ BEGIN\n', () => `DO $$ BEGIN\n -- eslint-disable-next-line ${rule} -- kept for the test\n`));
    const before = (await lintOut(PROJECT, 'drizzle-029.config.ts', 'drizzle-029'))['0002_v03.sql'];
    const after = (await lintOut(cwd, 'drizzle-029.config.ts', 'drizzle-029'))['0002_v03.sql'];
    expect(before.map((m) => m.ruleId)).toContain(rule);
    expect(after.map((m) => m.ruleId)).toEqual(before.map((m) => m.ruleId).filter((id) => id !== rule));
  });
});
