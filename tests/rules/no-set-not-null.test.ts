import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-set-not-null.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

describe('no-set-not-null (models)', () => {
  it('reports .notNull() added to a nullable column on the modifier', () => {
    const nickname = column('nickname', 'text', { notNull: true });
    const [finding] = runRule(rule, baseline([table('users', [column('nickname')])]), model([table('users', [nickname])]));
    expect(finding.span).toEqual(nickname.source!.modifiers.notNull);
    expect(finding.message).toContain('`users.nickname`');
    expect(finding.message).toContain(`\`${LOCK_FACTS['set-not-null'].lock}\``);
    expect(finding.help).toContain('CHECK ("nickname" IS NOT NULL) NOT VALID');
    expect(finding.help).toContain('VALIDATE CONSTRAINT');
    expect(finding.help).toContain(LOCK_FACTS['validate-constraint'].lock);
    expect(finding.sql).toBe('ALTER TABLE "users" ALTER COLUMN "nickname" SET NOT NULL;');
  });

  it('is silent for dropping NOT NULL, new tables, unknown nullability and unchanged columns', () => {
    const nn = column('nickname', 'text', { notNull: true });
    expect(runRule(rule, baseline([table('users', [nn])]), model([table('users', [column('nickname')])]))).toEqual([]);
    expect(runRule(rule, baseline([]), model([table('users', [nn])]))).toEqual([]);
    expect(runRule(rule, baseline([table('users', [column('nickname')])]), model([table('users', [column('nickname', 'text', { notNull: true, unknown: { notNull: 'spread' } })])]))).toEqual([]);
    expect(runRule(rule, baseline([table('users', [nn])]), model([table('users', [column('nickname', 'text', { notNull: true })])]))).toEqual([]);
  });
});

describe.each(KITS)('no-set-not-null through ESLint on the shop fixture (kit %s)', (kit) => {
  it('add .notNull() to users.nickname: reported on the modifier', async () => {
    const code = replaceOnce(shopSchema(), "nickname: text('nickname')", "nickname: text('nickname').notNull()");
    const [message, ...rest] = await findingsOf('no-set-not-null', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, '.notNull()', code.indexOf('nickname:')));
    expect(message.message).toContain('`users.nickname`');
    expect(message.message).toContain(LOCK_FACTS['set-not-null'].lock);
  });

  it('drop .notNull() from orgs.name and leave the rest: silent', async () => {
    expect(await findingsOf('no-set-not-null', shopSchema(), { kit })).toEqual([]);
    expect(await findingsOf('no-set-not-null', replaceOnce(shopSchema(), "name: text('name').notNull(),\n  ...timestamps", "name: text('name'),\n  ...timestamps"), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"users\" ALTER COLUMN \"nickname\" SET NOT NULL;", "ALTER COLUMN \"nickname\" SET NOT NULL"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-set-not-null');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TABLE \"users\" ALTER COLUMN \"nickname\" DROP NOT NULL;"], ["CREATE TABLE \"t\" (\"a\" int);\nALTER TABLE \"t\" ALTER COLUMN \"a\" SET NOT NULL;"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
