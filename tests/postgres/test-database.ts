import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };

export interface TestDatabase {
  name: string;
  /** A new connected client on this database; the caller ends it (or `drop()` does). */
  connect(): Promise<pg.Client>;
  drop(): Promise<void>;
}

/** Creates `dm_locks_<random>`; `drop()` ends every client it handed out and drops the database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `dm_locks_${randomBytes(5).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const clients: pg.Client[] = [];
  return {
    name,
    async connect() {
      const client = new pg.Client({ ...SERVER, database: name });
      client.on('error', () => {}); // a terminated backend must not crash the test process
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.allSettled(clients.map((c) => c.end()));
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ ...SERVER, database: 'postgres' });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** SQLSTATE of a failed query, or undefined when it succeeded. */
export async function sqlState(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'unknown';
  }
}

export const LOCK_NOT_AVAILABLE = '55P03';
export const ACTIVE_SQL_TRANSACTION = '25001';

/**
 * Runs a batched statement until it changes 0 rows, each run in its own transaction (autocommit), and
 * returns the row count of each batch. Throws after `maxBatches`, so a loop that never ends fails the test.
 */
export async function runBatches(client: pg.Client, sql: string, maxBatches = 1000): Promise<number[]> {
  const counts: number[] = [];
  for (;;) {
    const { rowCount } = await client.query(sql);
    if (!rowCount) return counts;
    counts.push(rowCount);
    if (counts.length >= maxBatches) throw new Error(`still changing rows after ${maxBatches} batches: ${sql}`);
  }
}

/**
 * One throwaway database for the calling `describe`: created (with one client) before its tests, dropped after.
 * Returns the client's getter, valid inside the tests.
 */
export function useTestDatabase(before?: () => Promise<void>): () => pg.Client {
  let db: TestDatabase | undefined;
  let client: pg.Client | undefined;
  beforeAll(async () => {
    await before?.();
    db = await createTestDatabase();
    client = await db.connect();
  });
  afterAll(() => db?.drop());
  return () => {
    if (!client) throw new Error('useTestDatabase: the client is only there inside the tests');
    return client;
  };
}
