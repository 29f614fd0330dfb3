import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { at, PROJECT_FIXTURES } from './helpers.js';

beforeAll(() => loadSqlParser());

const LEGACY = join(PROJECT_FIXTURES, 'legacy-do-blocks');

/** The parse tree without what the wrapper or the 0.29 → 0.31 change alters: offsets and `IF NOT EXISTS`. */
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'location' || key === 'if_not_exists' ? undefined : v)));
}

const wrap = (sql: string, handler = 'EXCEPTION\n WHEN duplicate_object THEN null;\n') => `DO $$ BEGIN\n ${sql};\n${handler}END $$;\n`;

describe('DO blocks drizzle-kit 0.29 wrote', () => {
  const files = readdirSync(join(LEGACY, 'drizzle-029')).filter((file) => file.endsWith('.sql'));

  it('the fixture holds wrapped keys (drizzle-kit 0.29) and the same schema history written plainly (0.31)', () => {
    expect(files).toEqual(readdirSync(join(LEGACY, 'drizzle')).filter((file) => file.endsWith('.sql')));
    const wrapped = files.map((file) => readFileSync(join(LEGACY, 'drizzle-029', file), 'utf8').match(/^DO \$\$ BEGIN$/gm)?.length ?? 0);
    expect(wrapped).toEqual([1, 2, 1]);
  });

  for (const file of files) {
    it(`${file}: the statements inside the blocks read as 0.31 writes them plainly`, () => {
      const legacyText = readFileSync(join(LEGACY, 'drizzle-029', file), 'utf8');
      const legacy = readMigration(legacyText);
      const plain = readMigration(readFileSync(join(LEGACY, 'drizzle', file), 'utf8'));
      expect(legacy.error).toBeUndefined();
      expect(legacy.statements.map((s) => [s.type, s.kind, s.table, s.tableCreatedInFile, comparable(s.node)])).toEqual(
        plain.statements.map((s) => [s.type, s.kind, s.table, s.tableCreatedInFile, comparable(s.node)]),
      );
      for (const statement of legacy.statements) {
        expect(at(legacyText, statement.span)).toBe(statement.text);
        expect(statement.doBlock !== undefined).toBe(statement.kind === 'add-foreign-key');
        if (statement.doBlock) expect(at(legacyText, statement.doBlock)).toMatch(/^DO \$\$ BEGIN\n ALTER TABLE[^]*END \$\$$/);
      }
    });
  }
});

describe('which DO blocks are read through', () => {
  const kindsOf = (sql: string) => readMigration(sql).statements.map((s) => s.kind);

  it.each([
    ['no handler', 'DO $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$;'],
    ['an explicit LANGUAGE plpgsql and a tagged quote', 'DO LANGUAGE plpgsql $body$ BEGIN ALTER TABLE t ADD COLUMN c int; END $body$;'],
    ['several duplicate_* conditions', wrap('ALTER TABLE t ADD COLUMN c int', 'EXCEPTION WHEN duplicate_column OR duplicate_object THEN NULL;\n')],
    ['the handler on a block inside the body', 'DO $$ BEGIN BEGIN ALTER TABLE t ADD COLUMN c int; EXCEPTION WHEN duplicate_column THEN null; END; END $$;'],
  ])('%s', (_, sql) => {
    expect(kindsOf(sql)).toEqual(['add-column-nullable']);
  });

  it.each([
    ['IF NOT EXISTS on pg_catalog', "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'k') THEN ALTER TABLE t ADD COLUMN c int; END IF; END $$;"],
    ['IF EXISTS on information_schema', "DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'c') THEN ALTER TABLE t ADD COLUMN c int; END IF; END $$;"],
    ['a guard on an unqualified pg_ catalog, nested in a handler block', "DO $$ BEGIN BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'x') THEN ALTER TABLE t ADD COLUMN c int; END IF; EXCEPTION WHEN duplicate_object THEN null; END; END $$;"],
  ])('a guard on whether the change is there: %s', (_, sql) => {
    expect(kindsOf(sql)).toEqual(['add-column-nullable']);
  });

  it('several statements, with their own offsets in the file', () => {
    const sql = 'SELECT \'ünï 🎉\';\nDO $$ BEGIN\n  CREATE TYPE "public"."rôle" AS ENUM(\'a\', \'🎉\');\n  ALTER TABLE "t" ADD COLUMN "r" "rôle";\nEXCEPTION\n  WHEN duplicate_object THEN null;\nEND $$;\n';
    const { statements } = readMigration(sql);
    expect(statements.map((s) => [s.index, s.kind, at(sql, s.span)])).toEqual([
      [0, 'other', 'SELECT \'ünï 🎉\''],
      [1, 'other', 'CREATE TYPE "public"."rôle" AS ENUM(\'a\', \'🎉\')'],
      [2, 'add-column-nullable', 'ALTER TABLE "t" ADD COLUMN "r" "rôle"'],
    ]);
    expect(statements[2].clauses[0].span.start).toBe(sql.indexOf('ADD COLUMN'));
  });

  it('comments inside the body are comments of the file, in order', () => {
    const sql = '-- first\nDO $$ BEGIN\n -- eslint-disable-next-line drizzle-migrations/require-not-valid-constraint\n ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0);\nEND $$;\n-- last\n';
    expect(readMigration(sql).comments.map((c) => c.text)).toEqual([
      '-- first',
      '-- eslint-disable-next-line drizzle-migrations/require-not-valid-constraint',
      '-- last',
    ]);
  });

  it.each([
    ['a handler that swallows every error', wrap('ALTER TABLE t ADD COLUMN c int', 'EXCEPTION WHEN others THEN null;\n')],
    ['a handler that does something', wrap('ALTER TABLE t ADD COLUMN c int', "EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'exists';\n")],
    ['a condition on data', 'DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM "users" WHERE "admin") THEN ALTER TABLE t ADD COLUMN c int; END IF; END $$;'],
    ['a condition that is not EXISTS', "DO $$ BEGIN IF to_regclass('t') IS NOT NULL THEN ALTER TABLE t ADD COLUMN c int; END IF; END $$;"],
    ['a guard with ELSE', "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 't') THEN ALTER TABLE t ADD COLUMN c int; ELSE CREATE TABLE t (c int); END IF; END $$;"],
    ['RETURN in a guard', "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 't') THEN RETURN; END IF; ALTER TABLE t ADD COLUMN c int; END $$;"],
    ['a variable', 'DO $$ DECLARE n int := 1; BEGIN ALTER TABLE t ADD COLUMN c int; END $$;'],
    ['PERFORM', 'DO $$ BEGIN PERFORM 1; END $$;'],
    ['dynamic SQL', "DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN c int'; END $$;"],
    ['another language', "DO LANGUAGE sql $$ ALTER TABLE t ADD COLUMN c int $$;"],
    ['CREATE INDEX CONCURRENTLY', wrap('CREATE INDEX CONCURRENTLY i ON t (c)')],
    ['DROP INDEX CONCURRENTLY', wrap('DROP INDEX CONCURRENTLY i')],
    ['transaction control', 'DO $$ BEGIN COMMIT; END $$;'],
  ])('stays one opaque statement with %s', (_, sql) => {
    const { statements, error } = readMigration(sql);
    expect(error).toBeUndefined();
    expect(statements.map((s) => [s.type, s.kind, s.doBlock])).toEqual([['DoStmt', 'other', undefined]]);
  });
});
