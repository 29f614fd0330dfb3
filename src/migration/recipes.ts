/**
 * The safe recipes the rule help texts and docs give, as data. Every recipe is executed end to end
 * through drizzle-orm's node-postgres `migrate()` by tests/postgres/recipes.test.ts; the lock of each
 * step comes from the lock catalogue, never from prose here.
 */
import { LOCK_FACTS, type StatementKind, type TableLock } from './lock-catalogue.js';

export type RecipeId =
  | 'expand-contract-rename-column'
  | 'not-null-via-check'
  | 'create-index-concurrently'
  | 'create-index-concurrently-in-migration'
  | 'foreign-key-not-valid'
  | 'batched-backfill';

/**
 * Where a step runs:
 * - `migration`: a migration file applied by drizzle's migrator (inside its single transaction);
 * - `later-migration-run`: the same, but applied by a later `migrate` run than the previous step
 *   (drizzle applies all pending migrations in one transaction, so locks of one run add up);
 * - `outside-migrator`: run by hand (`psql`) or a script, one statement per transaction, never in a migration;
 * - `application`: a code deploy.
 */
export type StepRunner = 'migration' | 'later-migration-run' | 'outside-migrator' | 'application';

export interface RecipeStep {
  runner: StepRunner;
  /** Full sentence; `{sql}` is replaced by the step's SQL in backticks; other `{name}` placeholders by names. */
  text: string;
  /** SQL template with `{table}`-style placeholders (identifiers are quoted by the template). */
  sql?: string;
  /** Catalogue row whose lock this step takes; omitted when it takes no table lock. */
  kind?: StatementKind;
}

export interface Recipe {
  id: RecipeId;
  title: string;
  steps: RecipeStep[];
}

export interface RecipeNames {
  table: string;
  column?: string;
  newColumn?: string;
  /** SQL type of `newColumn`, e.g. `text`. */
  type?: string;
  index?: string;
  constraint?: string;
  referencedTable?: string;
  referencedColumn?: string;
  /** Primary key column used to batch updates; default `id`. */
  key?: string;
  /** SQL expression to backfill with; default the old column. */
  value?: string;
  batchSize?: number;
}

const BACKFILL_SQL =
  'UPDATE "{table}" SET "{newColumn}" = {value} WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE "{newColumn}" IS NULL AND {value} IS NOT NULL LIMIT {batchSize})';

const BACKFILL_STEP: RecipeStep = {
  runner: 'outside-migrator',
  text: 'Backfill outside the migrator, in batches: run {sql} in its own transaction (autocommit `psql` or a script) and repeat until it updates 0 rows, so each batch holds its row locks only briefly.',
  sql: BACKFILL_SQL,
  kind: 'update-rows',
};

const INDEX_GUARD_SQL = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('"{index}"') AND indisvalid) THEN
    RAISE EXCEPTION 'index "{index}" is missing or invalid: create it with CREATE INDEX CONCURRENTLY first';
  END IF;
