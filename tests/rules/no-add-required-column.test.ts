import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-add-required-column.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const users = (...extra: ReturnType<typeof column>[]) => table('users', [column('id', 'serial'), ...extra]);

describe('no-add-required-column (models)', () => {
  it('reports a new NOT NULL column without a database default', () => {
    const code = column('code', 'text', { notNull: true });
    const [finding] = runRule(rule, baseline([users()]), model([users(code)]));
    expect(finding.span).toEqual(code.source!.modifiers.notNull);
    expect(finding.message).toContain('`code`');
    expect(finding.message).toContain(LOCK_FACTS['add-column-not-null-no-default'].failsWhen!);
    expect(finding.sql).toBe('ALTER TABLE "users" ADD COLUMN "code" text NOT NULL;');
  });

  it('explains that $defaultFn is not a database default', () => {
    const code = column('code', 'text', { notNull: true });
    code.source!.modifiers.$defaultFn = { file: code.source!.property.file, start: 1, end: 2 };
    expect(runRule(rule, baseline([users()]), model([users(code)]))[0].message).toContain('`$defaultFn` runs in the app');
  });

  it('is silent for defaults, nullable, serial, identity, generated columns, new tables and unknown defaults', () => {
    const silent = [
      column('code', 'text', { notNull: true, default: "'x'" }),
      column('code', 'text'),
      column('code', 'serial', { notNull: true }),
      column('code', 'integer', { notNull: true, identity: 'always' }),
      column('code', 'text', { notNull: true, generated: 'lower(name)' }),
      column('code', 'text', { notNull: true, unknown: { default: 'helper call' } }),
    ];
    for (const c of silent) expect(runRule(rule, baseline([users()]), model([users(c)]))).toEqual([]);
    expect(runRule(rule, baseline([]), model([users(column('code', 'text', { notNull: true }))]))).toEqual([]);
  });
});

describe.each(KITS)('no-add-required-column through ESLint on the shop fixture (kit %s)', (kit) => {
  it('add users.code text NOT NULL: reported on .notNull(); $defaultFn is called out', async () => {
    const code = insertAfter(shopSchema(), "age: integer('age'),", "\n    code: text('code').$defaultFn(() => 'x').notNull(),");
    const [message, ...rest] = await findingsOf('no-add-required-column', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, '.notNull()', code.indexOf('code:')));
    expect(message.message).toContain('`$defaultFn` runs in the app');
  });

  it('add it with a constant default, or as serial: silent', async () => {
    expect(await findingsOf('no-add-required-column', insertAfter(shopSchema(), "age: integer('age'),", "\n    code: text('code').default('x').notNull(),"), { kit })).toEqual([]);
    expect(await findingsOf('no-add-required-column', insertAfter(shopSchema(), "age: integer('age'),", "\n    seq: serial('seq'),"), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"users\" ADD COLUMN \"code\" text NOT NULL;", "ADD COLUMN \"code\" text NOT NULL"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-add-required-column');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TABLE \"users\" ADD COLUMN \"code\" text DEFAULT 'x' NOT NULL;"], ["ALTER TABLE \"users\" ADD COLUMN \"code\" text;"], ["CREATE TABLE \"t\" (\"a\" int);\nALTER TABLE \"t\" ADD COLUMN \"b\" int NOT NULL;"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
