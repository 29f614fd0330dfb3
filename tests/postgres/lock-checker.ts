import type pg from 'pg';
import { LOCK_MODES, lockConflicts, type LockFact, type LockMode, type TableLock } from '../../src/migration/lock-catalogue.js';
import { LOCK_PROBES, RESET_SQL } from './lock-probes.js';
import { ACTIVE_SQL_TRANSACTION, LOCK_NOT_AVAILABLE, sqlState, type TestDatabase } from './test-database.js';

/** What the server did when the example ran. */
export interface Observation {
  cannotRunInTransaction: boolean;
  lock: TableLock;
  referencedLock: TableLock;
  rewrites: boolean;
  scans: boolean;
  /** SQLSTATE per second-session probe; `undefined` = it went through. */
  select: string | undefined;
  insert: string | undefined;
  update: string | undefined;
  referencedSelect: string | undefined;
  referencedInsert: string | undefined;
  /** SQLSTATE of the example on the violating table; undefined when no violation probe exists or it succeeded. */
  failsOnViolation?: string | undefined;
}

/** Four sessions on one database: A runs the example, B probes, C holds a blocker, admin resets. */
export interface Sessions {
  a: pg.Client;
  b: pg.Client[];
  c: pg.Client;
  admin: pg.Client;
}

export async function openSessions(db: TestDatabase): Promise<Sessions> {
  const [a, c, admin, ...b] = await Promise.all(Array.from({ length: 8 }, () => db.connect()));
  return { a, b, c, admin };
}

/** `pg_locks.mode` → the lock's SQL name. */
export const PG_LOCK_NAMES: Record<string, LockMode> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

function strongest(pgModes: string[]): TableLock {
  const modes = pgModes.map((m) => PG_LOCK_NAMES[m]).filter(Boolean);
  if (modes.length === 0) return 'none';
  return modes.reduce((a, b) => (LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b));
}

async function granted(client: pg.Client, pid: number, relation: number): Promise<string[]> {
  const r = await client.query('SELECT mode FROM pg_locks WHERE pid = $1 AND relation = $2 AND granted', [pid, relation]);
  return r.rows.map((x) => x.mode as string);
}

/** Runs `sql` in its own transaction with `lock_timeout = 200ms` and rolls it back. */
async function probe(client: pg.Client, sql: string): Promise<string | undefined> {
  await client.query("BEGIN; SET LOCAL lock_timeout = '200ms'; SET LOCAL enable_seqscan = off");
  try {
    return await sqlState(() => client.query(sql));
  } finally {
    await client.query('ROLLBACK');
  }
}

const SECOND_SESSION = {
  select: 'SELECT name FROM items WHERE id = 1',
  insert: "INSERT INTO items (id, qty, owner_id) VALUES (100001, 1, 1)",
  update: 'UPDATE items SET qty = qty WHERE id = 1',
  referencedSelect: 'SELECT name FROM owners WHERE id = 1',
  referencedInsert: "INSERT INTO owners (id, name) VALUES (100001, 'x')",
} as const;

async function secondSessionProbes(b: pg.Client[]) {
  const keys = Object.keys(SECOND_SESSION) as (keyof typeof SECOND_SESSION)[];
  const states = await Promise.all(keys.map((k, i) => probe(b[i], SECOND_SESSION[k])));
  return Object.fromEntries(keys.map((k, i) => [k, states[i]])) as Record<keyof typeof SECOND_SESSION, string | undefined>;
}

async function reset(s: Sessions, statements: string[]): Promise<{ items: number; owners: number }> {
  await s.admin.query(RESET_SQL);
  for (const statement of statements) await s.admin.query(statement);
  const r = await s.admin.query("SELECT 'items'::regclass::oid AS items, 'owners'::regclass::oid AS owners");
  return { items: Number(r.rows[0].items), owners: Number(r.rows[0].owners) };
}

