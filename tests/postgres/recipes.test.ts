import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { RECIPES, recipeStepLock, recipeStepSql, renderRecipe, type RecipeId, type RecipeNames } from '../../src/migration/recipes.js';
import { MigrationProject } from './migration-project.js';
import { migrateObservingLocks, probe, strength } from './recipe-observer.js';
import { ACTIVE_SQL_TRANSACTION, LOCK_NOT_AVAILABLE, createTestDatabase, type TestDatabase } from './test-database.js';

const SCHEMA_HEAD = "import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';\n";
const OWNERS = "export const owners = pgTable('owners', { id: integer('id').primaryKey() });\n";
function schema(itemColumns: string, extra = ''): string {
  return `${SCHEMA_HEAD}${OWNERS}export const items = pgTable('items', { id: integer('id').primaryKey(), ${itemColumns} }${extra});\n`;
}
const V1 = schema("name: text('name'), ownerId: integer('owner_id')");

let db: TestDatabase;
let s: { migrator: pg.Client; holder: pg.Client; observer: pg.Client; prober: pg.Client };
let project: MigrationProject;
const exercised = new Set<RecipeId>();

beforeAll(async () => {
  db = await createTestDatabase();
  const [migrator, holder, observer, prober] = await Promise.all([db.connect(), db.connect(), db.connect(), db.connect()]);
  s = { migrator, holder, observer, prober };
  await observer.query("SET lock_timeout = '10s'"); // a leftover lock fails the reset instead of hanging the suite
});
afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await s.observer.query('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  project = new MigrationProject();
});
afterEach(async () => {
  // A failed assertion must not leave a lock behind for the next test's reset.
  await s.holder.query('ROLLBACK').catch(() => {});
  await s.migrator.query('ROLLBACK').catch(() => {});
  await s.holder.query('SELECT pg_advisory_unlock_all()');
  project.remove();
});

/** Generates and applies the initial schema, then loads 100 owners and 10k items (1% with NULL name). */
async function initialRun(): Promise<void> {
  project.generate('init', V1);
  await project.migrate(s.migrator);
  await s.observer.query(`
    INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
    INSERT INTO items SELECT g, CASE WHEN g % 100 = 0 THEN NULL ELSE 'item ' || g END, 1 + g % 100 FROM generate_series(1, 10000) g;`);
}

function steps(id: RecipeId, names: RecipeNames) {
  exercised.add(id);
  return RECIPES[id].steps.map((step) => ({ step, sql: recipeStepSql(step, names) ?? '', lock: recipeStepLock(step) }));
}

/** Repeats one batch statement, each in its own autocommit transaction, until it updates nothing. */
async function runBatches(client: pg.Client, sql: string): Promise<number[]> {
  const counts: number[] = [];
  for (;;) {
    const { rowCount } = await client.query(sql);
    if (!rowCount) return counts;
    counts.push(rowCount);
  }
}

async function appliedMigrations(): Promise<number> {
  return Number((await s.observer.query('SELECT count(*) FROM drizzle.__drizzle_migrations')).rows[0].count);
}

async function constraintValidated(name: string): Promise<boolean | undefined> {
  return (await s.observer.query('SELECT convalidated FROM pg_constraint WHERE conname = $1', [name])).rows[0]?.convalidated;
}

