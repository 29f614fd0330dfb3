import { beforeAll, describe, expect, it } from 'vitest';
import { runBatches, useTestDatabase } from '../postgres/test-database.js';
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

/**
 * The help for each way a new column fills every row (a volatile default, a `serial`, an identity, a stored
 * generated column), run on the server: each step's SQL keeps the table file (no rewrite), the batched
 * backfill ends, and every existing row gets its value.
 */
describe('SQL help, run on the server', () => {
  const client = useTestDatabase(loadSqlParser);

  const SETUP = 'DROP TABLE IF EXISTS "users"; CREATE TABLE "users" ("email" text); INSERT INTO "users" SELECT \'u\' || g FROM generate_series(1, 2300) g';
  const help = (sql: string) => checkMigrationSql(rule, sql)[0].help;
  const sqlIn = (text: string) => [...text.matchAll(/`((?:ALTER|CREATE|UPDATE) [^`]+)`/g)].map((m) => m[1].replace(/;$/, ''));
  const filenode = async () => (await client().query(`SELECT pg_relation_filenode('"users"') AS f`)).rows[0].f;

  it('a uuid primary key with a volatile default: the batches use ctid (the new column cannot be the key), and the primary key is kept in the steps', async () => {
    const text = help('ALTER TABLE "users" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid();');
    expect(text).toContain('ADD PRIMARY KEY USING INDEX');
    const [add, backfill, setDefault] = sqlIn(text);
    expect(add).toBe('ALTER TABLE "users" ADD COLUMN "id" uuid');
    await client().query(SETUP);
    const before = await filenode();
    await client().query(add);
    expect(await runBatches(client(), backfill, 10)).toEqual([1000, 1000, 300]);
    await client().query(setDefault);
    expect(await filenode()).toBe(before);
    expect((await client().query('SELECT count(*) AS n, count(DISTINCT "id") AS d FROM "users"')).rows[0]).toEqual({ n: '2300', d: '2300' });
  });

  it.each([
    ['serial', 'ALTER TABLE "users" ADD COLUMN "db_id" serial PRIMARY KEY;', 'integer'],
    ['an identity', 'ALTER TABLE "users" ADD COLUMN "db_id" bigint GENERATED ALWAYS AS IDENTITY;', 'bigint'],
  ])('%s: a plain column with a sequence default, numbered in batches, no rewrite', async (_, sql, type) => {
    const text = help(sql);
    const steps = sqlIn(text);
    expect(steps[0]).toBe(`ALTER TABLE "users" ADD COLUMN "db_id" ${type}`);
    expect(text).not.toMatch(/ADD COLUMN "db_id" (serial|bigint GENERATED)/);
    await client().query(SETUP);
    const before = await filenode();
    for (const statement of steps.slice(0, 3)) await client().query(statement);
    expect(await runBatches(client(), steps[3], 10)).toEqual([1000, 1000, 300]);
    await client().query(`INSERT INTO "users" ("email") VALUES ('new')`);
    expect(await filenode()).toBe(before);
    expect((await client().query('SELECT count(*) AS n, count(DISTINCT "db_id") AS d FROM "users"')).rows[0]).toEqual({ n: '2301', d: '2301' });
  });

  it('serial on a mixed-case table outside public: every name quoted, the sequence in the table\'s schema', async () => {
    const steps = sqlIn(help('ALTER TABLE "app"."OrgMembers" ADD COLUMN "dbId" serial;'));
    expect(steps[1]).toBe('CREATE SEQUENCE "app"."OrgMembers_dbId_seq" OWNED BY "app"."OrgMembers"."dbId"');
    await client().query('DROP SCHEMA IF EXISTS app CASCADE; CREATE SCHEMA app; CREATE TABLE app."OrgMembers" (email text); INSERT INTO app."OrgMembers" SELECT g::text FROM generate_series(1, 1500) g');
    for (const statement of steps.slice(0, 3)) await client().query(statement);
    expect(await runBatches(client(), steps[3], 10)).toEqual([1000, 500]);
    await client().query(`INSERT INTO app."OrgMembers" (email) VALUES ('new')`);
    expect((await client().query('SELECT count(DISTINCT "dbId") AS d FROM app."OrgMembers"')).rows[0].d).toBe('1501');
  });

  it('a stored generated column: no steps to run, because adding one always rewrites (as the server shows)', async () => {
    const sql = `ALTER TABLE "users" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "email")) STORED`;
    const text = help(`${sql};`);
    expect(sqlIn(text)).toEqual([]);
    expect(text).toContain('no way around that rewrite');
    await client().query(SETUP);
    const before = await filenode();
    await client().query(sql);
    expect(await filenode()).not.toBe(before);
  });
});
