import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-volatile-default.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const users = (...extra: ReturnType<typeof column>[]) => table('users', [column('id', 'serial'), ...extra]);

describe('no-volatile-default (models)', () => {
  it.each(['gen_random_uuid()', 'random()', 'clock_timestamp()', 'uuid_generate_v4()', 'timeofday()', "nextval('s')"])('reports a new column defaulting to %s', (def) => {
    const token = column('token', 'uuid', { default: def });
    const [finding] = runRule(rule, baseline([users()]), model([users(token)]));
    expect(finding.span).toEqual(token.source!.modifiers.default);
    expect(finding.message).toContain(`\`${def}\``);
    expect(finding.message).toContain(LOCK_FACTS['add-column-volatile-default'].lock);
    expect(finding.sql).toBe(`ALTER TABLE "users" ADD COLUMN "token" uuid DEFAULT ${def};`);
  });

  it.each(['now()', 'CURRENT_TIMESTAMP', "'x'", '1'])('is silent for the non-volatile default %s', (def) => {
    expect(runRule(rule, baseline([users()]), model([users(column('token', 'text', { default: def }))]))).toEqual([]);
  });

  it('is silent on new tables, existing columns and unknown defaults', () => {
    expect(runRule(rule, baseline([]), model([users(column('token', 'uuid', { default: 'gen_random_uuid()' }))]))).toEqual([]);
    expect(runRule(rule, baseline([users(column('token', 'uuid'))]), model([users(column('token', 'uuid', { default: 'gen_random_uuid()' }))]))).toEqual([]);
    expect(runRule(rule, baseline([users()]), model([users(column('token', 'uuid', { default: 'gen_random_uuid()', unknown: { default: 'x' } }))]))).toEqual([]);
  });
});

describe.each(KITS)('no-volatile-default through ESLint on the shop fixture (kit %s)', (kit) => {
  it('add users.token uuid defaultRandom(): reported', async () => {
    const code = addPgCoreImport(insertAfter(shopSchema(), "age: integer('age'),", "\n    token: uuid('token').defaultRandom(),"), 'uuid');
    const [message, ...rest] = await findingsOf('no-volatile-default', code, { kit });
    expect(rest).toEqual([]);
    expect(message.line).toBe(positionOf(code, 'token: uuid').line);
    expect(message.message).toContain('`gen_random_uuid()`');
  });

  it('add users.seen_at defaultNow(): silent', async () => {
    expect(await findingsOf('no-volatile-default', insertAfter(shopSchema(), "age: integer('age'),", "\n    seen_at: timestamp('seen_at').defaultNow(),"), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"users\" ADD COLUMN \"token\" uuid DEFAULT gen_random_uuid();", "ADD COLUMN \"token\" uuid DEFAULT gen_random_uuid()"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-volatile-default');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TABLE \"users\" ADD COLUMN \"created_at\" timestamp DEFAULT now() NOT NULL;"], ["ALTER TABLE \"users\" ALTER COLUMN \"token\" SET DEFAULT gen_random_uuid();"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