describe('recipes through drizzle-orm node-postgres migrate()', () => {
  it('not-null-via-check: backfill, NOT VALID check, VALIDATE in a later run, then SET NOT NULL', async () => {
    await initialRun();
    const names = { table: 'items', column: 'name', value: "'unnamed'", batchSize: 40 };
    const [backfill, addCheck, validate, setNotNull, dropCheck] = steps('not-null-via-check', names);

    expect(await runBatches(s.observer, backfill.sql)).toEqual([40, 40, 20]);

    const m1 = project.custom('check_name_not_null', addCheck.sql);
    const run1 = await migrateObservingLocks(project, m1.tag, s, ['items']);
    expect(run1.locks.items).toBe(addCheck.lock);
    expect(await constraintValidated('items_name_not_null')).toBe(false);

    const m2 = project.custom('validate_name_not_null', validate.sql);
    const run2 = await migrateObservingLocks(project, m2.tag, s, ['items']);
    expect(run2).toEqual({ locks: { items: validate.lock }, selectBlocked: false, insertBlocked: false });
    expect(await constraintValidated('items_name_not_null')).toBe(true);

    const m3 = project.generate('name_not_null', schema("name: text('name').notNull(), ownerId: integer('owner_id')"));
    expect(m3.sql.trim()).toBe(setNotNull.sql);
    project.edit(m3.tag, (sql) => `${sql}--> statement-breakpoint\n${dropCheck.sql}`);
    const run3 = await migrateObservingLocks(project, m3.tag, s, ['items']);
    expect(run3.locks.items).toBe(setNotNull.lock);
    const column = await s.observer.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'name'");
    expect(column.rows[0].attnotnull).toBe(true);
    expect(await constraintValidated('items_name_not_null')).toBeUndefined();
    expect(await appliedMigrations()).toBe(4);
  });

  it('not-null-via-check, wrongly in one run: VALIDATE scans while the ACCESS EXCLUSIVE of ADD CONSTRAINT is still held', async () => {
    await initialRun();
    await s.observer.query("UPDATE items SET name = 'x' WHERE name IS NULL");
    const [, addCheck, validate] = steps('not-null-via-check', { table: 'items', column: 'name' });
    project.custom('check_name_not_null', addCheck.sql);
    const m2 = project.custom('validate_name_not_null', validate.sql);
    const run = await migrateObservingLocks(project, m2.tag, s, ['items']);
    expect(run).toEqual({ locks: { items: 'ACCESS EXCLUSIVE' }, selectBlocked: true, insertBlocked: true });
    expect(strength(run.locks.items)).toBeGreaterThan(strength(validate.lock));
  });

  it('foreign-key-not-valid: generated FK edited to NOT VALID, VALIDATE in a later run', async () => {
    await initialRun();
    const names = { table: 'items', column: 'owner_id', constraint: 'items_owner_id_owners_id_fk', referencedTable: 'owners', referencedColumn: 'id' };
    const [addFk, validate] = steps('foreign-key-not-valid', names);
    const m1 = project.generate('owner_fk', schema("name: text('name'), ownerId: integer('owner_id').references(() => owners.id)"));
    expect(`${m1.sql.trim().replace(/;$/, '')} NOT VALID;`).toBe(addFk.sql);
    project.edit(m1.tag, () => addFk.sql);
    const run1 = await migrateObservingLocks(project, m1.tag, s, ['items', 'owners']);
    expect(run1.locks).toEqual({ items: addFk.lock, owners: LOCK_FACTS['add-foreign-key-not-valid'].referencedLock });
    expect(await constraintValidated(names.constraint)).toBe(false);

    const m2 = project.custom('validate_owner_fk', validate.sql);
    const run2 = await migrateObservingLocks(project, m2.tag, s, ['items', 'owners']);
    expect(run2).toEqual({ locks: { items: validate.lock, owners: LOCK_FACTS['validate-foreign-key'].referencedLock }, selectBlocked: false, insertBlocked: false });
    expect(await probe(s.prober, 'INSERT INTO owners VALUES (5000)')).toBeUndefined();
    expect(await constraintValidated(names.constraint)).toBe(true);
  });

  it('create-index-concurrently: built outside the migrator, generated CREATE INDEX replaced by a lock-free guard', async () => {
    await initialRun();
    const names = { table: 'items', column: 'name', index: 'items_name_idx' };
    const [build, guard] = steps('create-index-concurrently', names);
    const withIndex = schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name)]");

    const early = project.generate('name_idx', withIndex);
    expect(early.sql).toContain('CREATE INDEX "items_name_idx" ON "items" USING btree ("name");');
    project.edit(early.tag, () => guard.sql);
    await expect(project.migrate(s.migrator)).rejects.toMatchObject({ cause: { message: expect.stringContaining('missing or invalid') } });

    await s.observer.query(build.sql);
    const run = await migrateObservingLocks(project, early.tag, s, ['items']);
    expect(run).toEqual({ locks: { items: guard.lock }, selectBlocked: false, insertBlocked: false });
    const index = await s.observer.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass");
    expect(index.rows[0].indisvalid).toBe(true);
    expect(await appliedMigrations()).toBe(2);
  });

  it('create-index-concurrently-in-migration: COMMIT / CONCURRENTLY / BEGIN breakpoints work with the migrator and take only SHARE UPDATE EXCLUSIVE', async () => {
    await initialRun();
    const [edited] = steps('create-index-concurrently-in-migration', { table: 'items', column: 'name', index: 'items_name_idx' });
    project.custom('earlier_pending', 'INSERT INTO "owners" VALUES (1000);');
    const m = project.generate('name_idx', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name)]"));
    expect(m.sql.trim()).toBe('CREATE INDEX "items_name_idx" ON "items" USING btree ("name");');
    project.edit(m.tag, () => edited.sql);

    // A write transaction left open makes the build wait after taking its lock, so we can look at it.
    await s.holder.query('BEGIN; INSERT INTO items (id) VALUES (20001)');
    const pid = (await s.migrator.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const run = project.migrate(s.migrator);
    let held: string[] = [];
    for (let i = 0; i < 250 && held.length === 0; i++) {
      held = (await s.observer.query("SELECT mode FROM pg_locks WHERE pid = $1 AND relation = 'items'::regclass AND granted", [pid])).rows.map((r) => r.mode);
      if (held.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(held).toEqual(['ShareUpdateExclusiveLock']);
    expect(edited.lock).toBe('SHARE UPDATE EXCLUSIVE');
    expect(await probe(s.prober, "INSERT INTO items (id, name) VALUES (20002, 'x')")).toBeUndefined();
    await s.holder.query('COMMIT');
    await run;

    const index = await s.observer.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass");
    expect(index.rows[0].indisvalid).toBe(true);
    expect(await appliedMigrations()).toBe(3);
    expect((await s.observer.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")).rowCount).toBe(0);
  });

  it('CONCURRENTLY left as generated fails under the migrator and rolls back every pending migration', async () => {
    project.generate('init', V1);
    const m = project.generate('name_idx', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name).concurrently()]"));
    expect(m.sql).toContain('CREATE INDEX CONCURRENTLY');
    await expect(project.migrate(s.migrator)).rejects.toMatchObject({ cause: { code: ACTIVE_SQL_TRANSACTION } });
    expect((await s.observer.query("SELECT to_regclass('items') AS t")).rows[0].t).toBeNull();
    expect(await appliedMigrations()).toBe(0);
  });

  it('COMMIT without a breakpoint before CONCURRENTLY fails, after committing the earlier migrations of the run', async () => {
    project.generate('init', V1);
    const m = project.generate('name_idx', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name)]"));
    project.edit(m.tag, () => 'COMMIT;\nCREATE INDEX CONCURRENTLY "items_name_idx" ON "items" USING btree ("name");');
    await expect(project.migrate(s.migrator)).rejects.toMatchObject({ cause: { code: ACTIVE_SQL_TRANSACTION } });
    expect((await s.observer.query("SELECT to_regclass('items') AS t")).rows[0].t).not.toBeNull();
    expect(await appliedMigrations()).toBe(1);
  });

  it('expand-contract-rename-column: add, backfill outside, drop in a later run; no row loses its value', async () => {
    await initialRun();
    const names = { table: 'items', column: 'name', newColumn: 'title', type: 'text', batchSize: 2500 };
    const [add, , backfill, , drop] = steps('expand-contract-rename-column', names);
    const m1 = project.generate('add_title', schema("name: text('name'), title: text('title'), ownerId: integer('owner_id')"));
    expect(m1.sql.trim()).toBe(add.sql);
    const run1 = await migrateObservingLocks(project, m1.tag, s, ['items']);
    expect(run1.locks.items).toBe(add.lock);

    const before = (await s.observer.query('SELECT count(name) FROM items')).rows[0].count;
    expect(await runBatches(s.observer, backfill.sql)).toEqual([2500, 2500, 2500, 2400]);

    const m2 = project.generate('drop_name', schema("title: text('title'), ownerId: integer('owner_id')"));
    expect(m2.sql.trim()).toBe(drop.sql);
    const run2 = await migrateObservingLocks(project, m2.tag, s, ['items']);
    expect(run2.locks.items).toBe(drop.lock);
    expect((await s.observer.query('SELECT count(title) FROM items')).rows[0].count).toBe(before);
  });

  it('batched-backfill: a batch holds ROW EXCLUSIVE and row locks on its own rows only', async () => {
    await initialRun();
    const [batch] = steps('batched-backfill', { table: 'items', column: 'name', newColumn: 'name', value: "'filled'", batchSize: 50 });
    await s.migrator.query('BEGIN');
    const touched = await s.migrator.query(`${batch.sql} RETURNING id`);
    expect(touched.rowCount).toBe(50);
    const pid = (await s.migrator.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const locks = await s.observer.query("SELECT mode FROM pg_locks WHERE pid = $1 AND relation = 'items'::regclass AND granted", [pid]);
    expect(locks.rows.map((r) => r.mode).sort()).toEqual(['AccessShareLock', 'RowExclusiveLock']); // ACCESS SHARE from the sub-select
    expect(batch.lock).toBe('ROW EXCLUSIVE');
    const touchedId = touched.rows[0].id;
    expect(await probe(s.prober, 'INSERT INTO items (id) VALUES (30001)')).toBeUndefined();
    expect(await probe(s.prober, 'UPDATE items SET name = name WHERE id = 1')).toBeUndefined();
    expect(await probe(s.prober, `UPDATE items SET name = name WHERE id = ${touchedId}`)).toBe(LOCK_NOT_AVAILABLE);
    await s.migrator.query('COMMIT');
    expect(await runBatches(s.observer, batch.sql)).toEqual([50]);
    expect((await s.observer.query('SELECT count(*) FROM items WHERE name IS NULL')).rows[0].count).toBe('0');
  });

  it('exercises every recipe, and renders each with the user names', () => {
    expect([...exercised].sort()).toEqual(Object.keys(RECIPES).sort());
    for (const id of Object.keys(RECIPES)) {
      const lines = renderRecipe(id, { table: 'users', column: 'email', newColumn: 'email_address', referencedTable: 'orgs' });
      expect(lines.length).toBe(RECIPES[id as RecipeId].steps.length);
      lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1}\\. [A-Z].*\\.$`)));
      expect(lines.join('\n')).toContain('users');
      expect(lines.join('\n')).not.toMatch(/\{\w+\}/);
    }
    expect(renderRecipe('no-such-recipe', { table: 'users' })).toEqual([]);
  });
});
