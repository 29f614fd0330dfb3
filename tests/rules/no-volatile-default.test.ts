import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-volatile-default.js';
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

import { beforeAll as beforeAllSql, describe as describeSql, expect as expectSql, it as itSql } from 'vitest';
import { loadSqlParser as loadSqlParserForSql } from '../../src/migration/parse-sql.js';
import { readMigration as readMigrationForSql } from '../../src/migration/statements.js';
import { resolveSettings as resolveSettingsForSql } from '../../src/core/settings.js';
import sqlRule from '../../src/rules/no-volatile-default.js';

describeSql('SQL', () => {
  beforeAllSql(() => loadSqlParserForSql());
  const checkSql = (text: string) =>
    sqlRule.checkMigration!({ file: '/m/0001_x.sql', text, statements: readMigrationForSql(text).statements, settings: resolveSettingsForSql({}, '/m') }).map((f) => ({
      at: text.slice(f.span.start, f.span.end),
      ruleId: f.ruleId,
      message: f.message,
      help: f.help,
    }));

  itSql.each([["ALTER TABLE \"users\" ADD COLUMN \"token\" uuid DEFAULT gen_random_uuid();", "ADD COLUMN \"token\" uuid DEFAULT gen_random_uuid()"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expectSql(findings.map((f) => f.at)).toEqual([at]);
    expectSql(findings[0].ruleId).toBe('no-volatile-default');
    expectSql(findings[0].message.length).toBeGreaterThan(40);
    expectSql(findings[0].help.length).toBeGreaterThan(20);
  });

  itSql.each([["ALTER TABLE \"users\" ADD COLUMN \"created_at\" timestamp DEFAULT now() NOT NULL;"], ["ALTER TABLE \"users\" ALTER COLUMN \"token\" SET DEFAULT gen_random_uuid();"]])('accepts %j', (text) => {
    expectSql(checkSql(text)).toEqual([]);
  });
});
