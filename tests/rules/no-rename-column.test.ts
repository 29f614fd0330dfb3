import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-rename-column.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { FILE, baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

describe('no-rename-column (models)', () => {
  it('reports a drop + add pair once, as a possible rename, with both outcomes in the SQL', () => {
    const full = column('full_name');
    const findings = runRule(rule, baseline([table('users', [column('id', 'serial'), column('name')])]), model([table('users', [column('id', 'serial'), full])]));
    expect(findings).toHaveLength(1);
    expect(findings[0].span).toEqual(full.source!.property);
    expect(findings[0].message).toContain('created or renamed');
    expect(findings[0].message).toContain(`\`${LOCK_FACTS['rename-column'].lock}\``);
    expect(findings[0].help).toMatch(/1\. Add `full_name` beside `name`.*5\. Remove `name` from the schema/);
    expect(findings[0].sql).toContain('ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";');
    expect(findings[0].sql).toContain('ALTER TABLE "users" DROP COLUMN "name";');
  });

  it('offers to keep the old column beside the new one (expand step)', () => {
    const text = "export const users = pgTable('users', {\n  name: varchar('full_name', { length: 80 }).notNull().unique(),\n});\n";
    const start = text.indexOf('name:');
    const builderStart = text.indexOf('varchar');
    const builderEnd = text.indexOf('.notNull');
    const full = column('full_name', 'varchar(80)', { notNull: true });
    full.source = {
      key: 'name',
      property: { file: FILE, start, end: text.indexOf(',\n}') },
      builder: { file: FILE, start: builderStart, end: builderEnd },
      modifiers: { notNull: { file: FILE, start: builderEnd + 1, end: builderEnd + 10 }, unique: { file: FILE, start: builderEnd + 11, end: builderEnd + 19 } },
    };
    const [finding] = runRule(rule, baseline([table('users', [column('name', 'varchar(80)', { notNull: true })])]), model([table('users', [full])]), { sourceText: () => text });
    expect(finding.message).toContain('Renaming column `name` of `users` to `full_name`');
    const [suggestion] = finding.suggestions!;
    expect(suggestion.title).toBe('Keep `name` and add `full_name` beside it');
    const edit = suggestion.edits[0];
    const fixed = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    expect(fixed).toContain("  nameOld: varchar('name', { length: 80 }).notNull(),\n  name: varchar('full_name'");
  });

  it('is silent when only the TS key changes, or when the table is partial', () => {
    const renamedKey = column('name');
    renamedKey.source!.key = 'displayName';
    expect(runRule(rule, baseline([table('users', [column('name')])]), model([table('users', [renamedKey])]))).toEqual([]);
    expect(runRule(rule, baseline([table('users', [column('name')])]), model([table('users', [column('full_name')], { partial: true })]))).toEqual([]);
  });
});

describe.each(KITS)('no-rename-column through ESLint on the shop fixture (kit %s)', (kit) => {
  it("rename users.nickname to display_name: one finding, whose suggestion keeps the old column", async () => {
    const code = replaceOnce(shopSchema(), "nickname: text('nickname')", "nickname: text('display_name')");
    const [message, ...rest] = await findingsOf('no-rename-column', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, "nickname: text('display_name')"));
    expect(message.message).toContain('Renaming column `nickname` of `users` to `display_name`');
    const expanded = applySuggestion(code, message);
    expect(expanded).toContain("nicknameOld: text('nickname'),\n    nickname: text('display_name')");
    expect(await findingsOf('no-rename-column', expanded, { kit })).toEqual([]);
  });

  it('rename only the TS key: silent', async () => {
    expect(await findingsOf('no-rename-column', replaceOnce(shopSchema(), "nickname: text('nickname')", "displayName: text('nickname')").replace('t.nickname', 't.displayName').replace('t.nickname', 't.displayName'), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\";", "ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\""]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-rename-column');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["CREATE TABLE \"t\" (\"a\" int);\nALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"b\";"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
