import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-add-unique-constraint.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import type { UniqueConstraintModel } from '../../src/core/schema-model.js';
import { FILE, baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const users = (extra: ReturnType<typeof column>[] = [], unique?: UniqueConstraintModel) => {
  const t = table('users', [column('id', 'serial'), column('nickname'), ...extra]);
  if (unique) t.uniqueConstraints.set(unique.name, unique);
  return t;
};
const uq = (columns: string[]): UniqueConstraintModel => ({ name: `users_${columns.join('_')}_unique`, columns, nullsNotDistinct: false, source: { span: { file: FILE, start: 5, end: 15 } } });

describe('no-add-unique-constraint (models)', () => {
  it('reports a unique constraint added on existing columns', () => {
    const [finding] = runRule(rule, baseline([users()]), model([users([], uq(['nickname']))]));
    expect(finding.span).toEqual({ file: FILE, start: 5, end: 15 });
    expect(finding.message).toContain('`users_nickname_unique`');
    expect(finding.message).toContain(LOCK_FACTS['add-unique-constraint'].failsWhen!);
    expect(finding.help).toContain('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "users_nickname_unique" ON "users" ("nickname");');
    expect(finding.help).toContain('UNIQUE USING INDEX');
    expect(finding.sql).toBe('ALTER TABLE "users" ADD CONSTRAINT "users_nickname_unique" UNIQUE("nickname");');
  });

  it('reports a named unique constraint whose columns change as re-created (drizzle-kit drops and re-adds it)', () => {
    const named = (columns: string[]): UniqueConstraintModel => ({ ...uq(columns), name: 'users_handle_key' });
    const before = baseline([users([column('email')], named(['nickname']))]);
    const [finding] = runRule(rule, before, model([users([column('email')], named(['nickname', 'email']))]));
    expect(finding.message).toMatch(/^Re-creating unique constraint `users_handle_key` with other columns makes drizzle-kit drop it and add it back on/);
    expect(finding.sql).toBe('ALTER TABLE "users" DROP CONSTRAINT "users_handle_key";\nALTER TABLE "users" ADD CONSTRAINT "users_handle_key" UNIQUE("nickname","email");');
  });

  it('reports a unique on a column added to an existing table: the index still reads every row, but cannot meet a duplicate', () => {
    const [finding] = runRule(rule, baseline([users()]), model([users([column('code')], uq(['code']))]));
    expect(finding.message).toContain('(the new column `code` included, since the index holds every existing row)');
    expect(finding.message).not.toContain('It fails if');
    expect(finding.help).toMatch(/^First add `code` without the unique constraint, generate that migration and deploy it\. Then build the index first/);
    const [withDefault] = runRule(rule, baseline([users()]), model([users([column('code', 'text', { default: "'x'" })], uq(['code']))]));
    expect(withDefault.message).toContain('It fails if two rows hold the same value');
  });

  it('is silent for a unique on a new NOT NULL column without a default (no-add-required-column), on a new table and for an existing unique', () => {
    expect(runRule(rule, baseline([users()]), model([users([column('code', 'text', { notNull: true })], uq(['code']))]))).toEqual([]);
    expect(runRule(rule, baseline([]), model([users([], uq(['nickname']))]))).toEqual([]);
    expect(runRule(rule, baseline([users([], uq(['nickname']))]), model([users([], uq(['nickname']))]))).toEqual([]);
  });
});

describe.each(KITS)('no-add-unique-constraint through ESLint on the shop fixture (kit %s)', (kit) => {
  it('add .unique() to users.nickname: reported', async () => {
    const code = replaceOnce(shopSchema(), "nickname: text('nickname')", "nickname: text('nickname').unique()");
    const [message, ...rest] = await findingsOf('no-add-unique-constraint', code, { kit });
    expect(rest).toEqual([]);
    expect(message.line).toBe(positionOf(code, 'nickname: text').line);
    expect(message.message).toContain(kit === '0.x' ? '`users_nickname_unique`' : '`users_nickname_key`');
  });

  it('add a new column with .unique(): reported, with the column added first', async () => {
    const code = insertAfter(shopSchema(), "age: integer('age'),", "\n    handle: text('handle').unique(),");
    const [message, ...rest] = await findingsOf('no-add-unique-constraint', code, { kit });
    expect(rest).toEqual([]);
    expect(message.line).toBe(positionOf(code, "handle: text('handle')").line);
    expect(message.message).toContain('the new column `handle` included');
  });

  it('add a new NOT NULL column without a default with .unique(): left to no-add-required-column', async () => {
    const code = insertAfter(shopSchema(), "age: integer('age'),", "\n    handle: text('handle').notNull().unique(),");
    expect(await findingsOf('no-add-unique-constraint', code, { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it('reports a unique on a nullable column the same migration adds, with the column added first', () => {
    const [finding, ...rest] = checkSql('ALTER TABLE "users" ADD COLUMN "code" text;\nALTER TABLE "users" ADD CONSTRAINT "users_code_unique" UNIQUE("code");');
    expect(rest).toEqual([]);
    expect(finding.at).toBe('ADD CONSTRAINT "users_code_unique" UNIQUE("code")');
    expect(finding.help).toMatch(/^First add `code` without the unique constraint/);
    expect(finding.message).not.toContain('It fails if');
    const [withDefault] = checkSql('ALTER TABLE "users" ADD COLUMN "code" text DEFAULT \'x\';\nALTER TABLE "users" ADD CONSTRAINT "users_code_unique" UNIQUE("code");');
    expect(withDefault.message).toContain('It fails if two rows hold the same value');
  });

  it.each([["ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_unique\" UNIQUE(\"email\");", "ADD CONSTRAINT \"users_email_unique\" UNIQUE(\"email\")"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-add-unique-constraint');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_unique\" UNIQUE USING INDEX \"users_email_unique\";"], ["ALTER TABLE \"users\" ADD COLUMN \"code\" text NOT NULL;\nALTER TABLE \"users\" ADD CONSTRAINT \"users_code_unique\" UNIQUE(\"code\");"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
