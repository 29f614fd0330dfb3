import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-rename-table.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const cols = () => [column('id', 'serial'), column('name'), column('email', 'varchar(255)')];

describe('no-rename-table (models)', () => {
  it('reports a table whose name changed but whose columns stayed, on the name argument', () => {
    const after = table('members', cols());
    const [finding] = runRule(rule, baseline([table('users', cols())]), model([after]));
    expect(finding.span).toEqual(after.source!.name);
    expect(finding.message).toContain('`users`');
    expect(finding.message).toContain('`members`');
    expect(finding.help).toContain("pgTable('users', …)");
    expect(finding.sql).toBe('ALTER TABLE "users" RENAME TO "members";');
    expect(finding.lock).toBe(LOCK_FACTS['rename-table'].lock);
  });

  it('is silent for a new table with different columns and for a partial model', () => {
    expect(runRule(rule, baseline([table('users', cols())]), model([table('users', cols()), table('audit', [column('x')])]))).toEqual([]);
    expect(runRule(rule, baseline([table('users', cols())]), model([table('members', cols())], [], true))).toEqual([]);
  });
});

describe.each(KITS)('no-rename-table through ESLint on the shop fixture (kit %s)', (kit) => {
  it("rename pgTable('orders') to 'purchases': reported on the name argument", async () => {
    const code = replaceOnce(shopSchema(), "'orders',", "'purchases',");
    const [message, ...rest] = await findingsOf('no-rename-table', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, "'purchases'"));
    expect(message.message).toContain('`orders`');
    expect(message.message).toContain('`purchases`');
  });

  it('rename only the export: silent', async () => {
    expect(await findingsOf('no-rename-table', replaceOnce(shopSchema(), 'export const orders =', 'export const purchases ='), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"orders\" RENAME TO \"purchases\";", "ALTER TABLE \"orders\" RENAME TO \"purchases\""]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-rename-table');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["CREATE TABLE \"t\" (\"a\" int);\nALTER TABLE \"t\" RENAME TO \"u\";"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
