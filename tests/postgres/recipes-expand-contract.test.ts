/**
 * Multi-release recipes (expand / backfill / contract, two-release drops, enum values) run end to end
 * through drizzle-orm's node-postgres `migrate()`, with migrations written by the real drizzle-kit.
 * A separate file from recipes.test.ts so vitest runs the two suites in parallel.
 */
import { describe, expect, it } from 'vitest';
import { migrateObservingLocks, probe } from './recipe-observer.js';
import { OWNERS, SCHEMA_HEAD, V1, appliedMigrations, constraintValidated, initialRun, recipeSuite, relfilenode, runBatches, schema, steps } from './recipe-suite.js';
import { LOCK_NOT_AVAILABLE } from './test-database.js';

const suite = recipeSuite();
const V1_ITEMS = "name: text('name'), ownerId: integer('owner_id')";

async function count(sql: string): Promise<number> {
  return Number((await suite.s.observer.query(sql)).rows[0].count);
}

async function columnFacts(table: string, column: string): Promise<{ type: string; notNull: boolean } | undefined> {
  const r = await suite.s.observer.query('SELECT format_type(atttypid, atttypmod) AS type, attnotnull AS "notNull" FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped', [table, column]);
  return r.rows[0];
}

/** Locks one open batch holds on `tables`, then commits it. */
async function locksOfOpenBatch(sql: string, tables: string[]): Promise<Record<string, string[]>> {
  const { migrator, observer } = suite.s;
  await migrator.query('BEGIN');
  await migrator.query(sql);
  const pid = (await migrator.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const locks: Record<string, string[]> = {};
  for (const table of tables) {
    locks[table] = (await observer.query('SELECT mode FROM pg_locks WHERE pid = $1 AND relation = to_regclass($2) AND granted', [pid, table])).rows.map((r) => r.mode).sort();
  }
  return locks;
}

describe('multi-release recipes through drizzle-orm node-postgres migrate()', () => {
  it('add-required-column: nullable add, backfill outside, NOT VALID check, VALIDATE later, SET NOT NULL', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'code', type: 'text', value: `'c-' || "id"`, batchSize: 4000 };
    const [add, , backfill, addCheck, validate, setNotNull, dropCheck] = steps('add-required-column', names);

    const m1 = suite.project.generate('add_code', schema(`${V1_ITEMS}, code: text('code')`));
    expect(m1.sql.trim()).toBe(add.sql);
    expect((await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items'])).locks.items).toBe(add.lock);
    await suite.s.observer.query("INSERT INTO items (id, name) VALUES (10001, 'from the old app version')"); // still works: it does not send code

    expect(await runBatches(suite.s.observer, backfill.sql)).toEqual([4000, 4000, 2001]);
    const m2 = suite.project.custom('check_code', addCheck.sql);
    expect((await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items'])).locks.items).toBe(addCheck.lock);
    const m3 = suite.project.custom('validate_code', validate.sql);
    expect(await migrateObservingLocks(suite.project, m3.tag, suite.s, ['items'])).toEqual({ locks: { items: validate.lock }, selectBlocked: false, insertBlocked: false });
    const m4 = suite.project.generate('code_required', schema(`${V1_ITEMS}, code: text('code').notNull()`));
    expect(m4.sql.trim()).toBe(setNotNull.sql);
    suite.project.edit(m4.tag, (sql) => `${sql}--> statement-breakpoint\n${dropCheck.sql}`);
    expect((await migrateObservingLocks(suite.project, m4.tag, suite.s, ['items'])).locks.items).toBe(setNotNull.lock);

    expect(await columnFacts('items', 'code')).toEqual({ type: 'text', notNull: true });
    expect(await constraintValidated(suite, 'items_code_not_null')).toBeUndefined();
    expect(await count(`SELECT count(*) FROM items WHERE code = 'c-' || id`)).toBe(10001);
  });

  it('volatile-default-in-steps: add without default, backfill outside, SET DEFAULT in a later run without a rewrite', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'token', type: 'uuid', value: 'gen_random_uuid()', batchSize: 5000 };
    const [add, , backfill, setDefault] = steps('volatile-default-in-steps', names);
    const m1 = suite.project.generate('add_token', schema(`${V1_ITEMS}, token: uuid('token')`));
    expect(m1.sql.trim()).toBe(add.sql);
    expect((await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items'])).locks.items).toBe(add.lock);
    expect(await runBatches(suite.s.observer, backfill.sql)).toEqual([5000, 5000]);

    const file = await relfilenode(suite, 'items');
    const m2 = suite.project.generate('token_default', schema(`${V1_ITEMS}, token: uuid('token').defaultRandom()`));
    expect(m2.sql.trim()).toBe(setDefault.sql);
    expect((await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items'])).locks.items).toBe(setDefault.lock);
    expect(await relfilenode(suite, 'items')).toBe(file);
    await suite.s.observer.query('INSERT INTO items (id) VALUES (10001)');
    expect(await count('SELECT count(DISTINCT token) FROM items')).toBe(10001);
  });

  it('expand-contract-change-type: integer to bigint through a new column, no row loses its value', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'owner_id', newColumn: 'owner_id_new', type: 'bigint', batchSize: 5000 };
    const [add, , backfill, , drop] = steps('expand-contract-change-type', names);
    const m1 = suite.project.generate('add_owner_id_new', schema(`${V1_ITEMS}, ownerIdNew: bigint('owner_id_new', { mode: 'number' })`));
    expect(m1.sql.trim()).toBe(add.sql);
    expect((await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items'])).locks.items).toBe(add.lock);
    const sum = (await suite.s.observer.query('SELECT sum(owner_id)::text AS s FROM items')).rows[0].s;
    expect(await runBatches(suite.s.observer, backfill.sql)).toEqual([5000, 5000]);

    const m2 = suite.project.generate('drop_owner_id', schema("name: text('name'), ownerIdNew: bigint('owner_id_new', { mode: 'number' })"));
    expect(m2.sql.trim()).toBe(drop.sql);
    expect((await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items'])).locks.items).toBe(drop.lock);
    expect(await columnFacts('items', 'owner_id_new')).toEqual({ type: 'bigint', notNull: false });
    expect((await suite.s.observer.query('SELECT sum(owner_id_new)::text AS s FROM items')).rows[0].s).toBe(sum);
  });

  it('expand-contract-rename-table: owners to accounts, copy in batches outside, drop in a later run', async () => {
    await initialRun(suite);
    const accounts = "export const accounts = pgTable('accounts', { id: integer('id').primaryKey() });\n";
    const [create, , copy, , drop] = steps('expand-contract-rename-table', { table: 'owners', newTable: 'accounts', batchSize: 40 });
    const m1 = suite.project.generate('accounts', schema(V1_ITEMS, '', OWNERS + accounts));
    expect(m1.sql).toContain('CREATE TABLE "accounts"');
    expect(await migrateObservingLocks(suite.project, m1.tag, suite.s, ['owners'], 'owners')).toEqual({ locks: { owners: create.lock }, selectBlocked: false, insertBlocked: false });

    await suite.s.observer.query('INSERT INTO owners VALUES (101); INSERT INTO accounts VALUES (101)'); // the app writes both
    expect(await locksOfOpenBatch(copy.sql, ['accounts', 'owners'])).toEqual({ accounts: ['AccessShareLock', 'RowExclusiveLock'], owners: ['AccessShareLock'] }); // ACCESS SHARE from the sub-selects
    expect(copy.lock).toBe('ROW EXCLUSIVE');
    expect(await probe(suite.s.prober, 'INSERT INTO owners VALUES (102)')).toBeUndefined();
    await suite.s.migrator.query('COMMIT');
    expect(await runBatches(suite.s.observer, copy.sql)).toEqual([40, 20]);
    expect(await count('SELECT count(*) FROM accounts')).toBe(101);

    const m2 = suite.project.generate('drop_owners', schema(V1_ITEMS, '', accounts));
    expect(m2.sql.trim()).toBe(drop.sql);
    const run2 = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['owners'], 'owners');
    expect(run2.locks.owners).toBe(drop.lock);
    expect((await suite.s.observer.query("SELECT to_regclass('owners') AS t")).rows[0].t).toBeNull();
  });

  it('drop-column-two-releases: DROP NOT NULL first, code stops using it, DROP COLUMN in a later run', async () => {
    suite.project.generate('init', schema(`${V1_ITEMS}, legacy: text('legacy').notNull()`));
    await suite.project.migrate(suite.s.migrator);
    await suite.s.observer.query("INSERT INTO items (id, legacy) SELECT g, 'old' FROM generate_series(1, 1000) g");
    const [relax, , drop] = steps('drop-column-two-releases', { table: 'items', column: 'legacy' });

    const m1 = suite.project.generate('legacy_nullable', schema(`${V1_ITEMS}, legacy: text('legacy')`));
    expect(m1.sql.trim()).toBe(relax.sql);
    expect((await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items'])).locks.items).toBe(relax.lock);
    await suite.s.observer.query("INSERT INTO items (id, name) VALUES (1001, 'new code')"); // the new version no longer sends legacy
    expect(await count('SELECT count(legacy) FROM items')).toBe(1000); // the old version still reads it

    const m2 = suite.project.generate('drop_legacy', V1);
    expect(m2.sql.trim()).toBe(drop.sql);
    expect((await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items'])).locks.items).toBe(drop.lock);
    expect(await columnFacts('items', 'legacy')).toBeUndefined();
    expect(await count('SELECT count(*) FROM items')).toBe(1001);
  });

  it('drop-table-two-releases: the generated DROP TABLE in a later run', async () => {
    await initialRun(suite);
    const [, drop] = steps('drop-table-two-releases', { table: 'owners' });
    const m = suite.project.generate('drop_owners', schema(V1_ITEMS, '', ''));
    expect(m.sql.trim()).toBe(drop.sql);
    const run = await migrateObservingLocks(suite.project, m.tag, suite.s, ['owners'], 'owners');
    expect(run).toEqual({ locks: { owners: drop.lock }, selectBlocked: true, insertBlocked: true });
    expect((await suite.s.observer.query("SELECT to_regclass('owners') AS t")).rows[0].t).toBeNull();
    expect(await count('SELECT count(*) FROM items')).toBe(10000);
  });

  it('batched-delete: a batch holds ROW EXCLUSIVE and row locks on its own rows only', async () => {
    await initialRun(suite);
    const [batch] = steps('batched-delete', { table: 'items', condition: '"name" IS NULL', batchSize: 40 });
    expect(await locksOfOpenBatch(batch.sql, ['items'])).toEqual({ items: ['AccessShareLock', 'RowExclusiveLock'] });
    expect(batch.lock).toBe('ROW EXCLUSIVE');
    expect(await probe(suite.s.prober, 'INSERT INTO items (id) VALUES (30001)')).toBeUndefined();
    expect(await probe(suite.s.prober, 'UPDATE items SET name = name WHERE id = 1')).toBeUndefined();
    expect(await probe(suite.s.prober, 'DELETE FROM items WHERE name IS NULL')).toBe(LOCK_NOT_AVAILABLE);
    await suite.s.migrator.query('COMMIT');
    expect(await runBatches(suite.s.observer, batch.sql)).toEqual([40, 20]);
    expect(await count('SELECT count(*) FROM items WHERE name IS NULL')).toBe(0);
  });

  it('retire-enum-value keeps the type (no migration), add-enum-value appends without a table lock', async () => {
    const enumSchema = (values: string) => `${SCHEMA_HEAD}export const itemKind = pgEnum('item_kind', [${values}]);\nexport const items = pgTable('items', { id: integer('id').primaryKey(), kind: itemKind('kind') });\n`;
    const init = suite.project.generate('init', enumSchema("'book', 'dvd', 'tape'"));
    await suite.project.migrate(suite.s.migrator);
    await suite.s.observer.query("INSERT INTO items SELECT g, (ARRAY['book', 'dvd', 'tape'])[1 + g % 3]::item_kind FROM generate_series(1, 9000) g");
    const [, move, keep] = steps('retire-enum-value', { table: 'items', column: 'kind', enumName: 'item_kind', enumValue: 'tape', replacement: 'dvd', batchSize: 2000 });

    expect(await locksOfOpenBatch(move.sql, ['items'])).toEqual({ items: ['AccessShareLock', 'RowExclusiveLock'] });
    expect(move.lock).toBe('ROW EXCLUSIVE');
    await suite.s.migrator.query('COMMIT');
    expect(await runBatches(suite.s.observer, move.sql)).toEqual([1000]);
    expect(await count("SELECT count(*) FROM items WHERE kind = 'tape'")).toBe(0);
    expect(keep.sql).toBe('');
    expect(suite.project.generate('unchanged', enumSchema("'book', 'dvd', 'tape'")).tag).toBe(init.tag);
    await suite.s.observer.query("INSERT INTO items VALUES (9001, 'tape')"); // an old app version that still writes it keeps working

    const [add] = steps('add-enum-value', { table: 'items', schema: 'public', enumName: 'item_kind', enumValue: 'vinyl' });
    const m = suite.project.generate('add_vinyl', enumSchema("'book', 'dvd', 'tape', 'vinyl'"));
    expect(m.sql.trim()).toBe(add.sql);
    expect(await migrateObservingLocks(suite.project, m.tag, suite.s, ['items'])).toEqual({ locks: { items: add.lock }, selectBlocked: false, insertBlocked: false });
    expect(add.lock).toBe('none');
    expect(await appliedMigrations(suite)).toBe(2);
  });
});

describe('lock-timeout through drizzle-orm node-postgres migrate()', () => {
  it('SET LOCAL lock_timeout first: a blocked run fails fast, applies nothing, leaves no setting behind, and succeeds later', async () => {
    await initialRun(suite);
    const [set] = steps('lock-timeout', { table: 'items', lockTimeout: '300ms' });
    const m = suite.project.generate('add_note', schema(`${V1_ITEMS}, note: text('note')`));
    suite.project.edit(m.tag, (sql) => `${set.sql}--> statement-breakpoint\n${sql}`);
    await suite.s.holder.query('BEGIN; SELECT count(*) FROM items'); // a long read holds ACCESS SHARE
    const started = Date.now();
    await expect(suite.project.migrate(suite.s.migrator)).rejects.toMatchObject({ cause: { code: LOCK_NOT_AVAILABLE } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await appliedMigrations(suite)).toBe(1);
    expect((await suite.s.migrator.query('SHOW lock_timeout')).rows[0].lock_timeout).toBe('0');
    await suite.s.holder.query('COMMIT');
    await suite.project.migrate(suite.s.migrator);
    expect(await appliedMigrations(suite)).toBe(2);
    expect((await suite.s.migrator.query('SHOW lock_timeout')).rows[0].lock_timeout).toBe('0');
    expect(await columnFacts('items', 'note')).toEqual({ type: 'text', notNull: false });
  });
});
