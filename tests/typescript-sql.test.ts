import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeTypeScriptFile } from '../src/core/analyze-typescript.js';
import { resolveSettings } from '../src/core/settings.js';
import { loadSqlParser } from '../src/migration/parse-sql.js';
import { rules } from '../src/rules/index.js';

beforeAll(() => loadSqlParser());

function findings(text: string) {
  const { findings } = analyzeTypeScriptFile({ file: '/app/src/jobs.ts', text, settings: resolveSettings({}, '/app') }, rules);
  return findings.filter((f) => f.ruleId !== 'no-unsafe-sql-raw').sort((a, b) => a.span.start - b.span.start).map((f) => [f.ruleId, text.slice(f.span.start, f.span.end)]);
}

describe('drizzle `sql` templates in any TypeScript file', () => {
  it('reports DDL at the clause, with `${…}` holes as parameters or identifiers', () => {
    const text = [
      "import { sql } from 'drizzle-orm';",
      'export async function migrate(db: any, table: any) {',
      '  await db.execute(sql`ALTER TABLE "users" DROP COLUMN "nickname"`);',
      '  await db.execute(sql`CREATE INDEX "users_email_idx" ON ${table} ("email")`);',
      "  await db.execute(sql`ALTER TABLE users ADD COLUMN code text NOT NULL, ALTER COLUMN name SET DEFAULT ${'x'}`);",
      '}',
    ].join('\n');
    expect(findings(text)).toEqual([
      ['no-drop-column', 'DROP COLUMN "nickname"'],
      ['require-concurrent-index', 'CREATE INDEX "users_email_idx" ON ${table} ("email")'],
      ['no-add-required-column', 'ADD COLUMN code text NOT NULL'],
    ]);
  });

  it('reports a migration-style backfill (a constant UPDATE/DELETE over existing rows), not a parameterised query', () => {
    const text = [
      "import { sql } from 'drizzle-orm';",
      'export async function backfill(db: any, id: number) {',
      '  await db.execute(sql`UPDATE "users" SET "display_name" = "email" WHERE "display_name" IS NULL`);',
      '  await db.execute(sql`DELETE FROM "sessions"`);',
      '  await db.execute(sql`update "users" set "name" = ${"x"} where "id" = ${id}`);',
      '  await db.execute(sql`delete from "sessions" where "user_id" = ${id}`);',
      '}',
    ].join('\n');
    expect(findings(text)).toEqual([
      ['no-backfill-in-migration', 'UPDATE "users" SET "display_name" = "email" WHERE "display_name" IS NULL'],
      ['no-backfill-in-migration', 'DELETE FROM "sessions"'],
    ]);
    const { findings: all } = analyzeTypeScriptFile({ file: '/app/src/jobs.ts', text, settings: resolveSettings({}, '/app') }, rules);
    const backfill = all.find((f) => f.ruleId === 'no-backfill-in-migration')!;
    expect(backfill.message).toContain('in one statement');
    expect(backfill.message).not.toContain('migrator');
    expect(backfill.help).toContain('in small batches');
  });

  it('reads through a DO block that wraps plain DDL, and reports at the statement inside it', () => {
    const text = [
      "import { sql } from 'drizzle-orm';",
      'export async function migrate(db: any, table: any) {',
      '  await db.execute(sql`DO $$ BEGIN',
      '    ALTER TABLE ${table} DROP COLUMN "nickname";',
      '  EXCEPTION WHEN duplicate_object THEN null; END $$`);',
      '  await db.execute(sql`DO $$ BEGIN IF true THEN ALTER TABLE "users" DROP COLUMN "nickname"; END IF; END $$`);',
      '}',
    ].join('\n');
    expect(findings(text)).toEqual([['no-drop-column', 'DROP COLUMN "nickname"']]);
    expect(text.indexOf('DROP COLUMN')).toBe(text.split('\n').slice(0, 3).join('\n').length + 1 + '    ALTER TABLE ${table} '.length);
  });

  it('never flags ordinary queries, schema `sql`, or templates not from drizzle-orm', () => {
    const text = [
      "import { sql } from 'drizzle-orm';",
      "import { pgTable, integer, uuid, check } from 'drizzle-orm/pg-core';",
      "export const t = pgTable('t', { id: uuid('id').default(sql`gen_random_uuid()`), n: integer('n') }, (t) => [check('n_pos', sql`${t.n} > 0`)]);",
      'export const q = (id: number) => sql`update "users" set "name" = ${"x"} where "id" = ${id}`;',
      'export const s = sql`select * from "users" where "created_at" > now()`;',
      'export const d = sql`drop table`;',
    ].join('\n');
    expect(findings(text)).toEqual([]);
    expect(findings('const sql = (s: any) => s;\nsql`DROP TABLE "users"`;')).toEqual([]);
  });
});
