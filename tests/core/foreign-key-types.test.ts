/**
 * `foreignKeyTypesFit` against the real server: for every pair of types drizzle-kit writes, Postgres
 * builds a foreign key between them exactly when the function says so, both in `CREATE TABLE` and in
 * a `SET DATA TYPE` of either column while the key exists.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignKeyTypesFit, sameFamily, type TypedColumn } from '../../src/core/foreign-key-types.js';
import { createTestDatabase, type TestDatabase } from '../postgres/test-database.js';

const BUILT_IN = [
  'smallint', 'integer', 'bigint', 'serial', 'numeric', 'numeric(10, 2)', 'real', 'double precision',
  'text', 'varchar', 'varchar(20)', 'char(10)', 'uuid', 'date', 'timestamp', 'timestamp (3)', 'timestamp with time zone',
  'boolean', 'jsonb', 'bytea', 'inet', 'interval', 'time', 'time with time zone',
];
const TYPES: TypedColumn[] = [...BUILT_IN.map((type) => ({ type })), { type: 'role', typeSchema: 'public' }, { type: 'kind', typeSchema: 'public' }];
const sqlType = (t: TypedColumn) => (t.typeSchema ? `"${t.typeSchema}"."${t.type}"` : t.type);
// `serial` is a column shorthand, not a type `SET DATA TYPE` takes.
const columnType = (t: TypedColumn) => (t.type === 'serial' ? 'integer' : sqlType(t));

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = await db.connect();
  await client.query("CREATE TYPE role AS ENUM ('member', 'admin'); CREATE TYPE kind AS ENUM ('member', 'admin')");
});

afterAll(async () => {
  await db?.drop();
});

/** Whether `statements` run without error, rolled back either way. */
async function succeeds(statements: string): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query(statements);
    return true;
  } catch (error) {
    const message = String((error as Error).message);
    // Any other error would make the comparison meaningless.
    expect(message).toMatch(/foreign key constraint .* cannot be implemented/);
    return false;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('foreignKeyTypesFit agrees with Postgres', () => {
  it('knows every listed type, and each pair in CREATE TABLE', async () => {
    const wrong: string[] = [];
    for (const referenced of TYPES) {
      for (const referencing of TYPES) {
        const predicted = foreignKeyTypesFit(referenced, referencing);
        const actual = await succeeds(`CREATE TABLE p (id ${sqlType(referenced)} PRIMARY KEY); CREATE TABLE f (r ${sqlType(referencing)} REFERENCES p (id))`);
        if (predicted !== actual) wrong.push(`${sqlType(referenced)} <- ${sqlType(referencing)}: predicted ${predicted}, server ${actual}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('each pair a SET DATA TYPE of either column reaches while the key exists', async () => {
    const wrong: string[] = [];
    for (const start of ['integer', 'uuid', 'text'].map((type) => ({ type }))) {
      const tables = `CREATE TABLE p (id ${start.type} PRIMARY KEY); CREATE TABLE f (r ${start.type} REFERENCES p (id));`;
      for (const target of TYPES) {
        // Empty tables and `USING NULL`: only the key can make the statement fail.
        const referenced = await succeeds(`${tables} ALTER TABLE p ALTER COLUMN id SET DATA TYPE ${columnType(target)} USING NULL`);
        if (foreignKeyTypesFit(target, start) !== referenced) wrong.push(`p.id ${start.type} -> ${sqlType(target)}: server ${referenced}`);
        const referencing = await succeeds(`${tables} ALTER TABLE f ALTER COLUMN r SET DATA TYPE ${columnType(target)} USING NULL`);
        if (foreignKeyTypesFit(start, target) !== referencing) wrong.push(`f.r ${start.type} -> ${sqlType(target)}: server ${referencing}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('sameFamily: two types of one family are accepted by the same referencing types (so the rule may skip the search for them)', () => {
    let pairs = 0;
    for (const a of TYPES) {
      for (const b of TYPES) {
        if (!sameFamily(a, b)) continue;
        pairs++;
        for (const referencing of TYPES) expect(foreignKeyTypesFit(a, referencing), `${sqlType(a)} / ${sqlType(b)} <- ${sqlType(referencing)}`).toBe(foreignKeyTypesFit(b, referencing));
      }
    }
    expect(pairs).toBeGreaterThan(TYPES.length);
    expect(sameFamily({ type: 'varchar(100)' }, { type: 'text' })).toBe(true);
    expect(sameFamily({ type: 'uuid' }, { type: 'text' })).toBe(false);
    expect(sameFamily({ type: 'citext' }, { type: 'citext' })).toBe(false);
  });

  it('says nothing about types it does not know', () => {
    expect(foreignKeyTypesFit({ type: 'integer[]' }, { type: 'integer[]' })).toBeUndefined();
    expect(foreignKeyTypesFit({ type: 'citext' }, { type: 'text' })).toBeUndefined();
    expect(foreignKeyTypesFit({ type: 'role[]', typeSchema: 'public' }, { type: 'text' })).toBeUndefined();
  });
});
