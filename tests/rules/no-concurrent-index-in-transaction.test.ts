import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-concurrent-index-in-transaction.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, index, model, runRule, table, withIndexes } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const users = () => table('users', [column('id', 'serial'), column('email', 'varchar(255)')]);

describe('no-concurrent-index-in-transaction (models)', () => {
  it('reports .concurrently() on a new index while the migrator uses one transaction', () => {
    const idx = index('users_email_idx', ['email'], { concurrently: true });
    const [finding] = runRule(rule, baseline([users()]), model([withIndexes(users(), idx)]));
    expect(finding.span).toEqual(idx.source!.modifiers.concurrently);
    expect(finding.message).toContain('#860');
    expect(finding.sql).toBe('CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" USING btree ("email");');
    expect(finding.lock).toBe(LOCK_FACTS['create-index-concurrently'].lock);
  });

  it('is silent when migrations run outside a transaction', () => {
    const idx = index('users_email_idx', ['email'], { concurrently: true });
    expect(runRule(rule, baseline([users()]), model([withIndexes(users(), idx)]), { settings: { migrationsRunOutsideTransaction: true } })).toEqual([]);
  });

  it('reports toggling .concurrently() on an existing index for drizzle-kit 0.x only', () => {
    const before = withIndexes(users(), index('users_email_idx', ['email']));
    const after = () => model([withIndexes(users(), index('users_email_idx', ['email'], { concurrently: true }))]);
    const settings = { migrationsRunOutsideTransaction: true };
    const [finding] = runRule(rule, baseline([before]), after(), { settings });
    expect(finding.message).toContain('drop and re-create');
    expect(finding.sql).toContain('DROP INDEX "users_email_idx";');
    expect(finding.lock).toBe(LOCK_FACTS['drop-index'].lock);
    expect(runRule(rule, baseline([before]), after(), { settings, kit: '1.x' })).toEqual([]);
  });

  it('is silent for plain indexes and unchanged concurrent ones', () => {
    expect(runRule(rule, baseline([users()]), model([withIndexes(users(), index('i', ['email']))]))).toEqual([]);
    const c = () => withIndexes(users(), index('i', ['email'], { concurrently: true }));
    expect(runRule(rule, baseline([c()]), model([c()]))).toEqual([]);
  });
});

describe.each(KITS)('no-concurrent-index-in-transaction through ESLint on the shop fixture (kit %s)', (kit) => {
  const code = insertAfter(shopSchema(), ".where(sql`${t.nickname} is not null`)", ", index('users_age_idx').on(t.age).concurrently()");

  it('add a .concurrently() index: reported; silent when migrations run outside a transaction', async () => {
    const [message, ...rest] = await findingsOf('no-concurrent-index-in-transaction', code, { kit });
    expect(rest).toEqual([]);
    expect(message.line).toBe(positionOf(code, "index('users_age_idx')").line);
    expect(message.message).toContain('#860');
    expect(await findingsOf('no-concurrent-index-in-transaction', code, { kit, settings: { migrationsRunOutsideTransaction: true } })).toEqual([]);
  });

  it('toggle .concurrently() on orders_user_id_idx: reported for 0.x only', async () => {
    const toggled = replaceOnce(shopSchema(), "index('orders_user_id_idx').on(t.user_id)", "index('orders_user_id_idx').on(t.user_id).concurrently()");
    const messages = await findingsOf('no-concurrent-index-in-transaction', toggled, { kit, settings: { migrationsRunOutsideTransaction: true } });
    expect(messages.map((m) => m.message.includes('drop and re-create'))).toEqual(kit === '0.x' ? [true] : []);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["CREATE INDEX CONCURRENTLY \"users_email_idx\" ON \"users\" (\"email\");", "CREATE INDEX CONCURRENTLY \"users_email_idx\" ON \"users\" (\"email\")"], ["DROP INDEX CONCURRENTLY \"users_email_idx\";", "DROP INDEX CONCURRENTLY \"users_email_idx\""]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-concurrent-index-in-transaction');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["CREATE INDEX \"users_email_idx\" ON \"users\" (\"email\");"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });

  const BP = '--> statement-breakpoint\n';
  const index = 'CREATE INDEX CONCURRENTLY "users_nick_idx" ON "users" ("nick");';

  it('accepts the index sent alone after a COMMIT (the create-index-concurrently-in-migration recipe, run by the migrator in tests/postgres)', () => {
    expect(checkSql(`ALTER TABLE "users" ADD COLUMN "nick" text;${BP}COMMIT;${BP}${index}${BP}BEGIN;`)).toEqual([]);
    expect(checkSql(`COMMIT;${BP}DROP INDEX CONCURRENTLY "users_nick_idx";${BP}BEGIN;`)).toEqual([]);
  });

  it('without the breakpoints the chunk is one query, one implicit transaction: says so, and that the COMMIT already committed', () => {
    const [finding, ...rest] = checkSql(`ALTER TABLE "users" ADD COLUMN "nick" text;${BP}COMMIT;\n${index}${BP}BEGIN;`);
    expect(rest).toEqual([]);
    expect(finding.message).toContain('no `--> statement-breakpoint` separates it');
    expect(finding.message).toContain("after the `COMMIT` on line 2 committed every earlier pending migration and this file's statements above it");
    expect(finding.message).toContain('runs the file again from its first statement');
    expect(finding.help).toBe('Send `CREATE INDEX CONCURRENTLY` as a query of its own, outside any transaction block: put `--> statement-breakpoint` right before and right after it.');
  });

  it('inside a BEGIN block, or after a BEGIN the file leaves open for the migrator to commit: reported with that BEGIN', () => {
    const [block] = checkSql(`COMMIT;${BP}BEGIN;${BP}${index}${BP}COMMIT;`);
    expect(block.message).toContain('inside the block the `BEGIN` on line 2 opens');
    expect(block.help).toContain('`COMMIT;--> statement-breakpoint`');
    const [open] = checkSql(`COMMIT;${BP}BEGIN;${BP}${index}`);
    expect(open.message).toContain("the `BEGIN` on line 2 opens, which drizzle's migrator commits only at the end of the run");
    expect(open.message).not.toContain("this file's statements above it");
  });

  it('under another runner (migrationsRunOutsideTransaction) only a BEGIN block of the file is a transaction', () => {
    const outside = { migrationsRunOutsideTransaction: true };
    expect(checkMigrationSql(rule, index, outside)).toEqual([]);
    const [finding] = checkMigrationSql(rule, `BEGIN;\n${index}\nCOMMIT;`, outside);
    expect(finding.message).toContain('inside the block the `BEGIN` on line 1 opens: the migration fails at this statement and the block rolls back.');
  });
});
