import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import rule from '../../src/rules/no-alter-column-type.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { keepsTableFile } from '../../src/core/type-change.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';

const change = (from: string, to: string, kit: '0.x' | '1.x' = '0.x', extra: object = {}) =>
  runRule(rule, baseline([table('users', [column('age', from)])]), model([table('users', [column('age', to, extra)])]), { kit });

describe('no-alter-column-type (models)', () => {
  it('reports a rewriting type change on the column, in each kit line spelling', () => {
    const [finding] = change('integer', 'bigint');
    expect(finding.message).toContain('`users.age` from `integer` to `bigint`');
    expect(finding.message).toContain(`\`${LOCK_FACTS['alter-column-type-rewrite'].lock}\``);
    expect(finding.help).toContain('Add `age_new` of type `bigint` beside `age`');
    expect(finding.help).toContain('ALTER TABLE "users" ADD COLUMN "age_new" bigint;');
    expect(finding.sql).toBe('ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;');
    expect(change('integer', 'bigint', '1.x')[0].sql).toBe('ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint USING "age"::bigint;');
  });

  it('reports a move to a renamed enum as drizzle-kit\'s prompt, and a move between two declared enums as a rewrite', () => {
    const e = (name: string, values = ['a', 'b']) => ({ schema: 'public', name, values });
    const withRole = (type: string) => table('messages', [column('id', 'serial'), column('role', type, { typeSchema: 'public' })]);
    const run = (enums: ReturnType<typeof e>[], kit: '0.x' | '1.x' = '0.x') => runRule(rule, baseline([withRole('role')], [e('role')]), model([withRole('message_role')], enums), { kit });
    const [prompt] = run([e('message_role')]);
    expect(prompt.message).toContain('so drizzle-kit will ask whether `message_role` is created or renamed');
    expect(prompt.help).toContain('Answer "rename" at drizzle-kit\'s prompt');
    expect(prompt.sql!.split('\n')[0]).toBe('ALTER TYPE "public"."role" RENAME TO "message_role";');
    expect(run([e('message_role')], '1.x')[0].sql!.split('\n')[0]).toBe('ALTER TYPE "role" RENAME TO "message_role";');
    const [rewrite] = run([e('role'), e('message_role')]);
    expect(rewrite.message).toContain('Changing `messages.role` from `role` to `message_role`');
    // Values removed too: both answers convert the column; no-remove-enum-value reports it.
    expect(run([e('message_role', ['a'])])).toEqual([]);
  });

  it('is silent for changes that keep the table file and for unknown types', () => {
    expect(change('varchar(50)', 'varchar(100)')).toEqual([]);
    expect(change('varchar(50)', 'text')).toEqual([]);
    expect(change('numeric(10, 2)', 'numeric(12, 2)')).toEqual([]);
    expect(change('integer', 'bigint', '0.x', { unknown: { type: 'helper' } })).toEqual([]);
  });
});

// The oracle: a real server. Same table file (relfilenode of table and index) <=> keepsTableFile.
const PAIRS: [string, string][] = [
  ['varchar(10)', 'varchar(20)'],
  ['varchar(10)', 'varchar'],
  ['varchar(10)', 'text'],
  ['text', 'varchar'],
  ['varchar', 'text'],
  ['numeric(10, 2)', 'numeric(12, 2)'],
  ['numeric(10, 2)', 'numeric'],
  ['timestamp (3)', 'timestamp (6)'],
  ['timestamp (3)', 'timestamp'],
  ['timestamp (3) with time zone', 'timestamp with time zone'],
  ['interval(3)', 'interval'],
  ['varchar(20)', 'varchar(10)'],
  ['text', 'varchar(10)'],
  ['integer', 'bigint'],
  ['char(2)', 'char(4)'],
  ['numeric(10, 2)', 'numeric(12, 3)'],
  ['varchar(10)[]', 'varchar(20)[]'],
  ['integer', 'text'],
  ['char(4)', 'char'],
  ['bit(4)', 'bit'],
  ['bit varying(4)', 'bit varying'],
  ['time(3)', 'time'],
];

