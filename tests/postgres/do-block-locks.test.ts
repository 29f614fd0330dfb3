import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { observe, openSessions, type Sessions } from './lock-checker.js';
import { LOCK_PROBES, RESET_SQL } from './lock-probes.js';
import { createTestDatabase, sqlState, type TestDatabase } from './test-database.js';

/**
 * The reader runs the statements of drizzle-kit 0.29's `DO $$ BEGIN … EXCEPTION WHEN duplicate_object
 * THEN null; END $$;` wrapper as if written plainly. The server decides whether that is true: for every
 * catalogued example, the wrapped form must take the same locks, block the same second-session
 * queries, rewrite and scan the same, and fail on the same rows with the same SQLSTATE.
 */
let db: TestDatabase;
let sessions: Sessions;

// The tests are made from what the reader reads, so the parser loads before they are collected.
await loadSqlParser();

beforeAll(async () => {
  db = await createTestDatabase();
  sessions = await openSessions(db);
});

afterAll(async () => {
  await db?.drop();
});

const wrap = (sql: string) => `DO $$ BEGIN\n ${sql};\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$`;

describe('statements in a DO block against the real server', () => {
  for (const fact of Object.values(LOCK_FACTS)) {
    const wrapped = wrap(fact.example);
    const read = readMigration(wrapped).statements;
    const unwrapped = read.length === 1 && read[0].doBlock !== undefined;

    if (unwrapped) {
      it(`${fact.kind}: read through, and the server behaves as for the plain statement`, async () => {
        expect(read.map((s) => s.kind)).toEqual(readMigration(fact.example).statements.map((s) => s.kind));
        const plain = await observe(sessions, fact);
        expect(await observe(sessions, { ...fact, example: wrapped })).toEqual(plain);
      });
    } else {
      it(`${fact.kind}: stays opaque, and the server refuses to run it in a DO block even outside a transaction`, async () => {
        expect(fact.cannotRunInTransaction).toBe(true);
        await sessions.admin.query(RESET_SQL);
        for (const statement of LOCK_PROBES[fact.kind].setup ?? []) await sessions.admin.query(statement);
        expect(await sqlState(() => sessions.a.query(wrapped))).toBeDefined();
        expect(await sqlState(() => sessions.a.query(fact.example))).toBeUndefined();
      });
    }
  }

  // A hand-written idempotency guard, true on the deploy that makes the change.
  const guard = (sql: string) => `DO $$ BEGIN\n IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'dm_no_such_relation') THEN\n  ${sql};\n END IF;\nEND $$`;
  for (const fact of Object.values(LOCK_FACTS).filter((f) => !f.cannotRunInTransaction)) {
    it(`${fact.kind} under an IF NOT EXISTS guard on the catalog: read through, and the server behaves as for the plain statement`, async () => {
      const guarded = guard(fact.example);
      const read = readMigration(guarded).statements;
      expect(read.map((s) => [s.kind, s.doBlock !== undefined])).toEqual(readMigration(fact.example).statements.map((s) => [s.kind, true]));
      expect(await observe(sessions, { ...fact, example: guarded })).toEqual(await observe(sessions, fact));
    });
  }

  it('the handler does not catch a type mismatch in a new key (42804), so the wrapped key fails as the plain one', async () => {
    await sessions.admin.query(RESET_SQL);
    const key = 'ALTER TABLE items ADD CONSTRAINT items_name_fk FOREIGN KEY (name) REFERENCES owners (id)';
    expect(await sqlState(() => sessions.a.query(wrap(key)))).toBe('42804');
    expect(await sqlState(() => sessions.a.query(key))).toBe('42804');
  });

  it("the legacy fixture's history: drizzle-kit 0.29's wrapped migrations run until version 3's text-to-integer key, as 0.31's plain ones", async () => {
    const project = join(import.meta.dirname, '../fixtures/projects/legacy-do-blocks');
    const run = async (out: string) => {
      const { a } = sessions;
      await a.query('DROP SCHEMA IF EXISTS legacy CASCADE; CREATE SCHEMA legacy; SET search_path TO legacy, public');
      const states: Array<string | undefined> = [];
      try {
        for (const file of ['0000_v01.sql', '0001_v02.sql', '0002_v03.sql']) {
          const chunks = readFileSync(join(project, out, file), 'utf8').split('--> statement-breakpoint');
          // One migration per transaction, as when each deploy applies one.
          await a.query('BEGIN');
          let state: string | undefined;
          for (const chunk of chunks) {
            state = await sqlState(() => a.query(chunk.replaceAll('"public".', '')));
            if (state) break;
          }
          await a.query(state ? 'ROLLBACK' : 'COMMIT');
          states.push(state);
        }
      } finally {
        await a.query('DROP SCHEMA IF EXISTS legacy CASCADE; SET search_path TO DEFAULT');
      }
      return states;
    };
    expect(await run('drizzle-029')).toEqual([undefined, undefined, '42804']);
    expect(await run('drizzle')).toEqual([undefined, undefined, '42804']);
  });
});
