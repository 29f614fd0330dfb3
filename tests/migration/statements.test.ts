import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, parseSql } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { at, PROJECT_FIXTURES, readSqlFixture } from './helpers.js';

beforeAll(() => loadSqlParser());

/**
 * The server's syntax error for a chunk, if any. Postgres parses the whole query string before
 * running any of it; the search_path points nowhere and the transaction is rolled back, so nothing is created.
 */
async function serverSyntaxError(client: pg.Client, chunk: string): Promise<{ message: string; position: number } | undefined> {
  await client.query('BEGIN');
  await client.query('SET LOCAL search_path TO h7_nowhere');
  try {
    await client.query(chunk);
    return undefined;
  } catch (error) {
    const e = error as { message: string; position?: string; code?: string };
    return e.code === '42601' ? { message: e.message, position: Number(e.position) } : undefined;
  } finally {
    await client.query('ROLLBACK');
  }
}

function withoutLocations(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'location' ? undefined : v)));
}

describe('readMigration on drizzle-kit output', () => {
  const files = readdirSync(PROJECT_FIXTURES).flatMap((project) => {
    const folder = join(PROJECT_FIXTURES, project, 'drizzle');
    try {
      return readdirSync(folder).filter((f) => f.endsWith('.sql')).map((f) => join(folder, f));
    } catch {
      return [];
    }
  });

  it('finds generated .sql files', () => expect(files.length).toBeGreaterThan(0));

  // Oracle: the statement text alone must parse to the same tree as inside the file, so spans
  // neither cut a statement short nor swallow a neighbour.
  it.each(files)('every statement span of %s re-parses to its own tree', (file) => {
    const text = readFileSync(file, 'utf8');
    const { statements, error } = readMigration(text);
    expect(error).toBeUndefined();
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.text).toBe(at(text, statement.span));
      const alone = parseSql(statement.text);
      if (!alone.ok) throw new Error(alone.message);
      expect(alone.statements).toHaveLength(1);
      expect(withoutLocations(alone.statements[0].node)).toEqual(withoutLocations(statement.node));
    }
  });
});

