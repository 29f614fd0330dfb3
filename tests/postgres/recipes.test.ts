import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';
import { RECIPES, renderRecipe, type RecipeId } from '../../src/migration/recipes.js';
import { migrateObservingLocks, probe, strength } from './recipe-observer.js';
import { V1, appliedMigrations, constraintValidated, initialRun, recipeSuite, recipesRunIn, runBatches, schema, steps } from './recipe-suite.js';
import { ACTIVE_SQL_TRANSACTION, LOCK_NOT_AVAILABLE, sqlState } from './test-database.js';

const UNIQUE_VIOLATION = '23505';

const suite = recipeSuite();

describe('recipes through drizzle-orm node-postgres migrate()', () => {
  it('not-null-via-check: backfill, NOT VALID check, VALIDATE in a later run, then SET NOT NULL', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'name', value: "'unnamed'", batchSize: 40 };
    const [, backfill, addCheck, validate, setNotNull, dropCheck] = steps('not-null-via-check', names);

    expect(await runBatches(suite.s.observer, backfill.sql)).toEqual([40, 40, 20]);

    const m1 = suite.project.custom('check_name_not_null', addCheck.sql);
    const run1 = await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items']);
    expect(run1.locks.items).toBe(addCheck.lock);
    expect(await constraintValidated(suite, 'items_name_not_null')).toBe(false);

    const m2 = suite.project.custom('validate_name_not_null', validate.sql);
    const run2 = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items']);
    expect(run2).toEqual({ locks: { items: validate.lock }, selectBlocked: false, insertBlocked: false });
    expect(await constraintValidated(suite, 'items_name_not_null')).toBe(true);

    const m3 = suite.project.generate('name_not_null', schema("name: text('name').notNull(), ownerId: integer('owner_id')"));
    expect(m3.sql.trim()).toBe(setNotNull.sql);
    suite.project.edit(m3.tag, (sql) => `${sql}--> statement-breakpoint\n${dropCheck.sql}`);
    const run3 = await migrateObservingLocks(suite.project, m3.tag, suite.s, ['items']);
    expect(run3.locks.items).toBe(setNotNull.lock);
    const column = await suite.s.observer.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'name'");
    expect(column.rows[0].attnotnull).toBe(true);
    expect(await constraintValidated(suite, 'items_name_not_null')).toBeUndefined();
    expect(await appliedMigrations(suite)).toBe(4);
  });

  it('not-null-via-check, wrongly in one run: VALIDATE scans while the ACCESS EXCLUSIVE of ADD CONSTRAINT is still held', async () => {
    await initialRun(suite);
    await suite.s.observer.query("UPDATE items SET name = 'x' WHERE name IS NULL");
    const [, , addCheck, validate] = steps('not-null-via-check', { table: 'items', column: 'name' });
    suite.project.custom('check_name_not_null', addCheck.sql);
    const m2 = suite.project.custom('validate_name_not_null', validate.sql);
    const run = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items']);
    expect(run).toEqual({ locks: { items: 'ACCESS EXCLUSIVE' }, selectBlocked: true, insertBlocked: true });
    expect(strength(run.locks.items)).toBeGreaterThan(strength(validate.lock));
  });

  it('foreign-key-not-valid: generated FK edited to NOT VALID, VALIDATE in a later run', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'owner_id', constraint: 'items_owner_id_owners_id_fk', referencedTable: 'owners', referencedColumn: 'id' };
    const [addFk, validate] = steps('foreign-key-not-valid', names);
    const m1 = suite.project.generate('owner_fk', schema("name: text('name'), ownerId: integer('owner_id').references(() => owners.id)"));
    expect(`${m1.sql.trim().replace(/;$/, '')} NOT VALID;`).toBe(addFk.sql);
    suite.project.edit(m1.tag, () => addFk.sql);
    const run1 = await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items', 'owners']);
    expect(run1.locks).toEqual({ items: addFk.lock, owners: LOCK_FACTS['add-foreign-key-not-valid'].referencedLock });
    expect(await constraintValidated(suite, names.constraint)).toBe(false);

    const m2 = suite.project.custom('validate_owner_fk', validate.sql);
    const run2 = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items', 'owners']);
    expect(run2).toEqual({ locks: { items: validate.lock, owners: LOCK_FACTS['validate-foreign-key'].referencedLock }, selectBlocked: false, insertBlocked: false });
    expect(await probe(suite.s.prober, 'INSERT INTO owners VALUES (5000)')).toBeUndefined();
    expect(await constraintValidated(suite, names.constraint)).toBe(true);
  });

  it('create-index-concurrently: built outside the migrator, generated CREATE INDEX replaced by a lock-free guard', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'name', index: 'items_name_idx' };
    const [build, guard] = steps('create-index-concurrently', names);
    const withIndex = schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name)]");

    const early = suite.project.generate('name_idx', withIndex);
    expect(early.sql).toContain('CREATE INDEX "items_name_idx" ON "items" USING btree ("name");');
    suite.project.edit(early.tag, () => guard.sql);
    await expect(suite.project.migrate(suite.s.migrator)).rejects.toMatchObject({ cause: { message: expect.stringContaining('missing or invalid') } });

    await suite.s.observer.query(build.sql);
    const run = await migrateObservingLocks(suite.project, early.tag, suite.s, ['items']);
    expect(run).toEqual({ locks: { items: guard.lock }, selectBlocked: false, insertBlocked: false });
    const index = await suite.s.observer.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass");
    expect(index.rows[0].indisvalid).toBe(true);
    expect(await appliedMigrations(suite)).toBe(2);

    // drop-index-concurrently: dropped outside the migrator, generated DROP INDEX made a no-op.
    const [dropOutside, dropInMigration] = steps('drop-index-concurrently', names);
    const m2 = suite.project.generate('drop_name_idx', V1);
    expect(m2.sql.trim()).toBe('DROP INDEX "items_name_idx";');
    suite.project.edit(m2.tag, () => dropInMigration.sql);
    await suite.s.observer.query(dropOutside.sql);
    const run2 = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items']);
    expect(run2).toEqual({ locks: { items: dropInMigration.lock }, selectBlocked: false, insertBlocked: false });
    expect((await suite.s.observer.query("SELECT to_regclass('items_name_idx') AS i")).rows[0].i).toBeNull();
    expect(await appliedMigrations(suite)).toBe(3);
  });

  it('unique-constraint-using-index: unique index built outside, generated ADD CONSTRAINT replaced by UNIQUE USING INDEX', async () => {
    await initialRun(suite);
    const names = { table: 'items', constraint: 'items_name_unique', columns: ['name'] };
    const [build, adopt] = steps('unique-constraint-using-index', names);
    const m = suite.project.generate('name_unique', schema("name: text('name').unique(), ownerId: integer('owner_id')"));
    expect(m.sql.trim()).toBe('ALTER TABLE "items" ADD CONSTRAINT "items_name_unique" UNIQUE("name");');
    suite.project.edit(m.tag, () => adopt.sql);

    // A duplicate makes the build fail and leaves an INVALID index that IF NOT EXISTS would skip: the text says to drop it.
    await suite.s.observer.query("INSERT INTO items (id, name) VALUES (10001, 'item 1')");
    expect(await sqlState(() => suite.s.observer.query(build.sql))).toBe(UNIQUE_VIOLATION);
    expect((await suite.s.observer.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_unique'::regclass")).rows[0].indisvalid).toBe(false);
    const dropLeftover = 'DROP INDEX CONCURRENTLY "items_name_unique";';
    expect(renderRecipe('unique-constraint-using-index', names).join(' ')).toContain(dropLeftover);
    await suite.s.observer.query('DELETE FROM items WHERE id = 10001');
    await suite.s.observer.query(dropLeftover);
    await suite.s.observer.query(build.sql);

    const run = await migrateObservingLocks(suite.project, m.tag, suite.s, ['items']);
    expect(run.locks.items).toBe(adopt.lock);
    const constraint = await suite.s.observer.query("SELECT contype, conindid::regclass::text AS index FROM pg_constraint WHERE conname = 'items_name_unique'");
    expect(constraint.rows).toEqual([{ contype: 'u', index: 'items_name_unique' }]);
    expect(await probe(suite.s.prober, "INSERT INTO items (id, name) VALUES (10002, 'item 2')")).toBe(UNIQUE_VIOLATION);
  });

  it('check-not-valid: generated CHECK edited to NOT VALID, VALIDATE in a later run', async () => {
    await initialRun(suite);
    const names = { table: 'items', constraint: 'items_owner_positive', definition: 'CHECK ("items"."owner_id" > 0)' };
    const [add, validate] = steps('check-not-valid', names);
    const m1 = suite.project.generate('owner_check', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [check('items_owner_positive', sql`${t.ownerId} > 0`)]"));
    expect(`${m1.sql.trim().replace(/;$/, '')} NOT VALID;`).toBe(add.sql);
    suite.project.edit(m1.tag, () => add.sql);
    const run1 = await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items']);
    expect(run1.locks.items).toBe(add.lock);
    expect(await constraintValidated(suite, names.constraint)).toBe(false);

    const m2 = suite.project.custom('validate_owner_check', validate.sql);
    const run2 = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items']);
    expect(run2).toEqual({ locks: { items: validate.lock }, selectBlocked: false, insertBlocked: false });
    expect(await constraintValidated(suite, names.constraint)).toBe(true);
  });

  it('create-index-concurrently-in-migration: COMMIT / CONCURRENTLY / BEGIN breakpoints work with the migrator and take only SHARE UPDATE EXCLUSIVE', async () => {
    await initialRun(suite);
    const [edited] = steps('create-index-concurrently-in-migration', { table: 'items', column: 'name', index: 'items_name_idx' });
    suite.project.custom('earlier_pending', 'INSERT INTO "owners" VALUES (1000);');
    const m = suite.project.generate('name_idx', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name)]"));
    expect(m.sql.trim()).toBe('CREATE INDEX "items_name_idx" ON "items" USING btree ("name");');
    suite.project.edit(m.tag, () => edited.sql);

    // A write transaction left open makes the build wait after taking its lock, so we can look at it.
    await suite.s.holder.query('BEGIN; INSERT INTO items (id) VALUES (20001)');
    const pid = (await suite.s.migrator.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const run = suite.project.migrate(suite.s.migrator);
    let held: string[] = [];
    for (let i = 0; i < 250 && held.length === 0; i++) {
      held = (await suite.s.observer.query("SELECT mode FROM pg_locks WHERE pid = $1 AND relation = 'items'::regclass AND granted", [pid])).rows.map((r) => r.mode);
      if (held.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(held).toEqual(['ShareUpdateExclusiveLock']);
    expect(edited.lock).toBe('SHARE UPDATE EXCLUSIVE');
    expect(await probe(suite.s.prober, "INSERT INTO items (id, name) VALUES (20002, 'x')")).toBeUndefined();
    await suite.s.holder.query('COMMIT');
    await run;

    const index = await suite.s.observer.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass");
    expect(index.rows[0].indisvalid).toBe(true);
    expect(await appliedMigrations(suite)).toBe(3);
    expect((await suite.s.observer.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")).rowCount).toBe(0);
  });

  it('CONCURRENTLY left as generated fails under the migrator and rolls back every pending migration', async () => {
    suite.project.generate('init', V1);
    const m = suite.project.generate('name_idx', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name).concurrently()]"));
    expect(m.sql).toContain('CREATE INDEX CONCURRENTLY');
    await expect(suite.project.migrate(suite.s.migrator)).rejects.toMatchObject({ cause: { code: ACTIVE_SQL_TRANSACTION } });
    expect((await suite.s.observer.query("SELECT to_regclass('items') AS t")).rows[0].t).toBeNull();
    expect(await appliedMigrations(suite)).toBe(0);
  });

  it('COMMIT without a breakpoint before CONCURRENTLY fails, after committing the earlier migrations of the run', async () => {
    suite.project.generate('init', V1);
    const m = suite.project.generate('name_idx', schema("name: text('name'), ownerId: integer('owner_id')", ", (t) => [index('items_name_idx').on(t.name)]"));
    suite.project.edit(m.tag, () => 'COMMIT;\nCREATE INDEX CONCURRENTLY "items_name_idx" ON "items" USING btree ("name");');
    await expect(suite.project.migrate(suite.s.migrator)).rejects.toMatchObject({ cause: { code: ACTIVE_SQL_TRANSACTION } });
    expect((await suite.s.observer.query("SELECT to_regclass('items') AS t")).rows[0].t).not.toBeNull();
    expect(await appliedMigrations(suite)).toBe(1);
  });

  it('expand-contract-rename-column: add, backfill outside, drop in a later run; no row loses its value', async () => {
    await initialRun(suite);
    const names = { table: 'items', column: 'name', newColumn: 'title', type: 'text', batchSize: 2500 };
    const [add, , backfill, , drop] = steps('expand-contract-rename-column', names);
    const m1 = suite.project.generate('add_title', schema("name: text('name'), title: text('title'), ownerId: integer('owner_id')"));
    expect(m1.sql.trim()).toBe(add.sql);
    const run1 = await migrateObservingLocks(suite.project, m1.tag, suite.s, ['items']);
    expect(run1.locks.items).toBe(add.lock);

    const before = (await suite.s.observer.query('SELECT count(name) FROM items')).rows[0].count;
    expect(await runBatches(suite.s.observer, backfill.sql)).toEqual([2500, 2500, 2500, 2400]);

    const m2 = suite.project.generate('drop_name', schema("title: text('title'), ownerId: integer('owner_id')"));
    expect(m2.sql.trim()).toBe(drop.sql);
    const run2 = await migrateObservingLocks(suite.project, m2.tag, suite.s, ['items']);
    expect(run2.locks.items).toBe(drop.lock);
    expect((await suite.s.observer.query('SELECT count(title) FROM items')).rows[0].count).toBe(before);
  });

  it('batched-update: a batch holds ROW EXCLUSIVE and row locks on its own rows only', async () => {
    await initialRun(suite);
    const [batch] = steps('batched-update', { table: 'items', assignments: `"name" = 'filled'`, condition: `("name" IS NULL) AND ("name" IS DISTINCT FROM ('filled'))`, batchSize: 50 });
    await suite.s.migrator.query('BEGIN');
    const touched = await suite.s.migrator.query(`${batch.sql} RETURNING id`);
    expect(touched.rowCount).toBe(50);
    const pid = (await suite.s.migrator.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const locks = await suite.s.observer.query("SELECT mode FROM pg_locks WHERE pid = $1 AND relation = 'items'::regclass AND granted", [pid]);
    expect(locks.rows.map((r) => r.mode).sort()).toEqual(['AccessShareLock', 'RowExclusiveLock']); // ACCESS SHARE from the sub-select
    expect(batch.lock).toBe('ROW EXCLUSIVE');
    const touchedId = touched.rows[0].id;
    expect(await probe(suite.s.prober, 'INSERT INTO items (id) VALUES (30001)')).toBeUndefined();
    expect(await probe(suite.s.prober, 'UPDATE items SET name = name WHERE id = 1')).toBeUndefined();
    expect(await probe(suite.s.prober, `UPDATE items SET name = name WHERE id = ${touchedId}`)).toBe(LOCK_NOT_AVAILABLE);
    await suite.s.migrator.query('COMMIT');
    expect(await runBatches(suite.s.observer, batch.sql)).toEqual([50]);
    expect((await suite.s.observer.query('SELECT count(*) FROM items WHERE name IS NULL')).rows[0].count).toBe('0');
  });

  it('exercises every recipe, and renders each with the user names', () => {
    const sources = ['recipes.test.ts', 'recipes-expand-contract.test.ts'].map((file) => readFileSync(join(import.meta.dirname, file), 'utf8'));
    expect([...new Set(sources.flatMap(recipesRunIn))].sort()).toEqual(Object.keys(RECIPES).sort());
    for (const id of Object.keys(RECIPES)) {
      const lines = renderRecipe(id, { table: 'users', column: 'email', newColumn: 'email_address', referencedTable: 'orgs' });
      expect(lines.length).toBe(RECIPES[id as RecipeId].steps.length);
      lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1}\\. [A-Z].*\\.$`)));
      if (id !== 'add-enum-value') expect(lines.join('\n')).toContain('users');
      expect(lines.join('\n')).not.toMatch(/\{\w+\}/);
    }
    expect(renderRecipe('no-such-recipe', { table: 'users' })).toEqual([]);
  });
});
