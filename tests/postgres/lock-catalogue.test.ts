import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FACTS, type LockFact } from '../../src/migration/lock-catalogue.js';
import { checkLockFact, compare, observe, openSessions, type Sessions } from './lock-checker.js';
import { LOCK_PROBES } from './lock-probes.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

let db: TestDatabase;
let sessions: Sessions;
let serverMajor: number;

beforeAll(async () => {
  db = await createTestDatabase();
  sessions = await openSessions(db);
  serverMajor = Math.floor(Number((await sessions.admin.query('SHOW server_version_num')).rows[0].server_version_num) / 10000);
});

afterAll(async () => {
  await db?.drop();
});

describe('lock catalogue against the real server', () => {
  it('has a probe for every row and a row for every probe', () => {
    expect(Object.keys(LOCK_PROBES).sort()).toEqual(Object.keys(LOCK_FACTS).sort());
  });

  for (const fact of Object.values(LOCK_FACTS)) {
    it(`${fact.kind}: ${fact.example}`, async () => {
      if (fact.changedIn !== undefined) expect(serverMajor).toBeGreaterThanOrEqual(fact.changedIn);
      expect(await checkLockFact(sessions, fact)).toEqual([]);
    });
  }

  it('reports a mismatch for a deliberately wrong row', async () => {
    const truth = LOCK_FACTS['create-index'];
    const seen = await observe(sessions, truth);
    expect(compare(truth, seen)).toEqual([]);
    const wrongLock: LockFact = { ...truth, lock: 'SHARE UPDATE EXCLUSIVE', blocksWrites: false };
    expect(compare(wrongLock, seen)).toEqual(
      expect.arrayContaining([expect.stringContaining('lock claimed "SHARE UPDATE EXCLUSIVE", server "SHARE"'), expect.stringContaining('blocksWrites')]),
    );
    expect(compare({ ...truth, scans: false }, seen)).toEqual([expect.stringContaining('scans claimed false, server true')]);
    expect(compare({ ...truth, rewrites: true }, seen)).toEqual([expect.stringContaining('rewrites claimed true')]);
    expect(compare({ ...truth, cannotRunInTransaction: true }, seen)).toEqual([expect.stringContaining('cannotRunInTransaction')]);
  });

  it('add-unique-constraint on a column the same statement adds: the same lock and whole-table read, and no duplicate to fail on', async () => {
    const fact = { ...LOCK_FACTS['add-unique-constraint'], example: 'ALTER TABLE items ADD COLUMN code text, ADD CONSTRAINT items_code_unique UNIQUE (code)' };
    const seen = await observe(sessions, fact);
    expect(compare(fact, seen).filter((m) => !/fails/i.test(m))).toEqual([]);
    expect(seen.failsOnViolation).toBeUndefined();
  });

  it('add-enum-value: the new value is unusable until the transaction commits', async () => {
    const { a } = sessions;
    await a.query('BEGIN');
    await a.query(LOCK_FACTS['add-enum-value'].example);
    await expect(a.query("SELECT 'gift'::item_kind")).rejects.toMatchObject({ code: '55P04' });
    await a.query('ROLLBACK');
  });
});

/** Claims of the first, unverified draft of the catalogue that the server proved wrong. */
const DISPROVED_DRAFT_CLAIMS: { kind: keyof typeof LOCK_FACTS; claim: Partial<LockFact>; mismatch: string }[] = [
  { kind: 'add-column-volatile-default', claim: { scans: false }, mismatch: 'scans claimed false' },
  { kind: 'add-column-not-null-no-default', claim: { scans: false }, mismatch: 'scans claimed false' },
  { kind: 'add-enum-value', claim: { lock: 'ACCESS SHARE' }, mismatch: 'lock claimed "ACCESS SHARE", server "none"' },
  { kind: 'update-rows', claim: { locksRows: false }, mismatch: 'second session UPDATE of a row claimed false' },
  { kind: 'validate-foreign-key', claim: { referencedLock: undefined }, mismatch: 'referencedLock claimed "none", server "ROW SHARE"' },
];

describe('folklore the server disproved', () => {
  for (const { kind, claim, mismatch } of DISPROVED_DRAFT_CLAIMS) {
    it(`${kind}: ${JSON.stringify(claim)}`, async () => {
      const seen = await observe(sessions, LOCK_FACTS[kind]);
      expect(compare({ ...LOCK_FACTS[kind], ...claim }, seen)).toEqual(expect.arrayContaining([expect.stringContaining(mismatch)]));
    });
  }
});
