import { beforeAll, describe, expect, it } from 'vitest';
import { checkMigrationSql } from '../support/sql-rule.js';
import { createTestDatabase } from '../postgres/test-database.js';
import rule from '../../src/rules/no-remove-enum-value.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import type { EnumModel } from '../../src/core/schema-model.js';
import { FILE, baseline, column, model, runRule, table } from '../support/schema-models.js';
import { KITS, addPgCoreImport, applySuggestion, findingsOf, insertAfter, positionOf, replaceOnce, shopSchema } from '../support/schema-edit.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';

const mood = (values: string[]): EnumModel => ({ schema: 'public', name: 'mood', values, source: { declaration: { file: FILE, start: 1, end: 50 }, values: { file: FILE, start: 20, end: 40 } } });
const users = () => table('users', [column('id', 'serial'), column('m', 'mood', { typeSchema: 'public' })]);

describe('no-remove-enum-value (models)', () => {
  it('reports a removed value of an enum used by an existing column, with the recreate SQL', () => {
    const [finding] = runRule(rule, baseline([users()], [mood(['sad', 'ok', 'happy'])]), model([users()], [mood(['sad', 'happy'])]));
    expect(finding.span).toEqual({ file: FILE, start: 20, end: 40 });
    expect(finding.message).toContain('`ok`');
    expect(finding.message).toContain('`users.m`');
    expect(finding.sql).toBe(
      [
        'ALTER TABLE "users" ALTER COLUMN "m" SET DATA TYPE text;',
        'DROP TYPE "public"."mood";',
        `CREATE TYPE "public"."mood" AS ENUM('sad', 'happy');`,
        'ALTER TABLE "users" ALTER COLUMN "m" SET DATA TYPE "public"."mood" USING "m"::"public"."mood";',
      ].join('\n'),
    );
  });

  it('reports reordered values', () => {
    expect(runRule(rule, baseline([users()], [mood(['a', 'b'])]), model([users()], [mood(['b', 'a'])]))[0].message).toContain('Reordering');
  });

  it('reports a value removed from a renamed enum, with the rename before the re-creation', () => {
    const renamed = (name: string, values: string[]): EnumModel => ({ ...mood(values), name });
    const before = baseline([users()], [mood(['sad', 'ok'])]);
    const after = model([table('users', [column('id', 'serial'), column('m', 'feeling', { typeSchema: 'public' })])], [renamed('feeling', ['sad'])]);
    const [finding] = runRule(rule, before, after);
    expect(finding.message).toContain('Removing `ok` from enum `feeling`');
    expect(finding.sql!.split('\n').slice(0, 2)).toEqual(['ALTER TYPE "public"."mood" RENAME TO "feeling";', 'ALTER TABLE "users" ALTER COLUMN "m" SET DATA TYPE text;']);
  });

  it('is silent for appended values and for enums no existing column uses', () => {
    expect(runRule(rule, baseline([users()], [mood(['a'])]), model([users()], [mood(['a', 'b'])]))).toEqual([]);
    expect(runRule(rule, baseline([], [mood(['a', 'b'])]), model([], [mood(['a'])]))).toEqual([]);
  });
});

describe.each(KITS)('no-remove-enum-value through ESLint on the shop fixture (kit %s)', (kit) => {
  it("remove 'suspended' from user_status: reported on the values", async () => {
    const code = replaceOnce(shopSchema(), "['active', 'suspended', 'deleted']", "['active', 'deleted']");
    const [message, ...rest] = await findingsOf('no-remove-enum-value', code, { kit });
    expect(rest).toEqual([]);
    expect(message.line).toBe(positionOf(code, "['active', 'deleted']").line);
    expect(message.message).toContain('`suspended`');
    expect(message.message).toContain('`users.status`');
  });

  it("append 'archived': silent", async () => {
    expect(await findingsOf('no-remove-enum-value', replaceOnce(shopSchema(), "'deleted']", "'deleted', 'archived']"), { kit })).toEqual([]);
  });
});

describe('SQL', () => {
  beforeAll(() => loadSqlParser());
  const checkSql = (text: string) => checkMigrationSql(rule, text);

  it.each([["ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DATA TYPE text;--> statement-breakpoint\nDROP TYPE \"public\".\"status\";--> statement-breakpoint\nCREATE TYPE \"public\".\"status\" AS ENUM('a', 'c');--> statement-breakpoint\nALTER TABLE \"t\" ALTER COLUMN \"s\" SET DATA TYPE \"public\".\"status\" USING \"s\"::\"public\".\"status\";", "DROP TYPE \"public\".\"status\""]])('reports %j at the clause', (text, at) => {
    const findings = checkSql(text);
    expect(findings.map((f) => f.at)).toEqual([at]);
    expect(findings[0].ruleId).toBe('no-remove-enum-value');
    expect(findings[0].message.length).toBeGreaterThan(40);
    expect(findings[0].help.length).toBeGreaterThan(20);
  });

  it.each([["ALTER TYPE \"public\".\"status\" ADD VALUE 'd';"], ["DROP TYPE \"public\".\"old_status\";"]])('accepts %j', (text) => {
    expect(checkSql(text)).toEqual([]);
  });

  // The column of the type dropped first, then the type re-created and a new column added: no row is converted.
  const DROPPED_FIRST = [
    'ALTER TABLE "t" DROP COLUMN "s";',
    'DROP TYPE IF EXISTS "public"."status"CASCADE_HERE;',
    "CREATE TYPE \"public\".\"status\" AS ENUM('a', 'c');",
    'ALTER TABLE "t" ADD COLUMN "s" "status" NOT NULL DEFAULT \'a\';',
  ].join('--> statement-breakpoint\n');

  it('is silent when no column is converted (none uses the type any more)', () => {
    expect(checkSql(DROPPED_FIRST.replace('CASCADE_HERE', ''))).toEqual([]);
  });

  it('reports DROP TYPE … CASCADE that converts no column: it drops the columns still of that type, as the server does', async () => {
    const findings = checkSql(DROPPED_FIRST.replace('CASCADE_HERE', ' CASCADE').replace('ALTER TABLE "t" DROP COLUMN "s";', 'SELECT 1;'));
    expect(findings.map((f) => [f.at, f.message])).toEqual([['DROP TYPE IF EXISTS "public"."status" CASCADE', expect.stringContaining('drops every column still of that type, with its data')]]);
    const db = await createTestDatabase();
    try {
      const client = await db.connect();
      await client.query("CREATE TYPE status AS ENUM ('a', 'b'); CREATE TABLE t (id int, s status); INSERT INTO t VALUES (1, 'b')");
      await client.query('DROP TYPE status CASCADE');
      const columns = await client.query("SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position");
      expect(columns.rows.map((r) => r.column_name)).toEqual(['id']);
    } finally {
      await db.drop();
    }
  });
});