describe('readMigration on hand-written migrations', () => {
  it('splits a breakpoint-free file into its statements and ALTER TABLE into clauses', () => {
    const text = readSqlFixture('no-breakpoints.sql');
    const { statements, error, comments } = readMigration(text);
    expect(error).toBeUndefined();
    expect(statements.map((s) => [s.text, s.chunk, s.kind])).toEqual([
      ['ALTER TABLE "benutzer" ADD COLUMN "straße" text', 0, 'add-column-nullable'],
      [`UPDATE "benutzer" SET "straße" = 'Hauptstraße 1' WHERE "id" < 1000`, 0, 'update-rows'],
      ['ALTER TABLE "benutzer" ALTER COLUMN "straße" SET NOT NULL, DROP COLUMN "alt"', 0, 'set-not-null'],
      ['DELETE FROM "sessions"', 0, 'delete-rows'],
    ]);
    const alter = statements[2];
    expect(alter.clauses.map((c) => [c.kind, c.column, at(text, c.span)])).toEqual([
      ['set-not-null', 'straße', 'ALTER COLUMN "straße" SET NOT NULL'],
      ['drop-column', 'alt', 'DROP COLUMN "alt"'],
    ]);
    expect(alter.table).toEqual({ name: 'benutzer' });
    expect(comments.map((c) => at(text, c))).toEqual([
      '-- Custom SQL migration file, put your code below! --',
      '-- Ünïcödé comment: naïve café 😀 before the first statement',
      '/* block comment with ✓ */',
    ]);
  });

  it('stops at the first syntax error with its file offset', () => {
    const text = readSqlFixture('syntax-error.sql');
    const { statements, error } = readMigration(text);
    expect(statements.map((s) => s.text)).toEqual(['CREATE TABLE "t" ("id" integer)', 'ALTER TABLE "t" ADD COLUMN "ok" text']);
    expect(error?.message).toBe('syntax error at or near ";"');
    expect(text.slice(error!.offset).startsWith(';--> statement-breakpoint\nALTER TABLE "t" DROP COLUMN')).toBe(true);
  });

  // Oracle: the Postgres server reports the same message and position for the chunk it receives.
  it.each([
    ['syntax-error.sql', readSqlFixture('syntax-error.sql')],
    ['non-ASCII before the error', 'SELECT 1;--> statement-breakpoint\n-- café 😀 ✓\nSELECT "straße" FROM t WHER 1'],
  ])('reports the error where Postgres does: %s', async (_name, text) => {
    const { error } = readMigration(text);
    const chunks = text.split('--> statement-breakpoint');
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
    await client.connect();
    try {
      let chunkStart = 0;
      for (const chunk of chunks) {
        const serverError = await serverSyntaxError(client, chunk);
        if (serverError) {
          expect(error?.message).toBe(serverError.message);
          // Postgres positions are 1-based code-point offsets into the query text.
          const index = [...chunk].slice(0, serverError.position - 1).join('').length;
          expect(error?.offset).toBe(chunkStart + index);
          return;
        }
        chunkStart += chunk.length + '--> statement-breakpoint'.length;
      }
      throw new Error('Postgres accepted every chunk');
    } finally {
      await client.end();
    }
  });

  it('keeps COMMIT / BEGIN around a concurrent index as their own statements', () => {
    const text = readSqlFixture('commit-trick.sql');
    const { statements } = readMigration(text);
    expect(statements.map((s) => [s.kind, s.chunk])).toEqual([
      ['add-column-nullable', 0],
      ['commit', 1],
      ['create-index-concurrently', 2],
      ['begin', 3],
    ]);
    expect(statements[2].clauses[0]).toMatchObject({ index: 'users_nick_idx', table: { name: 'users' } });
  });

  it('marks statements on a table created earlier in the file', () => {
    const text = 'CREATE TABLE "s"."a" (id int);\nALTER TABLE s.a ADD COLUMN b int;\nALTER TABLE a ADD COLUMN b int;\nALTER TABLE "s"."a" RENAME TO "c";\nUPDATE s.c SET b = 1;';
    const { statements } = readMigration(text);
    expect(statements.map((s) => s.tableCreatedInFile)).toEqual([false, true, false, true, true]);
  });

  it.each([
    ['ALTER TABLE t ADD COLUMN c text', 'add-column-nullable'],
    ['ALTER TABLE t ADD COLUMN c text NOT NULL', 'add-column-not-null-no-default'],
    ["ALTER TABLE t ADD COLUMN c text DEFAULT 'x' NOT NULL", 'add-column-constant-default'],
    ['ALTER TABLE t ADD COLUMN c timestamp DEFAULT now() NOT NULL', 'add-column-constant-default'],
    ['ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()', 'add-column-volatile-default'],
    ['ALTER TABLE t ADD COLUMN c serial', 'add-column-volatile-default'],
    ['ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS IDENTITY', 'add-column-volatile-default'],
    ['ALTER TABLE "t" RENAME COLUMN "a" TO "b"', 'rename-column'],
    ['ALTER TABLE "t" RENAME TO "u"', 'rename-table'],
    ['ALTER TABLE t ALTER COLUMN a SET DATA TYPE varchar(200) USING a::varchar(200)', 'alter-column-type'],
    ['ALTER TABLE t ALTER COLUMN a DROP NOT NULL', 'drop-not-null'],
    ["ALTER TABLE t ALTER COLUMN a SET DEFAULT 'x'", 'set-default'],
    ['CREATE UNIQUE INDEX i ON t (a)', 'create-index'],
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'create-index-concurrently'],
    ['DROP INDEX i', 'drop-index'],
    ['ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)', 'add-unique-constraint'],
    ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES o (id)', 'add-foreign-key'],
    ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES o (id) NOT VALID', 'add-foreign-key-not-valid'],
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)', 'add-check'],
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID', 'add-check-not-valid'],
    ['ALTER TABLE t VALIDATE CONSTRAINT c', 'validate-constraint'],
    ['DROP TABLE "t" CASCADE', 'drop-table'],
    ["ALTER TYPE \"public\".\"mood\" ADD VALUE 'ok'", 'add-enum-value'],
    ['ALTER TYPE "public"."mood" RENAME TO "feeling"', 'rename-enum'],
    ["SET lock_timeout = '5s'", 'set-lock-timeout'],
    ['SET LOCAL lock_timeout TO 1000', 'set-lock-timeout'],
    ['SET lock_timeout = 0', 'reset-lock-timeout'],
    ['RESET lock_timeout', 'reset-lock-timeout'],
    ['START TRANSACTION', 'begin'],
    ['ROLLBACK', 'rollback'],
    ['SELECT 1', 'other'],
  ])('%s → %s', (sql, kind) => {
    expect(readMigration(sql).statements[0].kind).toBe(kind);
  });

  it('reads names: target type, rename, enum value, dropped tables', () => {
    const text =
      'ALTER TABLE "s"."t" ALTER COLUMN "a" SET DATA TYPE numeric(10, 2) USING "a"::numeric;\n' +
      'ALTER TABLE t RENAME COLUMN a TO b;\n' +
      `ALTER TYPE "public"."mood" ADD VALUE 'happy';\n` +
      'DROP TABLE "a", "s"."b" CASCADE;\n' +
      'ALTER TYPE mood RENAME TO feeling;';
    const [type, rename, value, drop, typeRename] = readMigration(text).statements;
    expect(type.clauses[0]).toMatchObject({ table: { schema: 's', name: 't' }, column: 'a', targetType: 'numeric(10, 2)' });
    expect(rename.clauses[0]).toMatchObject({ column: 'a', newName: 'b' });
    expect(value.clauses[0]).toMatchObject({ enumType: { schema: 'public', name: 'mood' }, enumValue: 'happy' });
    expect(drop.clauses.map((c) => [c.table, c.cascade])).toEqual([
      [{ name: 'a' }, true],
      [{ schema: 's', name: 'b' }, true],
    ]);
    expect(typeRename.clauses[0]).toMatchObject({ kind: 'rename-enum', enumType: { name: 'mood' }, newName: 'feeling' });
  });
});
