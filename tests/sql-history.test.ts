/**
 * Migration SQL through the real ESLint and the plugin's own `configs.recommended`: only the migrations
 * of discovered drizzle projects are linted, `since` skips applied history, and type changes are judged
 * against the snapshot before each migration (real drizzle-kit output).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/eslint/index.js';
import { NAMESPACE } from '../src/eslint/configs.js';
import type { DrizzleMigrationsSettings } from '../src/core/settings.js';
import { isAppliedHistory } from '../src/migration/migration-context.js';

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, 'tests/.tmp');


async function lint(cwd: string, patterns: string[], settings: DrizzleMigrationsSettings = {}) {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended, { settings: { [NAMESPACE]: settings } }] as never });
  const results = await eslint.lintFiles(patterns);
  return results.flatMap((result) => {
    const lines = readFileSync(result.filePath, 'utf8').split('\n');
    return result.messages.map((m) => ({
      file: relative(cwd, result.filePath),
      ruleId: m.ruleId,
      fatal: m.fatal ?? false,
      text: m.endLine === m.line ? lines[m.line - 1].slice(m.column - 1, m.endColumn! - 1) : `${lines[m.line - 1].slice(m.column - 1)}…`,
    }));
  });
}

function copyShop(): string {
  mkdirSync(TMP, { recursive: true });
  const cwd = mkdtempSync(join(TMP, 'history-'));
  cpSync(join(REPO, 'tests/fixtures/projects/shop'), cwd, { recursive: true });
  writeFileSync(join(cwd, 'package.json'), '{}');
  // A .sql file that is not a drizzle migration: never linted by the SQL rules.
  mkdirSync(join(cwd, 'scripts'));
  writeFileSync(join(cwd, 'scripts/cleanup.sql'), 'DROP TABLE "users";\nALTER TABLE "orders" DROP COLUMN "total";\n');
  return cwd;
}

describe('migration history', () => {
  it('lints the migrations of the discovered project (drizzle-kit 0.31), at the clause at fault, and nothing else', async () => {
    const cwd = copyShop();
    const messages = await lint(cwd, ['**/*.sql']);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.every((m) => m.file.startsWith('drizzle/'))).toBe(true);
    expect(messages.map((m) => [m.file, m.ruleId?.replace(`${NAMESPACE}/`, ''), m.text])).toEqual([
      ['drizzle/0001_v02.sql', 'require-concurrent-index', 'CREATE INDEX "orders_user_id_idx" ON "orders" USING btree ("user_id");'.slice(0, -1)],
      ['drizzle/0001_v02.sql', 'require-not-valid-constraint', expect.stringMatching(/^ADD CONSTRAINT "orders_total_positive" CHECK/)],
      ['drizzle/0002_v03.sql', 'require-not-valid-constraint', expect.stringMatching(/^ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY/)],
      ['drizzle/0002_v03.sql', 'require-concurrent-index', expect.stringMatching(/^CREATE INDEX "orders_metadata_idx"/)],
      ['drizzle/0002_v03.sql', 'require-concurrent-index', expect.stringMatching(/^CREATE UNIQUE INDEX "users_nickname_key_idx"/)],
      ['drizzle/0002_v03.sql', 'no-add-unique-constraint', 'ADD CONSTRAINT "products_sku_unique" UNIQUE("sku")'],
    ]);
  });

  it('skips `since` and every older migration, and always lints the newer ones', async () => {
    const cwd = copyShop();
    const afterV02 = await lint(cwd, ['**/*.sql'], { since: '0001_v02' });
    expect(new Set(afterV02.map((m) => m.file))).toEqual(new Set(['drizzle/0002_v03.sql']));
    expect(await lint(cwd, ['**/*.sql'], { since: '0002_v03' })).toEqual([]);
    expect(await lint(cwd, ['**/*.sql'], { since: '0002' })).toEqual([]);
  });

  it('orders 0.31 indexes and 1.0 timestamps by their leading number', () => {
    expect(isAppliedHistory('0009_a', '0010_b')).toBe(true);
    expect(isAppliedHistory('0010_b', '0010_b')).toBe(true);
    expect(isAppliedHistory('0011_c', '0010_b')).toBe(false);
    expect(isAppliedHistory('10000_x', '9999_y')).toBe(false);
    expect(isAppliedHistory('20250102000000_new', '20250101000000_old')).toBe(false);
    expect(isAppliedHistory('20250101000000_old', 'drizzle/20250101000000_old/migration.sql')).toBe(true);
    expect(isAppliedHistory('0001_a', undefined)).toBe(false);
  });

  it('lints drizzle-kit 1.0 RC folders when their config is named in settings', async () => {
    const cwd = copyShop();
    const messages = await lint(cwd, ['**/*.sql'], { config: 'drizzle-rc.config.ts' });
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.file.startsWith('drizzle-rc/') && m.file.endsWith('/migration.sql'))).toBe(true);
    const folders = [...new Set(messages.map((m) => m.file.split('/')[1]))].sort();
    expect(await lint(cwd, ['**/*.sql'], { config: 'drizzle-rc.config.ts', since: folders[folders.length - 1] })).toEqual([]);
  });
});

describe('type changes judged against the snapshot before the migration (real drizzle-kit 0.31)', () => {
  it('reports int → text and the enum re-creation, not varchar(20) → varchar(50)', async () => {
    mkdirSync(TMP, { recursive: true });
    const cwd = mkdtempSync(join(TMP, 'types-'));
    writeFileSync(join(cwd, 'package.json'), '{}');
    writeFileSync(join(cwd, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
    const schema = (values: string, length: number, n: string) =>
      `import { integer, pgEnum, pgTable, text, varchar } from 'drizzle-orm/pg-core';\n` +
      `export const status = pgEnum('status', [${values}]);\n` +
      `export const t = pgTable('t', { id: integer('id').primaryKey(), s: status('s'), name: varchar('name', { length: ${length} }), n: ${n}('n') });\n`;
    const generate = (name: string) => execFileSync(join(REPO, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', name], { cwd, stdio: 'pipe' });
    writeFileSync(join(cwd, 'schema.ts'), schema("'a', 'b', 'c'", 20, 'integer'));
    generate('one');
    writeFileSync(join(cwd, 'schema.ts'), schema("'a', 'c'", 50, 'text'));
    generate('two');
    const messages = await lint(cwd, ['drizzle/*.sql']);
    const own = messages.filter((m) => m.ruleId !== `${NAMESPACE}/require-lock-timeout`);
    expect(own.map((m) => [m.file, m.ruleId?.replace(`${NAMESPACE}/`, ''), m.text])).toEqual([
      ['drizzle/0001_two.sql', 'no-remove-enum-value', 'DROP TYPE "public"."status"'],
      ['drizzle/0001_two.sql', 'no-alter-column-type', 'ALTER COLUMN "n" SET DATA TYPE text'],
    ]);
  }, 60_000);
});
