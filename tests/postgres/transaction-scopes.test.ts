import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgresJs } from 'drizzle-orm/postgres-js/migrator';
import type pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { transactionsOf, type TransactionScope } from '../../src/migration/transaction-scopes.js';
import { resolveSettings } from '../../src/core/settings.js';
import requireLockTimeout from '../../src/rules/require-lock-timeout.js';
import { MigrationProject } from './migration-project.js';
import { ensureToolInstalled, kitRcV9 } from '../support/drizzle-kit-oracle.js';
import { ACTIVE_SQL_TRANSACTION, useTestDatabase } from './test-database.js';

/**
 * The transaction each statement of a migration runs in, as `transaction-scopes.ts` reads it, against what
 * drizzle-orm's migrator and the server do with the same file: hand-written `COMMIT`/`BEGIN` (and their
 * spellings), with and without `--> statement-breakpoint` between them. Three migrators: node-postgres and
 * postgres-js, and drizzle-orm 1.0 RC's node-postgres one on its folder-per-migration layout.
 * Two observations per layout:
 * - outside any transaction block: a `CREATE INDEX CONCURRENTLY` put there succeeds, else fails with 25001;
 * - the same transaction: `txid_current()` at each position (sent as a notice, which survives a `ROLLBACK`).
 */
const CONTROL = ['COMMIT', 'BEGIN', 'END', 'START TRANSACTION', 'ROLLBACK', 'COMMIT AND CHAIN'] as const;
const TIMEOUTS = ["SET lock_timeout = '5s'", "SET LOCAL lock_timeout = '5s'", 'RESET lock_timeout'] as const;
type Item = 'S' | (typeof CONTROL)[number] | (typeof TIMEOUTS)[number];
interface Layout {
  items: Item[];
  /** `breaks[i]`: a breakpoint after item i. */
  breaks: boolean[];
}

const NAMED: Layout[] = [
  // The create-index-concurrently-in-migration recipe, and the same without its breakpoints.
  { items: ['S', 'COMMIT', 'S', 'BEGIN', 'S'], breaks: [true, true, true, true] },
  { items: ['S', 'COMMIT', 'S', 'BEGIN', 'S'], breaks: [true, false, false, true] },
  // A block the file opens and closes, then autocommit to the end of the file.
  { items: ['COMMIT', 'BEGIN', 'S', 'S', 'COMMIT', 'S', 'S'], breaks: [true, true, true, true, true, true] },
  { items: ['END', 'S', 'S', 'START TRANSACTION', 'S'], breaks: [true, true, false, true] },
  { items: ['S', 'ROLLBACK', 'S', 'S'], breaks: [true, true, true] },
  { items: ['S', 'COMMIT AND CHAIN', 'S', 'COMMIT', 'S'], breaks: [true, true, true, true] },
  // Without any breakpoint the whole file is one query.
  { items: ['S', 'COMMIT', 'S', 'S'], breaks: [false, false, false] },
  { items: ['BEGIN', 'S', 'S'], breaks: [true, true] },
];

/** Deterministic layouts (mulberry32, fixed seed): 2–7 items, a breakpoint after each with probability 2/3. */
function randomLayouts(count: number, seed: number, others: readonly Item[] = CONTROL): Layout[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const length = 2 + Math.floor(next() * 6);
    const items = Array.from({ length }, (): Item => (next() < 0.5 ? 'S' : others[Math.floor(next() * others.length)]));
    if (!items.includes('S')) items.push('S');
    return { items, breaks: items.slice(1).map(() => next() < 2 / 3) };
  });
}

function render({ items, breaks }: Layout, statementAt: (position: number) => string): string {
  return items.map((item, i) => `${item === 'S' ? statementAt(i) : item};${i < items.length - 1 ? (breaks[i] ? '--> statement-breakpoint\n' : '\n') : ''}`).join('');
}

const BP = '--> statement-breakpoint\n';
const LAYOUTS = [...NAMED, ...randomLayouts(60, 20261127)];
const db = useTestDatabase();
let project: MigrationProject;
let tag: string;
let runs = 0;

beforeAll(async () => {
  await loadSqlParser();
  project = new MigrationProject();
  writeFileSync(join(project.dir, 'schema.ts'), 'export {};\n');
  tag = project.custom('layout', 'SELECT 1;').tag;
  await db().query('CREATE TABLE probe (x int)');
}, 60_000);
afterAll(() => project?.remove());