async function pid(client: pg.Client): Promise<number> {
  return (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
}

async function filenode(client: pg.Client, oid: number): Promise<string | null> {
  return (await client.query('SELECT pg_relation_filenode($1) AS f', [oid])).rows[0].f;
}

async function xactSeqScans(client: pg.Client, oid: number): Promise<number> {
  const r = await client.query('SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = $1', [oid]);
  return Number(r.rows[0]?.seq_scan ?? 0);
}

/** Inside one transaction on A: locks held, relfilenode and this transaction's seq scans, then B's probes; rolled back. */
async function observeInTransaction(s: Sessions, example: string, oids: { items: number; owners: number }) {
  const aPid = await pid(s.a);
  await s.a.query('BEGIN');
  try {
    const nodeBefore = await filenode(s.a, oids.items);
    const scansBefore = await xactSeqScans(s.a, oids.items);
    await s.a.query(example);
    const nodeAfter = await filenode(s.a, oids.items);
    const scansAfter = await xactSeqScans(s.a, oids.items);
    const lock = strongest(await granted(s.a, aPid, oids.items));
    const referencedLock = strongest(await granted(s.a, aPid, oids.owners));
    const second = await secondSessionProbes(s.b);
    return { lock, referencedLock, rewrites: nodeAfter !== null && nodeAfter !== nodeBefore, scans: scansAfter > scansBefore, ...second };
  } finally {
    await s.a.query('ROLLBACK');
  }
}

/**
 * For statements that refuse transaction blocks: C keeps a write transaction open, so the statement
 * waits for it after taking its table lock; B reads A's locks and probes meanwhile, then C commits.
 */
async function observeOutsideTransaction(s: Sessions, example: string, oids: { items: number; owners: number }) {
  const aPid = await pid(s.a);
  const observer = s.b[0];
  const scansBefore = await flushedSeqScans(s, oids.items);
  const nodeBefore = await filenode(observer, oids.items);
  await s.c.query("BEGIN; INSERT INTO items (id, qty) VALUES (200001, 1)");
  const running = s.a.query(example).then(() => undefined, (e: { code?: string }) => e.code ?? 'unknown');
  try {
    let held: string[] = [];
    for (let i = 0; i < 100 && held.length === 0; i++) {
      held = await granted(observer, aPid, oids.items);
      if (held.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    const lock = strongest(held);
    const referencedLock = strongest(await granted(observer, aPid, oids.owners));
    const second = await secondSessionProbes(s.b);
    return { lock, referencedLock, ...second, finish: async () => {
      await s.c.query('COMMIT');
      const failed = await running;
      if (failed) throw new Error(`example failed with ${failed}`);
      const scansAfter = await flushedSeqScans(s, oids.items);
      return { rewrites: (await filenode(observer, oids.items)) !== nodeBefore, scans: scansAfter > scansBefore };
    } };
  } catch (error) {
    await s.c.query('ROLLBACK');
    await running;
    throw error;
  }
}

/** Table-wide seq scans after A has flushed its statistics. */
async function flushedSeqScans(s: Sessions, oid: number): Promise<number> {
  await s.a.query('SELECT pg_stat_force_next_flush()');
  await s.b[0].query('SELECT pg_stat_clear_snapshot()');
  const r = await s.b[0].query('SELECT seq_scan FROM pg_stat_user_tables WHERE relid = $1', [oid]);
  return Number(r.rows[0]?.seq_scan ?? 0);
}

async function runsInTransaction(s: Sessions, example: string): Promise<boolean> {
  await s.a.query('BEGIN');
  try {
    return (await sqlState(() => s.a.query(example))) !== ACTIVE_SQL_TRANSACTION;
  } finally {
    await s.a.query('ROLLBACK');
  }
}

export async function observe(s: Sessions, fact: LockFact): Promise<Observation> {
  const probeSpec = LOCK_PROBES[fact.kind];
  let oids = await reset(s, probeSpec.setup ?? []);
  const cannotRunInTransaction = !(await runsInTransaction(s, fact.example));
  let measured: Omit<Observation, 'cannotRunInTransaction' | 'failsOnViolation'>;
  if (cannotRunInTransaction) {
    oids = await reset(s, probeSpec.setup ?? []);
    const { finish, ...held } = await observeOutsideTransaction(s, fact.example, oids);
    measured = { ...held, ...(await finish()) };
  } else {
    measured = await observeInTransaction(s, fact.example, oids);
  }
  let failsOnViolation: string | undefined;
  if (probeSpec.violation) {
    await reset(s, probeSpec.violation);
    await s.a.query('BEGIN');
    failsOnViolation = await sqlState(() => s.a.query(fact.example));
    await s.a.query('ROLLBACK');
  }
  return { cannotRunInTransaction, ...measured, failsOnViolation };
}

function blocked(state: string | undefined): boolean | string {
  if (state === undefined) return false;
  if (state === LOCK_NOT_AVAILABLE) return true;
  return `error ${state}`;
}

/** Differences between a catalogue row and what the server did; empty when the row is true. */
export function compare(fact: LockFact, seen: Observation): string[] {
  const mismatches: string[] = [];
  const expect = (field: string, claimed: unknown, actual: unknown) => {
    if (claimed !== actual) mismatches.push(`${fact.kind}: ${field} claimed ${JSON.stringify(claimed)}, server ${JSON.stringify(actual)}`);
  };
  expect('cannotRunInTransaction', fact.cannotRunInTransaction, seen.cannotRunInTransaction);
  expect('lock', fact.lock, seen.lock);
  expect('referencedLock', fact.referencedLock ?? 'none', seen.referencedLock);
  expect('rewrites', fact.rewrites, seen.rewrites);
  expect('scans', fact.scans, seen.scans);
  expect('blocksReads (second session SELECT)', fact.blocksReads, blocked(seen.select));
  expect('blocksWrites (second session INSERT)', fact.blocksWrites, blocked(seen.insert));
  expect('second session UPDATE of a row', fact.blocksWrites || fact.locksRows === true, blocked(seen.update));
  const referenced = fact.referencedLock ?? 'none';
  expect('referenced table SELECT blocked', lockConflicts(referenced, 'ACCESS SHARE'), blocked(seen.referencedSelect));
  expect('referenced table INSERT blocked', lockConflicts(referenced, 'ROW EXCLUSIVE'), blocked(seen.referencedInsert));
  const hasViolationProbe = LOCK_PROBES[fact.kind].violation !== undefined;
  expect('has a violation probe when failsWhen is set', fact.failsWhen !== undefined, hasViolationProbe);
  if (hasViolationProbe) expect('fails on the violating table', true, seen.failsOnViolation !== undefined);
  return mismatches;
}

export async function checkLockFact(s: Sessions, fact: LockFact): Promise<string[]> {
  return compare(fact, await observe(s, fact));
}
