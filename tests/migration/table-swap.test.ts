import { beforeAll, describe, expect, it } from 'vitest';
import dropTable from '../../src/rules/no-drop-table.js';
import renameTable from '../../src/rules/no-rename-table.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { checkMigrationSql } from '../support/sql-rule.js';
import { createTestDatabase } from '../postgres/test-database.js';

beforeAll(() => loadSqlParser());

/** A table swapped for a partitioned one in one migration, as latitude-llm's billing events were. */
const SWAP = [
  'ALTER TABLE "events" RENAME TO "events_legacy";',
  'CREATE TABLE "events" ("id" integer NOT NULL, "at" date NOT NULL, PRIMARY KEY ("id", "at")) PARTITION BY RANGE ("at");',
  "CREATE TABLE \"events_all\" PARTITION OF \"events\" FOR VALUES FROM ('2000-01-01') TO ('2100-01-01');",
  'INSERT INTO "events" ("id", "at") SELECT "id", "at" FROM "events_legacy";',
  'DROP TABLE "events_legacy";',
];
const rules = (sql: string[]) => [...checkMigrationSql(renameTable, sql.join('\n')), ...checkMigrationSql(dropTable, sql.join('\n'))].map((f) => [f.ruleId, f.at]);

describe('a table swap in one migration', () => {
  it('reports neither the rename nor the drop of the copied-away table', () => {
    expect(rules(SWAP)).toEqual([]);
  });

  it('reports the drop when no row is copied across, and the rename when the old name is not created again', () => {
    expect(rules(SWAP.filter((s) => !s.startsWith('INSERT')))).toEqual([['no-drop-table', 'DROP TABLE "events_legacy"']]);
    expect(rules([SWAP[0], SWAP[4]])).toEqual([
      ['no-rename-table', 'ALTER TABLE "events" RENAME TO "events_legacy"'],
      ['no-drop-table', 'DROP TABLE "events_legacy"'],
    ]);
  });

  it('on the server: after the swap commits, the old app version reads the same rows under the old name', async () => {
    const db = await createTestDatabase();
    try {
      const client = await db.connect();
      await client.query('CREATE TABLE "events" ("id" integer PRIMARY KEY, "at" date NOT NULL); INSERT INTO "events" SELECT g, DATE \'2020-01-01\' + g FROM generate_series(1, 50) g');
      const before = await client.query('SELECT "id", "at" FROM "events" ORDER BY "id"');
      await client.query(['BEGIN', ...SWAP, 'COMMIT'].join(';\n'));
      const after = await client.query('SELECT "id", "at" FROM "events" ORDER BY "id"');
      expect(after.rows).toEqual(before.rows);
      expect((await client.query("SELECT to_regclass('events_legacy') AS t")).rows[0].t).toBeNull();
    } finally {
      await db.drop();
    }
  });
});