/** One of drizzle's migrators on one connection, with the notices the server sent it. */
interface Runner {
  notices: string[];
  /** Runs `text` as the only pending migration (a fresh migrations table each time); the SQLSTATE it fails with, if any. */
  migrateOnce(text: string): Promise<string | undefined>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

const sqlState = (error: unknown) => {
  // drizzle wraps the driver's error; the SQLSTATE is on its cause.
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return cause?.code ?? code ?? String(error);
};

/**
 * Runs a migrate call; the SQLSTATE it fails with, if any. Then rolls back, since a failure can leave the
 * session in an aborted block (a `BEGIN` the file opened after its `COMMIT`).
 */
async function attempt(migrateCall: () => Promise<void>, rollback: () => Promise<unknown>): Promise<string | undefined> {
  const state = await migrateCall().then(() => undefined, sqlState);
  await rollback().catch(() => undefined);
  return state;
}

/** Writes `text` to `file`, the only pending migration, and runs it with a fresh migrations table. */
function migrateOnce(file: string, text: string, run: (migrationsTable: string) => Promise<void>, rollback: () => Promise<unknown>): Promise<string | undefined> {
  writeFileSync(file, text);
  const migrationsTable = `m_${++runs}`;
  return attempt(() => run(migrationsTable), rollback);
}

/** A runner on the test database's node-postgres client; `migrateWith` calls one drizzle-orm version's migrator. */
function nodePostgresRunner(file: string, migrateWith: (client: pg.Client, migrationsTable: string) => Promise<void>, cleanup = () => {}): Runner {
  const client = db();
  const notices: string[] = [];
  const listen = (notice: { message?: string }) => notices.push(notice.message ?? '');
  client.on('notice', listen);
  return {
    notices,
    migrateOnce: (text) => migrateOnce(file, text, (migrationsTable) => migrateWith(client, migrationsTable), () => client.query('ROLLBACK')),
    query: (sql) => client.query(sql),
    end: async () => {
      client.off('notice', listen);
      cleanup();
    },
  };
}

const RUNNERS: Array<[string, () => Runner | Promise<Runner>]> = [
  ['node-postgres', () => nodePostgresRunner(join(project.out, `${tag}.sql`), (client, migrationsTable) => migrate(drizzle(client), { migrationsFolder: project.out, migrationsTable }))],
  [
    'postgres-js',
    () => {
      const notices: string[] = [];
      // One connection, as a migrate script pins it: a session `SET` must meet the next statement.
      const sql = postgres({ host: '127.0.0.1', port: 5432, username: 'postgres', database: db().database, max: 1, onnotice: (n) => notices.push(n.message) });
      return {
        notices,
        migrateOnce: (text) => migrateOnce(join(project.out, `${tag}.sql`), text, (migrationsTable) => migratePostgresJs(drizzlePostgresJs(sql), { migrationsFolder: project.out, migrationsTable }), () => sql.unsafe('ROLLBACK')),
        query: (text) => sql.unsafe(text),
        end: () => sql.end(),
      };
    },
  ],
  [
    'node-postgres (drizzle-orm 1.0 RC)',
    async () => {
      // drizzle-orm 1.0.0-rc.5 from the RC tools folder, on the 1.0 layout: one folder per migration.
      ensureToolInstalled(kitRcV9);
      const rc = path.join(kitRcV9.toolDir!, 'node_modules/drizzle-orm');
      const { drizzle: drizzleRc } = await import(pathToFileURL(path.join(rc, 'node-postgres/index.js')).href);
      const { migrate: migrateRc } = await import(pathToFileURL(path.join(rc, 'node-postgres/migrator.js')).href);
      const out = mkdtempSync(path.join(tmpdir(), 'dm-rc-migrations-'));
      mkdirSync(path.join(out, '20261127000000_layout'));
      return nodePostgresRunner(
        path.join(out, '20261127000000_layout/migration.sql'),
        (client, migrationsTable) => migrateRc(drizzleRc({ client }), { migrationsFolder: out, migrationsTable }),
        () => rmSync(out, { recursive: true, force: true }),
      );
    },
  ],
];

/** The scope of each statement of `text` (one statement per layout item) under drizzle's migrator. */
function modelScopes(text: string): TransactionScope[] {
  const { statements } = readMigration(text);
  const transactions = transactionsOf(statements, { drizzleMigrator: true });
  return statements.map((s) => transactions.get(s)!.scope);
}

/**
 * Runs `layout` with a `RAISE NOTICE` of `expression` at each statement position; the value seen at each
 * position (notices survive a `ROLLBACK`), or undefined when the layout fails on its own.
 */
async function probeAt(runner: Runner, layout: Layout, expression: string): Promise<{ text: string; values: Map<number, string> } | undefined> {
  runner.notices.length = 0;
  const text = render(layout, (i) => `DO $$ BEGIN RAISE NOTICE 'probe % %', ${i}, ${expression}; END $$`);
  if (await runner.migrateOnce(text)) return undefined;
  const probes = runner.notices.filter((n) => n.startsWith('probe ')).map((n) => n.split(' '));
  return { text, values: new Map(probes.map(([, position, value]) => [Number(position), value])) };
}

/** Both answers must occur often, or the oracle proves little. */
function expectBothOften(total: number, yes: number, minTotal: number, minEach: number): void {
  expect(total).toBeGreaterThan(minTotal);
  expect(yes).toBeGreaterThan(minEach);
  expect(total - yes).toBeGreaterThan(minEach);
}

describe.each(RUNNERS)("transaction scopes against drizzle's %s migrator", (_name, connect) => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await connect();
  }, 120_000);
  afterAll(() => runner?.end());

  it('a statement runs outside any transaction block exactly where the model says `none`', async () => {
    let checked = 0;
    let outside = 0;
    for (const layout of LAYOUTS) {
      const failsAlone = await runner.migrateOnce(render(layout, () => 'SELECT 1'));
      if (failsAlone) continue; // e.g. `COMMIT AND CHAIN` with no transaction open: the file fails on its own.
      for (const [position, item] of layout.items.entries()) {
        if (item !== 'S') continue;
        const probe = `CREATE INDEX CONCURRENTLY "probe_${runs + 1}" ON "probe" ("x")`;
        const text = render(layout, (i) => (i === position ? probe : 'SELECT 1'));
        const kinds = modelScopes(text).map((scope) => scope.kind);
        const state = await runner.migrateOnce(text);
        expect([text, state === undefined ? 'none' : state], text).toEqual([text, kinds[position] === 'none' ? 'none' : ACTIVE_SQL_TRANSACTION]);
        checked++;
        if (!state) outside++;
      }
    }
    expectBothOften(checked, outside, 80, 20);
  }, 120_000);

  it('two statements share a transaction exactly where the model gives them one scope', async () => {
    let pairs = 0;
    let shared = 0;
    for (const layout of LAYOUTS) {
      const probed = await probeAt(runner, layout, 'txid_current()');
      if (!probed) continue;
      const scopes = modelScopes(probed.text);
      const positions = [...probed.values.keys()];
      expect(positions.length).toBe(layout.items.filter((i) => i === 'S').length);
      for (const p of positions) {
        for (const q of positions.filter((q) => q > p)) {
          const same = scopes[p] === scopes[q] && scopes[p].kind !== 'none';
          expect([probed.text, p, q, probed.values.get(p) === probed.values.get(q)]).toEqual([probed.text, p, q, same]);
          pairs++;
          if (same) shared++;
        }
      }
    }
    expectBothOften(pairs, shared, 100, 30);
  }, 120_000);

  it('require-lock-timeout reports a statement exactly where the server has no lock_timeout in effect', async () => {
    const layouts = randomLayouts(60, 1127, [...CONTROL, ...TIMEOUTS, ...TIMEOUTS]);
    let checked = 0;
    let bounded = 0;
    for (const layout of layouts) {
      // Each run starts from the server default: a session `SET` of the previous layout must not carry over.
      await runner.query('RESET lock_timeout');
      const probed = await probeAt(runner, layout, "current_setting('lock_timeout')");
      if (!probed) continue;
      const text = render(layout, () => 'ALTER TABLE "probe" DROP COLUMN IF EXISTS "absent"');
      const findings = requireLockTimeout.checkMigration!({ file: '/m/0000_x.sql', text, statements: readMigration(text).statements, settings: resolveSettings({}, '/m') });
      const reported = new Set(findings.map((f) => text.slice(0, f.span.start).split(';').length - 1));
      for (const [position, value] of probed.values) {
        expect([probed.text, position, reported.has(position)]).toEqual([probed.text, position, value === '0']);
        checked++;
        if (value !== '0') bounded++;
      }
    }
    expectBothOften(checked, bounded, 100, 30);
  }, 120_000);
});

