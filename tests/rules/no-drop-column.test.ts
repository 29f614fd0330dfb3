import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-drop-column.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const users = (...extra: ReturnType<typeof column>[]) => table('users', [column('id', 'serial'), column('name'), ...extra]);

describe('no-drop-column (models)', () => {
  it('reports a dropped column on the table declaration, with SQL and lock', () => {
    const after = users();
    const [finding, ...rest] = runRule(rule, baseline([users(column('legacy'))]), model([after]));
    expect(rest).toEqual([]);
    expect(finding.span.start).toBe(after.source!.declaration.start);
    expect(finding.message).toContain('`legacy`');
    expect(finding.message).toContain(`\`${LOCK_FACTS['drop-column'].lock}\``);
    expect(finding.help).toContain('eslint-disable-next-line drizzle-migrations/no-drop-column');
    expect(finding.sql).toBe('ALTER TABLE "users" DROP COLUMN "legacy";');
    expect(finding.lock).toBe(LOCK_FACTS['drop-column'].lock);
  });

  it('is silent for renames, partial tables, added columns and unchanged schemas', () => {
    expect(runRule(rule, baseline([users(column('legacy'))]), model([users(column('renamed'))]))).toEqual([]);
    expect(runRule(rule, baseline([users(column('legacy'))]), model([table('users', [column('id', 'serial')], { partial: true })]))).toEqual([]);
    expect(runRule(rule, baseline([users()]), model([users(column('extra'))]))).toEqual([]);
    expect(runRule(rule, baseline([users()]), model([users()]))).toEqual([]);
  });
});

describe.each(KITS)('no-drop-column through ESLint on the shop fixture (kit %s)', (kit) => {
  it('remove users.age: reported on the users declaration line, suppressible above it', async () => {
    const code = replaceOnce(shopSchema(), "    age: integer('age'),\n", '');
    const [message, ...rest] = await findingsOf('no-drop-column', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, 'export const users'));
    expect(message.message).toContain('`age`');
    const acknowledged = replaceOnce(code, 'export const users', '// eslint-disable-next-line drizzle-migrations/no-drop-column -- age unused since 2.3\nexport const users');
    expect(await findingsOf('no-drop-column', acknowledged, { kit })).toEqual([]);
  });

  it('add a nullable column to users: silent', async () => {
    expect(await findingsOf('no-drop-column', insertAfter(shopSchema(), "age: integer('age'),", "\n    bio: text('bio'),"), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"users\" DROP COLUMN \"nickname\";", "DROP COLUMN \"nickname\""]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-drop-column');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["CREATE TABLE \"t\" (\"id\" int, \"a\" int);\nALTER TABLE \"t\" DROP COLUMN \"a\";"], ["ALTER TABLE \"users\" ADD COLUMN \"a\" text;"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