describe('keepsTableFile agrees with Postgres', () => {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  beforeAll(async () => {
    await client.connect();
    // timestamp <-> timestamptz would only keep the file with TimeZone UTC; use another zone so it must not pass.
    await client.query("SET TimeZone = 'Europe/Paris'");
  });
  afterAll(async () => {
    await client.end();
  });

  it.each(PAIRS)('%s -> %s', async (from, to) => {
    const name = `h4_type_${Math.random().toString(36).slice(2, 8)}`;
    await client.query('BEGIN');
    try {
      await client.query(`CREATE TABLE ${name} (c ${from})`);
      await client.query(`CREATE INDEX ${name}_idx ON ${name} (c)`);
      await client.query(`INSERT INTO ${name} SELECT NULL FROM generate_series(1, 10)`);
      const files = async () => (await client.query(`SELECT relname, relfilenode FROM pg_class WHERE relname IN ('${name}', '${name}_idx') ORDER BY relname`)).rows;
      const before = await files();
      await client.query(`ALTER TABLE ${name} ALTER COLUMN c SET DATA TYPE ${to}`);
      const after = await files();
      expect(keepsTableFile(from, to)).toBe(JSON.stringify(before) === JSON.stringify(after));
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('dropping the modifier of a type it has no rule for (an extension type such as pgvector) keeps the file, as for the built-in types above', () => {
    expect(keepsTableFile('vector(1536)', 'vector')).toBe(true);
    expect(keepsTableFile('vector(1536)', 'vector(768)')).toBe(false);
    expect(keepsTableFile('vector', 'vector(1536)')).toBe(false);
    expect(keepsTableFile('vector(1536)', 'halfvec')).toBe(false);
  });

  it('timestamp -> timestamptz keeps the file with TimeZone UTC, which the message says', async () => {
    await client.query('BEGIN');
    try {
      await client.query("SET LOCAL TimeZone = 'UTC'");
      await client.query('CREATE TABLE h4_tz_utc (c timestamp)');
      const before = (await client.query("SELECT relfilenode FROM pg_class WHERE relname = 'h4_tz_utc'")).rows[0].relfilenode;
      await client.query('ALTER TABLE h4_tz_utc ALTER COLUMN c SET DATA TYPE timestamptz');
      const after = (await client.query("SELECT relfilenode FROM pg_class WHERE relname = 'h4_tz_utc'")).rows[0].relfilenode;
      expect(after).toBe(before);
    } finally {
      await client.query('ROLLBACK');
    }
    const [finding] = runRule(rule, baseline([table('t', [column('c', 'timestamp')])]), model([table('t', [column('c', 'timestamp with time zone')])]));
    expect(finding.message).toContain('only when the session `TimeZone` is `UTC`');
    const [other] = runRule(rule, baseline([table('t', [column('c', 'integer')])]), model([table('t', [column('c', 'text')])]));
    expect(other.message).not.toContain('TimeZone');
  });

  it('timestamp -> timestamptz rewrites outside UTC, so it stays a finding', async () => {
    expect(keepsTableFile('timestamp', 'timestamp with time zone')).toBe(false);
    await client.query('BEGIN');
    try {
      await client.query('CREATE TABLE h4_tz (c timestamp)');
      const before = (await client.query("SELECT relfilenode FROM pg_class WHERE relname = 'h4_tz'")).rows[0].relfilenode;
      await client.query('ALTER TABLE h4_tz ALTER COLUMN c SET DATA TYPE timestamptz');
      const after = (await client.query("SELECT relfilenode FROM pg_class WHERE relname = 'h4_tz'")).rows[0].relfilenode;
      expect(after).not.toBe(before);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

describe.each(KITS)('no-alter-column-type through ESLint on the shop fixture (kit %s)', (kit) => {
  it('change users.age from integer to bigint: reported on the column', async () => {
    const code = addPgCoreImport(replaceOnce(shopSchema(), "age: integer('age')", "age: bigint('age', { mode: 'number' })"), 'bigint');
    const [message, ...rest] = await findingsOf('no-alter-column-type', code, { kit });
    expect(rest).toEqual([]);
    expect(message).toMatchObject(positionOf(code, 'age: bigint'));
    expect(message.message).toContain('from `integer` to `bigint`');
  });

  it('widen users.email to varchar(320): silent', async () => {
    expect(await findingsOf('no-alter-column-type', replaceOnce(shopSchema(), '{ length: 255 }', '{ length: 320 }'), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DATA TYPE bigint;", "ALTER COLUMN \"age\" SET DATA TYPE bigint"], ["ALTER TABLE \"users\" ALTER COLUMN \"age\" TYPE integer USING \"age\"::integer;", "ALTER COLUMN \"age\" TYPE integer USING \"age\"::integer"]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-alter-column-type');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TABLE \"users\" ALTER COLUMN \"name\" SET DATA TYPE varchar(200);"], ["ALTER TABLE \"users\" ALTER COLUMN \"name\" SET DATA TYPE text;"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });
});
