import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/require-not-valid-constraint.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import type { TableModel } from '../../src/core/schema-model.js';
import { FILE, baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const orgs = () => table('orgs', [column('id', 'serial')]);
const users = (edit?: (t: TableModel) => void) => {
  const t = table('users', [column('id', 'serial'), column('org_id', 'integer')]);
  edit?.(t);
  return t;
};
const withFk = (t: TableModel) =>
  t.foreignKeys.set('users_org_id_orgs_id_fk', {
    name: 'users_org_id_orgs_id_fk', columns: ['org_id'], foreignSchema: 'public', foreignTable: 'orgs', foreignColumns: ['id'],
    onDelete: 'cascade', onUpdate: 'no action', source: { span: { file: FILE, start: 7, end: 17 } },
  });
const withCheck = (t: TableModel) => t.checkConstraints.set('users_id_check', { name: 'users_id_check', expression: '"users"."id" > 0', source: { span: { file: FILE, start: 3, end: 9 } } });

describe('require-not-valid-constraint (models)', () => {
  it('reports a foreign key added to an existing table, with both tables and the kit SQL', () => {
    const [finding] = runRule(rule, baseline([orgs(), users()]), model([orgs(), users(withFk)]));
    expect(finding.span).toEqual({ file: FILE, start: 7, end: 17 });
    expect(finding.message).toContain(`\`${LOCK_FACTS['add-foreign-key'].lock}\` lock on \`users\` and on \`orgs\``);
    expect(finding.sql).toBe('ALTER TABLE "users" ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;');
    expect(finding.help).toContain('NOT VALID;');
    expect(finding.help).toContain('VALIDATE CONSTRAINT "users_org_id_orgs_id_fk"');
    const [rc] = runRule(rule, baseline([orgs(), users()]), model([orgs(), users(withFk)]), { kit: '1.x' });
    expect(rc.sql).toBe('ALTER TABLE "users" ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE;');
  });

  it('reports a check constraint added to an existing table', () => {
    const [finding] = runRule(rule, baseline([users()]), model([users(withCheck)]));
    expect(finding.message).toContain('`users_id_check`');
    expect(finding.lock).toBe(LOCK_FACTS['add-check'].lock);
  });

  it('is silent for new tables and constraints that already exist', () => {
    expect(runRule(rule, baseline([orgs()]), model([orgs(), users(withFk)]))).toEqual([]);
    expect(runRule(rule, baseline([orgs(), users((t) => (withFk(t), withCheck(t)))]), model([orgs(), users((t) => (withFk(t), withCheck(t)))]))).toEqual([]);
  });
});

describe.each(KITS)('require-not-valid-constraint through ESLint on the shop fixture (kit %s)', (kit) => {
  it('change the onDelete of users.org_id and the expression of orders_total_positive: both reported as re-created', async () => {
    const code = replaceOnce(
      replaceOnce(shopSchema(), "org_id: integer('org_id').references(() => orgs.id, { onDelete: 'set null' })", "org_id: integer('org_id').references(() => orgs.id, { onDelete: 'cascade' })"),
      'sql`${t.total} >= 0`',
      'sql`${t.total} > 0`',
    );
    const messages = await findingsOf('require-not-valid-constraint', code, { kit });
    expect(messages.map((m) => m.line).sort()).toEqual([positionOf(code, "org_id: integer('org_id')").line, positionOf(code, "check('orders_total_positive'").line].sort());
    expect(messages.every((m) => m.message.startsWith('Re-creating '))).toBe(true);
    expect(messages.some((m) => m.message.includes('foreign key') && m.message.includes('`orgs`'))).toBe(true);
  });

  it('only renaming the TS key of a referencing column re-creates nothing', async () => {
    const code = replaceOnce(shopSchema(), "org_id: integer('org_id').references", "orgId: integer('org_id').references");
    expect(await findingsOf('require-not-valid-constraint', code, { kit })).toEqual([]);
  });

  it('add a foreign key on users.age and a check on users: both reported', async () => {
    const code = insertAfter(
      replaceOnce(shopSchema(), "age: integer('age')", "age: integer('age').references(() => orgs.id)"),
      ".where(sql`${t.nickname} is not null`)",
      ', check(\'users_age_check\', sql`${t.age} >= 0`)',
    );
    const messages = await findingsOf('require-not-valid-constraint', code, { kit });
    expect(messages).toHaveLength(2);
    expect(messages.map((m) => m.line).sort()).toEqual([positionOf(code, 'age: integer').line, positionOf(code, "check('users_age_check'").line].sort());
    expect(messages.some((m) => m.message.includes(`\`${LOCK_FACTS['add-foreign-key'].lock}\` lock on \`users\` and on \`orgs\``))).toBe(true);
  });

  it('keep existing constraints: silent', async () => {
    expect(await findingsOf('require-not-valid-constraint', shopSchema(), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_fk\" FOREIGN KEY (\"author_id\") REFERENCES \"public\".\"users\"(\"id\") ON DELETE no action ON UPDATE no action;", "ADD CONSTRAINT \"posts_author_fk\" FOREIGN KEY (\"author_id\") REFERENCES \"public\".\"users\"(\"id\") ON DELETE no action ON UPDATE no action"], ["ALTER TABLE \"posts\" ADD CONSTRAINT \"c\" CHECK (\"n\" > 0) NOT VALID;\nALTER TABLE \"posts\" VALIDATE CONSTRAINT \"c\";", "VALIDATE CONSTRAINT \"c\""]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('require-not-valid-constraint');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TABLE \"posts\" ADD CONSTRAINT \"c\" CHECK (\"n\" > 0) NOT VALID;"], ["ALTER TABLE \"posts\" VALIDATE CONSTRAINT \"c\";"], ["CREATE TABLE \"t\" (\"a\" int);\nALTER TABLE \"t\" ADD CONSTRAINT \"c\" CHECK (\"a\" > 0);"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });

  it('leaves `VALIDATE` in the `NOT VALID` file alone when migrations run outside one transaction', () => {
    const text = 'ALTER TABLE "posts" ADD CONSTRAINT "c" CHECK ("n" > 0) NOT VALID;\nALTER TABLE "posts" VALIDATE CONSTRAINT "c";';
    expect(checkMigrationSql(rule, text, { migrationsRunOutsideTransaction: true })).toEqual([]);
  });

  it('accepts `VALIDATE` after a `COMMIT` in the same file (the lock of the `ADD` is released); reports it in one `BEGIN` block or one query', () => {
    const add = 'ALTER TABLE "posts" ADD CONSTRAINT "c" CHECK ("n" > 0) NOT VALID;';
    const validate = 'ALTER TABLE "posts" VALIDATE CONSTRAINT "c";';
    const BP = '--> statement-breakpoint\n';
    expect(checkSql(`${add}${BP}COMMIT;${BP}${validate}${BP}BEGIN;`)).toEqual([]);
    const [block] = checkMigrationSql(rule, `BEGIN;${BP}${add}${BP}${validate}${BP}COMMIT;`, { migrationsRunOutsideTransaction: true });
    expect(block.message).toContain('runs in the same transaction that added it `NOT VALID`, the one the `BEGIN` on line 1 opens, so the `ACCESS EXCLUSIVE` lock');
    const [query] = checkSql(`COMMIT;${BP}${add}\n${validate}`);
    expect(query.message).toContain('runs in the same query that added it `NOT VALID`: no `--> statement-breakpoint` separates them');
  });
});
