import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-drop-table.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { FILE, baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, lintShop, shopSchema } from '../support/schema-edit.js';

const users = () => table('users', [column('id', 'serial'), column('name')]);
const logs = () => table('logs', [column('at', 'timestamp'), column('line')]);

describe('no-drop-table (models)', () => {
  it('reports a dropped table once, at the start of the primary file, in the kit line spelling', () => {
    const findings = runRule(rule, baseline([users(), logs()]), model([users()]));
    expect(findings).toHaveLength(1);
    expect(findings[0].span).toEqual({ file: FILE, start: 0, end: 0 });
    expect(findings[0].message).toContain('`logs`');
    expect(findings[0].message).toContain('CASCADE');
    expect(findings[0].sql).toBe('DROP TABLE "logs" CASCADE;');
    expect(findings[0].lock).toBe(LOCK_FACTS['drop-table'].lock);
    expect(runRule(rule, baseline([users(), logs()]), model([users()]), { kit: '1.x' })[0].sql).toBe('DROP TABLE "logs";');
  });

  it('is silent when the model is partial, the table was renamed, or nothing changed', () => {
    expect(runRule(rule, baseline([users(), logs()]), model([users()], [], true))).toEqual([]);
    expect(runRule(rule, baseline([users(), logs()]), model([users(), table('log_lines', [...logs().columns.values()])]))).toEqual([]);
    expect(runRule(rule, baseline([users()]), model([users()]))).toEqual([]);
  });
});

describe.each(KITS)('no-drop-table through ESLint on the shop fixture (kit %s)', (kit) => {
  it('un-export org_members: reported once at the start of schema.ts', async () => {
    const code = replaceOnce(shopSchema(), 'export const orgMembers', 'const orgMembers');
    const messages = await findingsOf('no-drop-table', code, { kit });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ line: 1, column: 1 });
    expect(messages[0].message).toContain('`org_members`');
  });

  it('is acknowledged the way its help says: eslint-disable-line at the end of the first line', async () => {
    const code = replaceOnce(shopSchema(), 'export const orgMembers', 'const orgMembers');
    const [finding] = await findingsOf('no-drop-table', code, { kit });
    const comment = finding.message.match(/`(\/\/ eslint-disable-line [^`]+)`/)?.[1];
    expect(comment).toBeDefined();
    const [first, ...rest] = code.split('\n');
    expect(await findingsOf('no-drop-table', [`${first} ${comment}`, ...rest].join('\n'), { kit })).toEqual([]);
  });

  it('the unchanged schema produces no finding from any rule', async () => {
    expect(await lintShop(shopSchema(), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["DROP TABLE \"sessions\" CASCADE;", "DROP TABLE \"sessions\" CASCADE"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-drop-table');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["CREATE TABLE \"tmp\" (\"id\" int);\nDROP TABLE \"tmp\";"], ["DROP INDEX \"x\";"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
