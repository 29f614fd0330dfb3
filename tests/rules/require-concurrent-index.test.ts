import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/require-concurrent-index.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, index, model, runRule, table, withIndexes } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const users = () => table('users', [column('id', 'serial'), column('email', 'varchar(255)')]);

describe('require-concurrent-index (models)', () => {
  it('reports a new plain index on an existing table, with kit-line SQL', () => {
    const idx = index('users_email_idx', ['email']);
    const [finding] = runRule(rule, baseline([users()]), model([withIndexes(users(), idx)]));
    expect(finding.span).toEqual(idx.source!.span);
    expect(finding.message).toContain(`\`${LOCK_FACTS['create-index'].lock}\``);
    expect(finding.help).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_email_idx"');
    expect(finding.suggestions).toBeUndefined();
    expect(finding.sql).toBe('CREATE INDEX "users_email_idx" ON "users" USING btree ("email");');
    expect(runRule(rule, baseline([users()]), model([withIndexes(users(), idx)]), { kit: '1.x' })[0].sql).toBe('CREATE INDEX "users_email_idx" ON "users" ("email");');
  });

  it('offers .concurrently() when migrations run outside a transaction', () => {
    const idx = index('users_email_idx', ['email']);
    const [finding] = runRule(rule, baseline([users()]), model([withIndexes(users(), idx)]), { settings: { migrationsRunOutsideTransaction: true } });
    expect(finding.suggestions![0].edits[0]).toMatchObject({ start: idx.source!.span.end, text: '.concurrently()' });
  });

  it('reports an index whose definition changed (drizzle-kit drops and re-creates it)', () => {
    const before = withIndexes(users(), index('users_idx', ['email']));
    expect(runRule(rule, baseline([before]), model([withIndexes(users(), index('users_idx', ['id']))]))).toHaveLength(1);
  });

  it('is silent for concurrent indexes, new tables and unchanged indexes', () => {
    expect(runRule(rule, baseline([users()]), model([withIndexes(users(), index('i', ['email'], { concurrently: true }))]))).toEqual([]);
    expect(runRule(rule, baseline([]), model([withIndexes(users(), index('i', ['email']))]))).toEqual([]);
    expect(runRule(rule, baseline([withIndexes(users(), index('i', ['email']))]), model([withIndexes(users(), index('i', ['email']))]))).toEqual([]);
  });
});

describe.each(KITS)('require-concurrent-index through ESLint on the shop fixture (kit %s)', (kit) => {
  const withAgeIndex = (suffix = '') => insertAfter(shopSchema(), ".where(sql`${t.nickname} is not null`)", `, index('users_age_idx').on(t.age)${suffix}`);

  it('add index users_age_idx: reported on the index', async () => {
    const code = withAgeIndex();
    const [message, ...rest] = await findingsOf('require-concurrent-index', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, "index('users_age_idx')"));
    expect(message.message).toContain(LOCK_FACTS['create-index'].lock);
    expect(message.suggestions ?? []).toEqual([]);
  });

  it('offers .concurrently() when migrations run outside a transaction', async () => {
    const code = withAgeIndex();
    const [message] = await findingsOf('require-concurrent-index', code, { kit, settings: { migrationsRunOutsideTransaction: true } });
    expect(applySuggestion(code, message)).toContain("index('users_age_idx').on(t.age).concurrently()");
  });

  it('add it with .concurrently(): silent', async () => {
    expect(await findingsOf('require-concurrent-index', withAgeIndex('.concurrently()'), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["CREATE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");", "CREATE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\")"], ["CREATE UNIQUE INDEX \"u\" ON \"users\" (\"email\");", "CREATE UNIQUE INDEX \"u\" ON \"users\" (\"email\")"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('require-concurrent-index');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["CREATE TABLE \"t\" (\"a\" int);\nCREATE INDEX \"t_a\" ON \"t\" (\"a\");"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });

  it('after a `COMMIT`, alone in its chunk, the index already runs outside a transaction: the help says to write `CONCURRENTLY`', () => {
    const BP = '--> statement-breakpoint\n';
    const [after] = checkSql(`COMMIT;${BP}CREATE INDEX "i" ON "users" ("email");${BP}BEGIN;`);
    expect(after.help).toBe('Write `CREATE INDEX CONCURRENTLY` (`SHARE UPDATE EXCLUSIVE`, writes continue).');
    const [inRun] = checkSql('CREATE INDEX "i" ON "users" ("email");');
    expect(inRun.help).toContain('outside the migrator');
  });
});
