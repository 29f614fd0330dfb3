import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import { describe, expect, it, vi } from 'vitest';
import plugin from '../../src/eslint/plugin.js';
import { rules } from '../../src/rules/index.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/sql');
// The rules speak only about migrations of a drizzle project: the files go to its `out` folder.
const DRIZZLE_CONFIG = `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`;


function lintFolder(files: string[], ESLintClass: typeof ESLint | typeof ESLint9 = ESLint, rules: Record<string, string> = { 'drizzle-migrations/no-backfill-in-migration': 'error' }) {
  const cwd = mkdtempSync(join(tmpdir(), 'sql-language-'));
  writeFileSync(join(cwd, 'drizzle.config.ts'), DRIZZLE_CONFIG);
  for (const file of files) cpSync(join(FIXTURES, file), join(cwd, 'drizzle', file));
  const eslint = new ESLintClass({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.sql'], plugins: { 'drizzle-migrations': plugin }, language: 'drizzle-migrations/sql', rules }],
  } as never);
  return eslint.lintFiles(['drizzle/**/*.sql']).then((results) =>
    Object.fromEntries(results.map((r) => [r.filePath.slice(cwd.length + 'drizzle/'.length + 1), r.messages.map((m) => ({ line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, fatal: m.fatal, ruleId: m.ruleId, message: m.message }))])),
  );
}

describe('the SQL language through the ESLint Node API', () => {
  it('reports findings at the statement and honours every disable comment style', async () => {
    const results = await lintFolder(['disable-comments.sql']);
    const messages = results['disable-comments.sql'];
    // Only the last statement is reported: line 9 is `UPDATE "orders" SET "total" = 0;`.
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn])).toEqual([['drizzle-migrations/no-backfill-in-migration', 9, 1, 9, 32]]);
    expect(messages[0].message).toMatch(/^`UPDATE` of existing rows of `orders`/);
  });

  it('turns a syntax error into one fatal message and still lints the other files', async () => {
    const results = await lintFolder(['syntax-error.sql', 'no-breakpoints.sql']);
    expect(results['syntax-error.sql']).toEqual([
      { line: 3, column: 49, endLine: undefined, endColumn: undefined, fatal: true, ruleId: null, message: 'Parsing error: syntax error at or near ";"' },
    ]);
    const text = readFileSync(join(FIXTURES, 'syntax-error.sql'), 'utf8');
    expect(text.split('\n')[2].slice(48)).toMatch(/^;--> statement-breakpoint/);
    expect(results['no-breakpoints.sql'].map((m) => [m.line, m.column])).toEqual([
      [4, 28],
      [5, 1],
    ]);
  });

  it('reports a sub-clause of a multi-command ALTER TABLE with non-ASCII text before it', async () => {
    const results = await lintFolder(['no-breakpoints.sql'], ESLint, { 'drizzle-migrations/require-lock-timeout': 'error' });
    const text = readFileSync(join(FIXTURES, 'no-breakpoints.sql'), 'utf8');
    const lines = text.split('\n');
    expect(results['no-breakpoints.sql'].map((m) => lines[m.line - 1].slice(m.column - 1, m.endColumn! - 1))).toEqual([
      'ADD COLUMN "straße" text',
      'ALTER COLUMN "straße" SET NOT NULL',
    ]);
  });

  it('shows a failing rule as one internal-error message under its own id, and the other rules still report', async () => {
    const failing = rules.find((rule) => rule.id === 'require-lock-timeout')!;
    const spy = vi.spyOn(failing, 'checkMigration').mockImplementation(() => {
      throw new Error('planted failure');
    });
    try {
      const results = await lintFolder(['no-breakpoints.sql', 'disable-comments.sql'], ESLint, {
        'drizzle-migrations/no-backfill-in-migration': 'error',
        'drizzle-migrations/require-lock-timeout': 'error',
      });
      for (const messages of Object.values(results)) {
        const failures = messages.filter((m) => m.ruleId === 'drizzle-migrations/require-lock-timeout');
        expect(failures).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^Internal error in rule `require-lock-timeout`: planted failure\. This is a bug/) })]);
      }
      expect(results['disable-comments.sql'].map((m) => m.ruleId)).toContain('drizzle-migrations/no-backfill-in-migration');
    } finally {
      spy.mockRestore();
    }
  });

  it('works with ESLint 9 too', async () => {
    const results = await lintFolder(['disable-comments.sql', 'syntax-error.sql'], ESLint9 as never);
    expect(results['disable-comments.sql'].map((m) => m.line)).toEqual([9]);
    expect(results['syntax-error.sql'][0]).toMatchObject({ fatal: true, line: 3, column: 49 });
  });

  it('reports unused disable directives and inline rule configuration', async () => {
    const update = 'UPDATE "users" SET "a" = 1;\n-- eslint-disable-next-line drizzle-migrations/require-lock-timeout\nSELECT 1;\n';
    const inlineOff = await lintSqlText(`/* eslint drizzle-migrations/no-backfill-in-migration: "off" */\n${update}`);
    expect(inlineOff.map((m) => [m.line, m.message])).toEqual([
      [3, "Unused eslint-disable directive (no problems were reported from 'drizzle-migrations/require-lock-timeout')."],
    ]);
    // Without the inline configuration the same file reports the backfill.
    expect((await lintSqlText(update)).map((m) => [m.line, m.ruleId])).toEqual([
      [1, 'drizzle-migrations/no-backfill-in-migration'],
      [2, null],
    ]);
  });

  it('ends lines at LF, CRLF and a lone CR, not at U+2028 inside a quoted name', async () => {
    const sql = (eol: string) => `-- eslint-disable-next-line drizzle-migrations/no-backfill-in-migration${eol}UPDATE "users" SET "a" = 1;${eol}UPDATE "users\u2028x" SET "b" = 2;${eol}`;
    for (const eol of ['\n', '\r\n', '\r']) {
      const messages = await lintSqlText(sql(eol), { reportUnused: false });
      // The directive covers line 2 only; line 3 is reported, its name's U+2028 does not start a line.
      expect(messages.map((m) => [m.line, m.column, m.endLine, m.endColumn])).toEqual([[3, 1, 3, 29]]);
    }
  });
});

/** Lints one migration of a drizzle project (`drizzle/0001_a.sql`) with two SQL rules on. */
async function lintSqlText(text: string, { reportUnused = true } = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'sql-language-'));
  writeFileSync(join(cwd, 'drizzle.config.ts'), DRIZZLE_CONFIG);
  mkdirSync(join(cwd, 'drizzle'));
  writeFileSync(join(cwd, 'drizzle', '0001_a.sql'), text);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.sql'],
        plugins: { 'drizzle-migrations': plugin },
        language: 'drizzle-migrations/sql',
        linterOptions: { reportUnusedDisableDirectives: reportUnused ? 'error' : 'off' },
        rules: { 'drizzle-migrations/no-backfill-in-migration': 'error', 'drizzle-migrations/require-lock-timeout': 'error' },
      },
    ],
  });
  const [result] = await eslint.lintFiles(['drizzle/0001_a.sql']);
  return result.messages;
}
