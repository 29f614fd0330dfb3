import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-backfill-in-migration.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { updateParts } from '../../src/migration/update-parts.js';
import { renderRecipe } from '../../src/migration/recipes.js';
import { checkMigrationSql } from '../support/sql-rule.js';
import { runBatches, useTestDatabase } from '../postgres/test-database.js';

const part = (sql: string) => updateParts(readMigration(sql).statements[0]);

describe('updateParts', () => {
  beforeAll(() => loadSqlParser());

  it('keeps the assignments and the condition as written, and guards each assigned value', () => {
    expect(part(`UPDATE "t" SET "token" = NULL WHERE "token" IS NOT NULL AND "token" NOT LIKE 'enc:%'`)).toEqual({
      assignments: '"token" = NULL',
      condition: `"token" IS NOT NULL AND "token" NOT LIKE 'enc:%'`,
      pending: '"token" IS DISTINCT FROM (NULL)',
    });
    expect(part(`update t set a = 'x', b = (c + 1)::int, d = e where kind = 'internal'`)?.pending).toBe(`"a" IS DISTINCT FROM ('x') OR "b" IS DISTINCT FROM ((c + 1)::int) OR "d" IS DISTINCT FROM (e)`);
  });

  it.each([
    ['a value read from an assigned column', 'UPDATE t SET n = n + 1'],
    ['a function call', 'UPDATE t SET at = now() WHERE at IS NULL'],
    ['a sub-query', 'UPDATE t SET a = (SELECT max(b) FROM u)'],
    ['CURRENT_TIMESTAMP', 'UPDATE t SET at = CURRENT_TIMESTAMP'],
  ])('has no guard with %s (repeating would not end)', (_, sql) => {
    expect(part(sql)?.pending).toBeUndefined();
  });

  it.each([
    ['UPDATE … FROM', 'UPDATE t SET a = u.a FROM u WHERE u.id = t.id'],
    ['WITH', 'WITH x AS (SELECT 1) UPDATE t SET a = 1'],
    ['RETURNING', 'UPDATE t SET a = 1 RETURNING id'],
    ['a multi-column assignment', 'UPDATE t SET (a, b) = (1, 2)'],
  ])('is undefined for %s', (_, sql) => {
    expect(part(sql)).toBeUndefined();
  });
});

/**
 * The help's batched statement, run in a loop until it updates 0 rows, must end and leave the table as the
 * migration's single statement leaves it.
 */
describe('no-backfill-in-migration: the batched help equals the statement, on the server', () => {
  const client = useTestDatabase(loadSqlParser);

  const SETUP = `CREATE TABLE t (id int PRIMARY KEY, token text, kind text, n int, label text);
    INSERT INTO t SELECT g, CASE WHEN g % 3 = 0 THEN 'enc:' || g WHEN g % 3 = 1 THEN 'plain' || g END, CASE WHEN g % 2 = 0 THEN 'internal' ELSE 'public' END, g, NULL FROM generate_series(1, 2500) g`;

  it.each([
    `UPDATE "t" SET "token" = NULL WHERE "token" IS NOT NULL AND "token" NOT LIKE 'enc:%'`,
    `UPDATE "t" SET "label" = 'team' WHERE "kind" = 'internal'`,
    `UPDATE "t" SET "label" = "kind", "n" = 0`,
  ])('%s', async (sql) => {
    const [finding] = checkMigrationSql(rule, `${sql};`);
    const batched = /`(UPDATE [^`]+LIMIT 1000\))`/.exec(finding.help)?.[1];
    expect(batched, finding.help).toBeDefined();
    await client().query(`DROP TABLE IF EXISTS t; ${SETUP}`);
    await client().query(sql);
    const once = (await client().query('SELECT * FROM t ORDER BY id')).rows;
    await client().query(`DROP TABLE t; ${SETUP}`);
    expect((await runBatches(client(), batched!, 10)).length).toBeGreaterThan(0);
    expect((await client().query('SELECT * FROM t ORDER BY id')).rows).toEqual(once);
  });

  it('describes a key walk when repeating would not end', () => {
    const [finding] = checkMigrationSql(rule, 'UPDATE "t" SET "n" = "n" + 1;');
    expect(finding.help).toContain('a range of keys at a time');
    expect(finding.help).not.toContain('repeat until it updates 0 rows');
    expect(renderRecipe('batched-update', { table: 't' }).join(' ')).toContain('SET "column" = <value>');
  });
});