describe('require-begin-after-commit: what a COMMIT with no BEGIN after it leaves behind, through the migrator', () => {
  const session = useTestDatabase();
  let three: MigrationProject;
  let tags: string[];
  let scenarios = 0;

  beforeAll(() => {
    three = new MigrationProject();
    writeFileSync(join(three.dir, 'schema.ts'), 'export {};\n');
    tags = ['first', 'second', 'third'].map((name) => three.custom(name, 'SELECT 1;').tag);
  }, 60_000);
  afterAll(() => three?.remove());

  /** Writes the three migrations (`{p}` becomes a prefix unique to the scenario) and runs them twice. */
  async function scenario(files: [string, string, string]) {
    const client = session();
    const notices: string[] = [];
    const listen = (n: { message?: string }) => notices.push(n.message ?? '');
    client.on('notice', listen);
    const p = `s${++scenarios}_`;
    files.forEach((sql, i) => writeFileSync(join(three.out, `${tags[i]}.sql`), sql.replaceAll('{p}', p)));
    const migrationsTable = `${p}migrations`;
    const again = () => attempt(() => migrate(drizzle(client), { migrationsFolder: three.out, migrationsTable }), () => client.query('ROLLBACK'));
    const tablesNow = async () => (await client.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE '${p}t%' ORDER BY 1`)).rows.map((r) => r.tablename.slice(p.length));
    const first = await again();
    const tables = await tablesNow();
    const recorded = Number((await client.query(`SELECT count(*) FROM drizzle."${migrationsTable}"`)).rows[0].count);
    const second = await again();
    const tablesAfterSecond = await tablesNow();
    client.off('notice', listen);
    return { first, tables, recorded, second, tablesAfterSecond, notices };
  }

  it('a failure after the COMMIT in the same file: the statements before it stay, the file is unrecorded and fails again from its first statement', async () => {
    const result = await scenario(['CREATE TABLE "{p}t1" (id int);', `CREATE TABLE "{p}t2" (id int);${BP}COMMIT;${BP}CREATE TABLE "{p}t3" (id int);${BP}SELECT 1/0;`, 'SELECT 1;']);
    expect(result).toMatchObject({ first: '22012', tables: ['t1', 't2', 't3'], recorded: 1, second: '42P07' });
  });

  it('a failure in a later migration of the run: its statements before the failure stay too, and it is unrecorded', async () => {
    const result = await scenario(['SELECT 1;', `COMMIT;${BP}CREATE TABLE "{p}t1" (id int);`, `CREATE TABLE "{p}t2" (id int);${BP}SELECT 1/0;`]);
    expect(result).toMatchObject({ first: '22012', tables: ['t1', 't2'], recorded: 2, second: '42P07' });
  });

  it('with a BEGIN after the statements the rest of the run is one transaction again: a later failure rolls it back, and the next run can finish', async () => {
    const result = await scenario(['SELECT 1;', `COMMIT;${BP}CREATE TABLE "{p}t1" (id int);${BP}BEGIN;${BP}CREATE TABLE "{p}t2" (id int);`, `CREATE TABLE "{p}t3" (id int);${BP}SELECT 1/0;`]);
    expect(result).toMatchObject({ first: '22012', tables: ['t1'], recorded: 1, second: '42P07' });
    // The second run fails only on what ran outside the transaction (t1); with `IF NOT EXISTS` there it would go on.
  });

  it('a ROLLBACK undoes the earlier migrations of the run, the run still succeeds, and the high-water mark never applies them (no rule reports it yet)', async () => {
    const result = await scenario(['CREATE TABLE "{p}t1" (id int);', `ROLLBACK;${BP}CREATE TABLE "{p}t2" (id int);`, 'SELECT 1;']);
    expect(result).toMatchObject({ first: undefined, tables: ['t2'], recorded: 2, second: undefined, tablesAfterSecond: ['t2'] });
  });

  it('a BEGIN inside the migrator transaction only warns, and its COMMIT commits the earlier migrations of the run', async () => {
    const result = await scenario(['CREATE TABLE "{p}t1" (id int);', `BEGIN;${BP}CREATE TABLE "{p}t2" (id int);${BP}COMMIT;${BP}SELECT 1/0;`, 'SELECT 1;']);
    expect(result.notices).toContain('there is already a transaction in progress');
    expect(result).toMatchObject({ first: '22012', tables: ['t1', 't2'], recorded: 1, second: '42P07' });
  });
});
