import type pg from 'pg';
import { LOCK_MODES, type TableLock } from '../../src/migration/lock-catalogue.js';
import type { MigrationProject } from './migration-project.js';
import { PG_LOCK_NAMES } from './lock-checker.js';
import { LOCK_NOT_AVAILABLE, sqlState } from './test-database.js';

const HOOK_KEY = 4242;

export function strength(lock: TableLock): number {
  return lock === 'none' ? -1 : LOCK_MODES.indexOf(lock);
}

export interface HeldAtEnd {
  /** Strongest lock per table the migrator's transaction holds when it reaches the end of the run. */
  locks: Record<string, TableLock>;
  selectBlocked: boolean;
  insertBlocked: boolean;
}

/**
 * Observation hook: appends `SELECT pg_advisory_xact_lock(4242)` as a last chunk of `tag` while
 * `holder` owns that advisory lock, so the migrator's transaction pauses right before COMMIT
 * holding every lock the run took. `observer` reads them and probes the table; then the run finishes.
 */
export async function migrateObservingLocks(
  project: MigrationProject,
  tag: string,
  sessions: { migrator: pg.Client; holder: pg.Client; observer: pg.Client; prober: pg.Client },
  tables: string[],
  probeTable = 'items',
): Promise<HeldAtEnd> {
  project.edit(tag, (sql) => `${sql}\n--> statement-breakpoint\nSELECT pg_advisory_xact_lock(${HOOK_KEY});`);
  const { migrator, holder, observer, prober } = sessions;
  const pid = (await migrator.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  await holder.query('SELECT pg_advisory_lock($1)', [HOOK_KEY]);
  const run = project.migrate(migrator).then(() => undefined, (e: Error) => e);
  try {
    await waitFor(async () => (await observer.query("SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted", [pid])).rowCount === 1, run);
    const locks: Record<string, TableLock> = {};
    for (const table of tables) {
      const r = await observer.query('SELECT mode FROM pg_locks WHERE pid = $1 AND relation = to_regclass($2) AND granted', [pid, table]);
      locks[table] = r.rows.map((x) => PG_LOCK_NAMES[x.mode]).reduce<TableLock>((a, b) => (strength(b) > strength(a) ? b : a), 'none');
    }
    const selectBlocked = (await probe(prober, `SELECT * FROM ${probeTable} LIMIT 1`)) === LOCK_NOT_AVAILABLE;
    const insertBlocked = (await probe(prober, `INSERT INTO ${probeTable} DEFAULT VALUES`)) === LOCK_NOT_AVAILABLE;
    return { locks, selectBlocked, insertBlocked };
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [HOOK_KEY]);
    const failed = await run;
    if (failed) throw failed;
  }
}

/** Runs `sql` in a rolled-back transaction with `lock_timeout = 200ms`; returns its SQLSTATE. */
export async function probe(client: pg.Client, sql: string): Promise<string | undefined> {
  await client.query("BEGIN; SET LOCAL lock_timeout = '200ms'");
  try {
    return await sqlState(() => client.query(sql));
  } finally {
    await client.query('ROLLBACK');
  }
}

async function waitFor(condition: () => Promise<boolean>, run: Promise<Error | undefined>): Promise<void> {
  let finished = false;
  void run.then(() => (finished = true));
  for (let i = 0; i < 250; i++) {
    if (await condition()) return;
    if (finished) throw (await run) ?? new Error('migrate() finished before reaching the observation hook');
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('migrate() never reached the observation hook');
}
