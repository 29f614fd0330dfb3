/**
 * Shared set-up of the recipe suites: one throwaway database per test file, four sessions (migrator,
 * advisory-lock holder, observer, prober), a fresh `public` schema and drizzle-kit project per test.
 */
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { RECIPES, recipeStepLock, recipeStepSql, type RecipeId, type RecipeNames } from '../../src/migration/recipes.js';
import { MigrationProject } from './migration-project.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export { runBatches } from './test-database.js';

export type Sessions = { migrator: pg.Client; holder: pg.Client; observer: pg.Client; prober: pg.Client };

export interface RecipeSuite {
  s: Sessions;
  project: MigrationProject;
}

export const SCHEMA_HEAD = "import { bigint, check, index, integer, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';\nimport { sql } from 'drizzle-orm';\n";
export const OWNERS = "export const owners = pgTable('owners', { id: integer('id').primaryKey() });\n";

/** schema.ts with `owners` and `items (id, …itemColumns)`. */
export function schema(itemColumns: string, extra = '', owners = OWNERS): string {
  return `${SCHEMA_HEAD}${owners}export const items = pgTable('items', { id: integer('id').primaryKey(), ${itemColumns} }${extra});\n`;
}
export const V1 = schema("name: text('name'), ownerId: integer('owner_id')");

/** Registers the hooks of one test file; the returned object holds the current sessions and project. */
export function recipeSuite(): RecipeSuite {
  let db: TestDatabase;
  const suite = {} as RecipeSuite;
  beforeAll(async () => {
    db = await createTestDatabase();
    const [migrator, holder, observer, prober] = await Promise.all([db.connect(), db.connect(), db.connect(), db.connect()]);
    suite.s = { migrator, holder, observer, prober };
    await observer.query("SET lock_timeout = '10s'"); // a leftover lock fails the reset instead of hanging the suite
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    await suite.s.observer.query('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    suite.project = new MigrationProject();
  });
  afterEach(async () => {
    // A failed assertion must not leave a lock behind for the next test's reset.
    await suite.s.holder.query('ROLLBACK').catch(() => {});
    await suite.s.migrator.query('ROLLBACK').catch(() => {});
    await suite.s.holder.query('SELECT pg_advisory_unlock_all()');
    suite.project.remove();
  });
  return suite;
}

/** Generates and applies `initial` (default V1), then loads 100 owners and 10k items (1% with NULL name). */
export async function initialRun(suite: RecipeSuite, initial = V1): Promise<void> {
  suite.project.generate('init', initial);
  await suite.project.migrate(suite.s.migrator);
  await suite.s.observer.query(`
    INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
    INSERT INTO items (id, name, owner_id) SELECT g, CASE WHEN g % 100 = 0 THEN NULL ELSE 'item ' || g END, 1 + g % 100 FROM generate_series(1, 10000) g;`);
}

export function steps(id: RecipeId, names: RecipeNames) {
  return RECIPES[id].steps.map((step) => ({ step, sql: recipeStepSql(step, names) ?? '', lock: recipeStepLock(step) }));
}

/** Repeats one batch statement, each in its own autocommit transaction, until it changes nothing. */

export async function appliedMigrations(suite: RecipeSuite): Promise<number> {
  return Number((await suite.s.observer.query('SELECT count(*) FROM drizzle.__drizzle_migrations')).rows[0].count);
}

export async function constraintValidated(suite: RecipeSuite, name: string): Promise<boolean | undefined> {
  return (await suite.s.observer.query('SELECT convalidated FROM pg_constraint WHERE conname = $1', [name])).rows[0]?.convalidated;
}

export async function relfilenode(suite: RecipeSuite, table: string): Promise<string> {
  return (await suite.s.observer.query('SELECT relfilenode FROM pg_class WHERE oid = to_regclass($1)', [table])).rows[0].relfilenode;
}

/** Ids of the recipes a test file runs: every `steps('<id>'` call in its source. */
export function recipesRunIn(source: string): string[] {
  return [...source.matchAll(/\bsteps\('([a-z-]+)'/g)].map((m) => m[1]);
}