END $$;`;

export const RECIPES: Record<RecipeId, Recipe> = {
  'expand-contract-rename-column': {
    id: 'expand-contract-rename-column',
    title: 'Rename a column without downtime (expand, migrate, contract)',
    steps: [
      { runner: 'migration', text: 'Add `{newColumn}` beside `{column}` in the schema (nullable, no default) and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" ADD COLUMN "{newColumn}" {type};', kind: 'add-column-nullable' },
      { runner: 'application', text: 'Deploy code that writes both `{column}` and `{newColumn}` and still reads `{column}`.' },
      { ...BACKFILL_STEP, sql: BACKFILL_SQL.replaceAll('{value}', '"{column}"') },
      { runner: 'application', text: 'Deploy code that reads and writes only `{newColumn}`.' },
      { runner: 'later-migration-run', text: 'Remove `{column}` from the schema and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" DROP COLUMN "{column}";', kind: 'drop-column' },
    ],
  },
  'not-null-via-check': {
    id: 'not-null-via-check',
    title: 'Make a column NOT NULL without a long lock',
    steps: [
      { ...BACKFILL_STEP, text: 'Make sure no row holds NULL in `{column}`: backfill outside the migrator in batches, repeating {sql} in its own transaction until it updates 0 rows.', sql: 'UPDATE "{table}" SET "{column}" = {value} WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE "{column}" IS NULL LIMIT {batchSize})' },
      { runner: 'migration', text: 'Add an unvalidated check in a custom migration (`drizzle-kit generate --custom`): {sql}. It checks new rows only and scans nothing.', sql: 'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" CHECK ("{column}" IS NOT NULL) NOT VALID;', kind: 'add-check-not-valid' },
      { runner: 'later-migration-run', text: 'In a custom migration applied by a later `migrate` run, validate it: {sql}. The scan runs under a lock that lets reads and writes continue.', sql: 'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{constraint}";', kind: 'validate-constraint' },
      { runner: 'later-migration-run', text: 'Add `.notNull()` to `{column}` in the schema and generate the migration ({sql}); Postgres 12+ skips the scan because the validated check proves it.', sql: 'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET NOT NULL;', kind: 'set-not-null-with-valid-check' },
      { runner: 'later-migration-run', text: 'Append {sql} to that generated migration: the check is now redundant.', sql: 'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}";', kind: 'drop-constraint' },
    ],
  },
  'create-index-concurrently': {
    id: 'create-index-concurrently',
    title: 'Build an index without blocking writes (outside the migrator)',
    steps: [
      { runner: 'outside-migrator', text: 'Before deploying the migration, build the index outside the migrator (autocommit `psql`, not inside `BEGIN`): {sql}. If it fails, drop the INVALID leftover with `DROP INDEX CONCURRENTLY "{index}";` and run it again.', sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{index}" ON "{table}" USING btree ("{column}");', kind: 'create-index-concurrently' },
      { runner: 'migration', text: 'Declare the index in the schema without `.concurrently()`, generate the migration, and replace its `CREATE INDEX` statement with a guard that takes no table lock and fails if the index is missing or invalid: {sql}.', sql: INDEX_GUARD_SQL },
    ],
  },
  'create-index-concurrently-in-migration': {
    id: 'create-index-concurrently-in-migration',
    title: 'Build an index without blocking writes (inside a drizzle migration)',
    steps: [
      { runner: 'migration', text: 'Declare the index in the schema without `.concurrently()` and generate a migration that contains only it; then edit the file to {sql}. Each `--> statement-breakpoint` is required: without it the three statements run as one implicit transaction and the build fails. Migrations applied before it in the same run are committed by the `COMMIT`; if the build fails, drop the INVALID index with `DROP INDEX CONCURRENTLY "{index}";` before running `migrate` again.', sql: 'COMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "{index}" ON "{table}" USING btree ("{column}");--> statement-breakpoint\nBEGIN;', kind: 'create-index-concurrently' },
    ],
  },
  'foreign-key-not-valid': {
    id: 'foreign-key-not-valid',
    title: 'Add a foreign key without scanning under a write-blocking lock',
    steps: [
      { runner: 'migration', text: 'Generate the migration for the new reference and add `NOT VALID` to its constraint: {sql}. Only new rows are checked, nothing is scanned.', sql: 'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" FOREIGN KEY ("{column}") REFERENCES "public"."{referencedTable}"("{referencedColumn}") ON DELETE no action ON UPDATE no action NOT VALID;', kind: 'add-foreign-key-not-valid' },
      { runner: 'later-migration-run', text: 'In a custom migration applied by a later `migrate` run, validate it: {sql}. The scan lets reads and writes on both tables continue.', sql: 'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{constraint}";', kind: 'validate-foreign-key' },
    ],
  },
  'batched-backfill': {
    id: 'batched-backfill',
    title: 'Backfill a column in batches outside the migrator',
    steps: [{ ...BACKFILL_STEP }],
  },
};

/** SQL of one step with the names filled in; undefined when the step has no SQL. */
export function recipeStepSql(step: RecipeStep, names: RecipeNames): string | undefined {
  return step.sql === undefined ? undefined : fill(step.sql, names);
}

/** The lock a step takes on its table, from the catalogue. */
export function recipeStepLock(step: RecipeStep): TableLock {
  return step.kind ? LOCK_FACTS[step.kind].lock : 'none';
}

/** Numbered, full-sentence steps with the user's names; empty for an unknown recipe id. */
export function renderRecipe(id: string, names: RecipeNames): string[] {
  const recipe = RECIPES[id as RecipeId];
  if (!recipe || !names || typeof names.table !== 'string') return [];
  return recipe.steps.map((step, i) => {
    const sql = recipeStepSql(step, names);
    const sentence = fill(step.text, names).replace('{sql}', () => (sql ? '`' + sql.replace(/\s*\n\s*/g, ' ') + '`' : ''));
    return `${i + 1}. ${sentence}${lockSentence(step)}`;
  });
}

function lockSentence(step: RecipeStep): string {
  if (!step.kind) return '';
  const fact = LOCK_FACTS[step.kind];
  const effect = fact.blocksReads ? 'reads and writes wait' : fact.blocksWrites ? 'writes wait, reads continue' : 'reads and writes continue';
  const rows = fact.locksRows ? ' (plus row locks on the rows it updates)' : '';
  const duration = !fact.blocksWrites ? '' : fact.scans || fact.rewrites ? ', for the whole scan' : ', briefly';
  return ` Lock: \`${fact.lock}\`${rows} — ${effect}${duration}.`;
}

function fill(template: string, names: RecipeNames): string {
  const table = names.table;
  const column = names.column ?? 'column';
  const values: Record<string, string> = {
    table,
    column,
    newColumn: names.newColumn ?? `${column}_new`,
    type: names.type ?? 'text',
    index: names.index ?? `${table}_${column}_index`,
    constraint: names.constraint ?? `${table}_${column}_not_null`,
    referencedTable: names.referencedTable ?? 'referenced_table',
    referencedColumn: names.referencedColumn ?? 'id',
    key: names.key ?? 'id',
    value: names.value ?? '<value>',
    batchSize: String(names.batchSize ?? 1000),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name === 'sql' ? whole : values[name] ?? whole));
}
