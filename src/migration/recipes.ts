/**
 * The safe recipes the rule help texts and docs give, as data. Every recipe is executed end to end
 * through drizzle-orm's node-postgres `migrate()` by tests/postgres/recipes*.test.ts; the lock of each
 * step comes from the lock catalogue, never from prose here. Rule help texts are rendered from these
 * recipes (`recipeHelp`), so what the help says is what the tests ran.
 */
import { LOCK_FACTS, type StatementKind, type TableLock } from './lock-catalogue.js';

export type RecipeId =
  | 'expand-contract-rename-column'
  | 'expand-contract-change-type'
  | 'expand-contract-rename-table'
  | 'not-null-via-check'
  | 'add-required-column'
  | 'volatile-default-in-steps'
  | 'create-index-concurrently'
  | 'create-index-concurrently-in-migration'
  | 'drop-index-concurrently'
  | 'unique-constraint-using-index'
  | 'foreign-key-not-valid'
  | 'check-not-valid'
  | 'drop-column-two-releases'
  | 'drop-table-two-releases'
  | 'batched-update'
  | 'batched-delete'
  | 'retire-enum-value'
  | 'add-enum-value'
  | 'lock-timeout';

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
  /**
   * SQL template. `"{name}"` becomes the quoted identifier (`"{table}"` the schema-qualified table),
   * a bare `{name}` the raw value (types, expressions, definitions).
   */
  sql?: string;
  /** Catalogue row whose lock this step takes; omitted when it takes no lock on existing tables. */
  kind?: StatementKind;
}

export interface Recipe {
  id: RecipeId;
  title: string;
  steps: RecipeStep[];
}

export interface RecipeNames {
  table: string;
  /** Schema of `table` when not `public`. */
  schema?: string;
  column?: string;
  /** Columns of a unique constraint; default `[column]`. */
  columns?: string[];
  newColumn?: string;
  /** New name of `table` (expand-contract rename). */
  newTable?: string;
  /** SQL type of `newColumn`, e.g. `text`. */
  type?: string;
  index?: string;
  /** `true` for a unique index. */
  unique?: boolean;
  /** What follows `ON` in `CREATE INDEX`, e.g. `"users" USING btree ("email")`; default built from table and column. */
  indexTarget?: string;
  constraint?: string;
  /** Constraint definition after its name, e.g. `CHECK ("qty" >= 0)` or `FOREIGN KEY (…) REFERENCES …`. */
  definition?: string;
  referencedTable?: string;
  referencedColumn?: string;
  /** Enum type (its schema is `schema`; `ALTER TYPE` names it schema-qualified when `schema` is given), the value being retired or added, and the value rows move to. */
  enumValue?: string;
  replacement?: string;
  enumName?: string;
  /** SQL condition: the rows a batched delete removes, or the expression of a check (when `definition` is not given). */
  condition?: string;
  /** `DROP TABLE` spelled with `CASCADE`, as drizzle-kit 0.31 writes it (the default); `false` for 1.x. */
  cascade?: boolean;
  /** `lock_timeout` value; default `5s`. */
  lockTimeout?: string;
  /** Primary key column used to batch updates; default `id`. */
  key?: string;
  /** An `UPDATE`'s `SET` list as written (`batched-update`). */
  assignments?: string;
  /** SQL expression to backfill with; default depends on the recipe. */
  value?: string;
  batchSize?: number;
}

const NOT_NULL_BACKFILL_SQL = 'UPDATE "{table}" SET "{column}" = {value} WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE "{column}" IS NULL LIMIT {batchSize})';

function copyBackfill(value: string): RecipeStep {
  return {
    runner: 'outside-migrator',
    text: 'Backfill outside the migrator, in batches: run {sql} in its own transaction (autocommit `psql` or a script) and repeat until it updates 0 rows, so each batch holds its row locks only briefly.',
    sql: `UPDATE "{table}" SET "{newColumn}" = ${value} WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE "{newColumn}" IS NULL AND ${value} IS NOT NULL LIMIT {batchSize})`,
    kind: 'update-rows',
  };
}

const INDEX_BUILD: RecipeStep = {
  runner: 'outside-migrator',
  text: 'Before deploying the migration, build the index outside the migrator (autocommit `psql`, not inside `BEGIN`): {sql}. If it fails, drop the INVALID leftover with `DROP INDEX CONCURRENTLY "{index}";` and run it again.',
  sql: 'CREATE {uniqueWord}INDEX CONCURRENTLY IF NOT EXISTS "{index}" ON {indexTarget};',
  kind: 'create-index-concurrently',
};

const INDEX_GUARD_SQL = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('{indexRegclass}') AND indisvalid) THEN
    RAISE EXCEPTION 'index {indexLiteral} is missing or invalid: create it with CREATE INDEX CONCURRENTLY first';
  END IF;
END $$;`;

const NOT_NULL_STEPS: RecipeStep[] = [
  { runner: 'migration', text: 'Add an unvalidated check in a custom migration (`drizzle-kit generate --custom`): {sql}. It checks new rows only and scans nothing.', sql: 'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" CHECK ("{column}" IS NOT NULL) NOT VALID;', kind: 'add-check-not-valid' },
  { runner: 'later-migration-run', text: 'In a custom migration applied by a later `migrate` run, validate it: {sql}. The scan runs under a lock that lets reads and writes continue.', sql: 'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{constraint}";', kind: 'validate-constraint' },
  { runner: 'later-migration-run', text: 'Add `.notNull()` to `{column}` in the schema and generate the migration ({sql}); Postgres 12+ skips the scan because the validated check proves it.', sql: 'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET NOT NULL;', kind: 'set-not-null-with-valid-check' },
  { runner: 'later-migration-run', text: 'Append {sql} to that generated migration: the check is now redundant.', sql: 'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}";', kind: 'drop-constraint' },
];

const VALIDATE_LATER: RecipeStep = {
  runner: 'later-migration-run',
  text: 'In a custom migration (`drizzle-kit generate --custom`) applied by a later `migrate` run, validate it: {sql}. The scan lets reads and writes continue.',
};

export const RECIPES: Record<RecipeId, Recipe> = {
  'expand-contract-rename-column': {
    id: 'expand-contract-rename-column',
    title: 'Rename a column without downtime (expand, migrate, contract)',
    steps: [
      { runner: 'migration', text: 'Add `{newColumn}` beside `{column}` in the schema (nullable, no default) and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" ADD COLUMN "{newColumn}" {type};', kind: 'add-column-nullable' },
      { runner: 'application', text: 'Deploy code that writes both `{column}` and `{newColumn}` and still reads `{column}`.' },
      copyBackfill('"{column}"'),
      { runner: 'application', text: 'Deploy code that reads and writes only `{newColumn}`.' },
      { runner: 'later-migration-run', text: 'Remove `{column}` from the schema and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" DROP COLUMN "{column}";', kind: 'drop-column' },
    ],
  },
  'expand-contract-change-type': {
    id: 'expand-contract-change-type',
    title: 'Change a column type without a table rewrite (expand, migrate, contract)',
    steps: [
      { runner: 'migration', text: 'Add `{newColumn}` of type `{type}` beside `{column}` in the schema (nullable, no default) and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" ADD COLUMN "{newColumn}" {type};', kind: 'add-column-nullable' },
      { runner: 'application', text: 'Deploy code that writes both `{column}` and `{newColumn}` and still reads `{column}`.' },
      copyBackfill('"{column}"::{type}'),
      { runner: 'application', text: 'Deploy code that reads and writes only `{newColumn}`.' },
      { runner: 'later-migration-run', text: 'Remove `{column}` from the schema and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" DROP COLUMN "{column}";', kind: 'drop-column' },
    ],
  },
  'expand-contract-rename-table': {
    id: 'expand-contract-rename-table',
    title: 'Rename a table without downtime (expand, migrate, contract)',
    steps: [
      { runner: 'migration', text: 'Declare `{newTable}` beside `{table}` in the schema with the same columns and generate the migration; its `CREATE TABLE "{newTable}"` locks no existing table.' },
      { runner: 'application', text: 'Deploy code that writes every change to both `{table}` and `{newTable}` and still reads `{table}`.' },
      {
        runner: 'outside-migrator',
        text: 'Copy the existing rows outside the migrator, in batches: run {sql} in its own transaction and repeat until it inserts 0 rows.',
        sql: 'INSERT INTO "{newTable}" SELECT * FROM "{table}" WHERE "{key}" IN (SELECT "{key}" FROM "{table}" EXCEPT SELECT "{key}" FROM "{newTable}" LIMIT {batchSize}) ON CONFLICT DO NOTHING',
        kind: 'update-rows',
      },
      { runner: 'application', text: 'Deploy code that reads and writes only `{newTable}`.' },
      { runner: 'later-migration-run', text: 'Remove `{table}` from the schema and generate the migration: {sql}.', sql: 'DROP TABLE "{table}"{cascadeWord};', kind: 'drop-table' },
    ],
  },
  'not-null-via-check': {
    id: 'not-null-via-check',
    title: 'Make a column NOT NULL without a long lock',
    steps: [
      { runner: 'application', text: 'Deploy code that never writes NULL to `{column}`.' },
      { runner: 'outside-migrator', text: 'Make sure no row holds NULL in `{column}`: backfill outside the migrator in batches, repeating {sql} in its own transaction until it updates 0 rows.', sql: NOT_NULL_BACKFILL_SQL, kind: 'update-rows' },
      ...NOT_NULL_STEPS,
    ],
  },
  'add-required-column': {
    id: 'add-required-column',
    title: 'Add a required column without a default',
    steps: [
      { runner: 'migration', text: 'Add `{column}` to the schema without `.notNull()` and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" ADD COLUMN "{column}" {type};', kind: 'add-column-nullable' },
      { runner: 'application', text: 'Deploy code that writes `{column}` on every insert and update.' },
      { runner: 'outside-migrator', text: 'Backfill the existing rows outside the migrator, in batches: repeat {sql} in its own transaction until it updates 0 rows.', sql: NOT_NULL_BACKFILL_SQL, kind: 'update-rows' },
      ...NOT_NULL_STEPS,
    ],
  },
  'volatile-default-in-steps': {
    id: 'volatile-default-in-steps',
    title: 'Add a column with a volatile default without a table rewrite',
    steps: [
      { runner: 'migration', text: 'Add `{column}` to the schema without the database default (an app-side `.$defaultFn(…)` is fine) and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" ADD COLUMN "{column}" {type};', kind: 'add-column-nullable' },
      { runner: 'application', text: 'Deploy code that sets `{column}` on every insert.' },
      { runner: 'outside-migrator', text: 'Backfill the existing rows outside the migrator, in batches: repeat {sql} in its own transaction until it updates 0 rows.', sql: NOT_NULL_BACKFILL_SQL, kind: 'update-rows' },
      { runner: 'later-migration-run', text: 'Put the database default back in the schema and generate the migration: {sql}. It only affects new rows and does not rewrite the table.', sql: 'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET DEFAULT {value};', kind: 'set-default' },
    ],
  },
  'create-index-concurrently': {
    id: 'create-index-concurrently',
    title: 'Build an index without blocking writes (outside the migrator)',
    steps: [
      INDEX_BUILD,
      { runner: 'migration', text: 'Declare the index in the schema without `.concurrently()`, generate the migration, and replace its `CREATE INDEX` statement with a guard that takes no table lock and fails if the index is missing or invalid: {sql}.', sql: INDEX_GUARD_SQL },
    ],
  },
  'create-index-concurrently-in-migration': {
    id: 'create-index-concurrently-in-migration',
    title: 'Build an index without blocking writes (inside a drizzle migration)',
    steps: [
      { runner: 'migration', text: 'Declare the index in the schema without `.concurrently()` and generate a migration that contains only it; then edit the file to {sql}. Each `--> statement-breakpoint` is required: without it the three statements run as one implicit transaction and the build fails. Migrations applied before it in the same run are committed by the `COMMIT`; if the build fails, drop the INVALID index with `DROP INDEX CONCURRENTLY "{index}";` before running `migrate` again.', sql: 'COMMIT;--> statement-breakpoint\nCREATE {uniqueWord}INDEX CONCURRENTLY "{index}" ON {indexTarget};--> statement-breakpoint\nBEGIN;', kind: 'create-index-concurrently' },
    ],
  },
  'drop-index-concurrently': {
    id: 'drop-index-concurrently',
    title: 'Drop an index without blocking reads and writes (outside the migrator)',
    steps: [
      { runner: 'outside-migrator', text: 'Before deploying the migration, drop the index outside the migrator (autocommit `psql`, not inside `BEGIN`): {sql}.', sql: 'DROP INDEX CONCURRENTLY IF EXISTS "{index}";', kind: 'drop-index-concurrently' },
      { runner: 'migration', text: 'Remove the index from the schema, generate the migration, and change its statement to {sql}, which finds nothing left to drop and takes no lock.', sql: 'DROP INDEX IF EXISTS "{index}";' },
    ],
  },
  'unique-constraint-using-index': {
    id: 'unique-constraint-using-index',
    title: 'Add a unique constraint without scanning under an `ACCESS EXCLUSIVE` lock',
    steps: [
      {
        runner: 'outside-migrator',
        text: 'Before deploying the migration, build its index outside the migrator (autocommit `psql`, not inside `BEGIN`): {sql}. If it fails (duplicate values, or a cancelled build), drop the INVALID leftover with `DROP INDEX CONCURRENTLY "{uniqueConstraint}";`, remove the duplicates and run it again.',
        sql: 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "{uniqueConstraint}" ON "{table}" ({columnList});',
        kind: 'create-index-concurrently',
      },
      { runner: 'migration', text: 'Generate the migration and replace its `ADD CONSTRAINT … UNIQUE` statement with {sql}, which adopts the built index instead of scanning.', sql: 'ALTER TABLE "{table}" ADD CONSTRAINT "{uniqueConstraint}" UNIQUE USING INDEX "{uniqueConstraint}";', kind: 'add-unique-using-index' },
    ],
  },
  'foreign-key-not-valid': {
    id: 'foreign-key-not-valid',
    title: 'Add a foreign key without scanning under a write-blocking lock',
    steps: [
      { runner: 'migration', text: 'Generate the migration for the new reference and add `NOT VALID` to its constraint: {sql}. Only new rows are checked, nothing is scanned.', sql: 'ALTER TABLE "{table}" ADD CONSTRAINT "{foreignKeyConstraint}" {foreignKeyDefinition} NOT VALID;', kind: 'add-foreign-key-not-valid' },
      { ...VALIDATE_LATER, sql: 'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{foreignKeyConstraint}";', text: 'In a custom migration (`drizzle-kit generate --custom`) applied by a later `migrate` run, validate it: {sql}. The scan lets reads and writes on both tables continue.', kind: 'validate-foreign-key' },
    ],
  },
  'check-not-valid': {
    id: 'check-not-valid',
    title: 'Add a check constraint without scanning under an `ACCESS EXCLUSIVE` lock',
    steps: [
      { runner: 'migration', text: 'Generate the migration for the new check and add `NOT VALID` to its constraint: {sql}. Only new rows are checked, nothing is scanned.', sql: 'ALTER TABLE "{table}" ADD CONSTRAINT "{checkConstraint}" {checkDefinition} NOT VALID;', kind: 'add-check-not-valid' },
      { ...VALIDATE_LATER, sql: 'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{checkConstraint}";', kind: 'validate-constraint' },
    ],
  },
  'drop-column-two-releases': {
    id: 'drop-column-two-releases',
    title: 'Drop a column in two releases',
    steps: [
      { runner: 'migration', text: 'If `{column}` is `NOT NULL` without a database default, remove `.notNull()` from it and generate the migration ({sql}), so code that no longer sends `{column}` can still insert.', sql: 'ALTER TABLE "{table}" ALTER COLUMN "{column}" DROP NOT NULL;', kind: 'drop-not-null' },
      { runner: 'application', text: 'Remove every use of `{column}` from the code and deploy it while the column still exists.' },
      { runner: 'later-migration-run', text: 'Once no running version mentions `{column}`, remove it from the schema and generate the migration: {sql}.', sql: 'ALTER TABLE "{table}" DROP COLUMN "{column}";', kind: 'drop-column' },
    ],
  },
  'drop-table-two-releases': {
    id: 'drop-table-two-releases',
    title: 'Drop a table in two releases',
    steps: [
      { runner: 'application', text: 'Remove every use of `{table}` from the code and deploy it while the table still exists.' },
      { runner: 'later-migration-run', text: 'Once no running version mentions `{table}`, remove it from the schema and generate the migration: {sql}.', sql: 'DROP TABLE "{table}"{cascadeWord};', kind: 'drop-table' },
    ],
  },
  'batched-update': {
    id: 'batched-update',
    title: 'Run an UPDATE in batches outside the migrator',
    steps: [
      {
        runner: 'outside-migrator',
        text: 'Update outside the migrator, in batches: run {sql} in its own transaction (autocommit `psql` or a script) and repeat until it updates 0 rows, so each batch holds its row locks only briefly; a row it updated no longer matches, so the loop ends.',
        sql: 'UPDATE "{table}" SET {assignments} WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE {condition} LIMIT {batchSize})',
        kind: 'update-rows',
      },
    ],
  },
  'batched-delete': {
    id: 'batched-delete',
    title: 'Delete rows in batches outside the migrator',
    steps: [
      {
        runner: 'outside-migrator',
        text: 'Delete outside the migrator, in batches: run {sql} in its own transaction (autocommit `psql` or a script) and repeat until it deletes 0 rows, so each batch holds its row locks only briefly.',
        sql: 'DELETE FROM "{table}" WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE {condition} LIMIT {batchSize})',
        kind: 'update-rows',
      },
    ],
  },
  'retire-enum-value': {
    id: 'retire-enum-value',
    title: 'Retire an enum value without re-creating the type',
    steps: [
      { runner: 'application', text: "Deploy code that no longer writes `'{enumValue}'` to `{column}`." },
      { runner: 'outside-migrator', text: 'Move the existing rows outside the migrator, in batches: repeat {sql} in its own transaction until it updates 0 rows.', sql: `UPDATE "{table}" SET "{column}" = {replacementLiteral} WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE "{column}" = {enumValueLiteral} LIMIT {batchSize})`, kind: 'update-rows' },
      { runner: 'application', text: "Keep `'{enumValue}'` in `{enumName}` in the schema, so drizzle-kit generates no migration: an unused enum value costs nothing." },
    ],
  },
  'add-enum-value': {
    id: 'add-enum-value',
    title: 'Add an enum value',
    steps: [{ runner: 'migration', text: 'Add the new value at the end of `{enumName}` in the schema and generate the migration: {sql}.', sql: 'ALTER TYPE {enumRef} ADD VALUE {enumValueLiteral};', kind: 'add-enum-value' }],
  },
  'lock-timeout': {
    id: 'lock-timeout',
    title: 'Bound the wait for a lock',
    steps: [
      {
        runner: 'migration',
        text: 'Start the migration with {sql} followed by `--> statement-breakpoint`: it lasts until the migrator commits, so it covers every statement of the run, and unlike a plain `SET` it does not stay on a pooled connection afterwards.',
        sql: 'SET LOCAL lock_timeout = {lockTimeoutLiteral};',
      },
      { runner: 'later-migration-run', text: 'If `migrate` fails with `canceling statement due to lock timeout` (SQLSTATE `55P03`), nothing was applied and the queries on `{table}` waited at most that long: run `migrate` again later.' },
    ],
  },
};

/** SQL of one step with the names filled in; undefined when the step has no SQL. */
export function recipeStepSql(step: RecipeStep, names: RecipeNames): string | undefined {
  return step.sql === undefined ? undefined : fill(step.sql, names, 'sql');
}

/** The lock a step takes on its table, from the catalogue. */
export function recipeStepLock(step: RecipeStep): TableLock {
  return step.kind ? LOCK_FACTS[step.kind].lock : 'none';
}

/** Numbered, full-sentence steps with the user's names; empty for an unknown recipe id. */
export function renderRecipe(id: string, names: RecipeNames): string[] {
  const recipe = Object.hasOwn(RECIPES, id) ? RECIPES[id as RecipeId] : undefined;
  if (!recipe || !names || typeof names.table !== 'string') return [];
  return recipe.steps.map((step, i) => {
    const sql = recipeStepSql(step, names);
    const sentence = fill(step.text, names, 'text').replace('{sql}', () => (sql ? '`' + sql.replace(/\s*\n\s*/g, ' ') + '`' : ''));
    return `${i + 1}. ${sentence}${lockSentence(step)}`;
  });
}

/** 1-based number of the first step of `id` that takes the lock of `kind`; 0 when none does. */
export function stepNumberOf(id: RecipeId, kind: StatementKind): number {
  return RECIPES[id].steps.findIndex((step) => step.kind === kind) + 1;
}

/**
 * drizzle-kit snapshots do not record custom SQL, so `no-set-not-null` cannot see the validated check
 * of `recipe` and reports its `SET NOT NULL` step: the sentence that tells the user to acknowledge it.
 */
export function acknowledgeValidatedCheck(recipe: 'not-null-via-check' | 'add-required-column', constraint: string, comment: '//' | '--'): string {
  return (
    `drizzle-kit snapshots do not record the custom check, so \`no-set-not-null\` reports step ${stepNumberOf(recipe, 'set-not-null-with-valid-check')}: ` +
    `acknowledge it there with \`${comment} eslint-disable-next-line drizzle-migrations/no-set-not-null -- validated by ${constraint}\`.`
  );
}

/** A help text: the lead sentence, the recipe's numbered steps, then an optional closing sentence. */
export function recipeHelp(lead: string, id: RecipeId, names: RecipeNames, closing = ''): string {
  return [lead, ...renderRecipe(id, names), closing].filter(Boolean).join(' ');
}

function lockSentence(step: RecipeStep): string {
  if (!step.kind) return '';
  const fact = LOCK_FACTS[step.kind];
  if (fact.lock === 'none') return ' It takes no table lock: reads and writes continue.';
  const effect = fact.blocksReads ? 'reads and writes wait' : fact.blocksWrites ? 'writes wait, reads continue' : 'reads and writes continue';
  const rows = fact.locksRows ? ' (plus row locks on the rows it writes)' : '';
  const duration = !fact.blocksWrites ? '' : fact.scans || fact.rewrites ? ', for the whole scan' : ', briefly';
  return ` Lock: \`${fact.lock}\`${rows}; ${effect}${duration}.`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function qualify(schema: string | undefined, name: string): string {
  return schema && schema !== 'public' ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

const PLACEHOLDER = /"\{(\w+)\}"|\{(\w+)\}/g;

/**
 * Replaces `{name}` with the user's name (or a generic default) and `"{name}"` with it quoted as an
 * identifier (`"{table}"` and `"{newTable}"` schema-qualified). Each placeholder is computed on demand:
 * every finding renders a recipe, and a recipe uses a few of the ~30 names.
 */
function fill(template: string, names: RecipeNames, mode: 'sql' | 'text'): string {
  return template.replace(PLACEHOLDER, (whole, quoted: string | undefined, bare: string | undefined) => {
    if (quoted !== undefined) {
      if (quoted === 'table') return qualify(names.schema, names.table);
      if (quoted === 'newTable') return qualify(names.schema, newTableOf(names));
      const value = placeholderValue(quoted, names, mode);
      return value === undefined ? whole : quoteIdent(value);
    }
    return bare === 'sql' ? whole : (placeholderValue(bare!, names, mode) ?? whole);
  });
}

const columnOf = (names: RecipeNames) => names.column ?? 'column';
const columnsOf = (names: RecipeNames) => (names.columns?.length ? names.columns : [columnOf(names)]);
const indexOf = (names: RecipeNames) => names.index ?? `${names.table}_${columnOf(names)}_index`;
const newTableOf = (names: RecipeNames) => names.newTable ?? `${names.table}_new`;
const referencedTableOf = (names: RecipeNames) => names.referencedTable ?? 'referenced_table';
const referencedColumnOf = (names: RecipeNames) => names.referencedColumn ?? 'id';
const enumValueOf = (names: RecipeNames) => names.enumValue ?? 'old_value';
const enumNameOf = (names: RecipeNames) => names.enumName ?? 'enum_type';

function placeholderValue(key: string, names: RecipeNames, mode: 'sql' | 'text'): string | undefined {
  const { table } = names;
  switch (key) {
    case 'table':
      return mode === 'text' && names.schema && names.schema !== 'public' ? `${names.schema}.${table}` : table;
    case 'column':
      return columnOf(names);
    case 'newColumn':
      return names.newColumn ?? `${columnOf(names)}_new`;
    case 'newTable':
      return newTableOf(names);
    case 'type':
      return names.type ?? 'text';
    case 'index':
      return indexOf(names);
    case 'uniqueWord':
      return names.unique ? 'UNIQUE ' : '';
    case 'indexTarget':
      return names.indexTarget ?? `${qualify(names.schema, table)} USING btree (${quoteIdent(columnOf(names))})`;
    case 'indexRegclass':
      return qualify(names.schema, indexOf(names)).replace(/'/g, "''");
    case 'indexLiteral':
      return quoteIdent(indexOf(names)).replace(/'/g, "''");
    case 'columnList':
      return columnsOf(names).map(quoteIdent).join(', ');
    case 'constraint':
      return names.constraint ?? `${table}_${columnOf(names)}_not_null`;
    case 'uniqueConstraint':
      return names.constraint ?? `${table}_${columnsOf(names).join('_')}_unique`;
    case 'checkConstraint':
      return names.constraint ?? `${table}_${columnOf(names)}_check`;
    case 'foreignKeyConstraint':
      return names.constraint ?? `${table}_${columnOf(names)}_${referencedTableOf(names)}_${referencedColumnOf(names)}_fk`;
    case 'foreignKeyDefinition':
      return (
        names.definition ??
        `FOREIGN KEY (${quoteIdent(columnOf(names))}) REFERENCES "public".${quoteIdent(referencedTableOf(names))}(${quoteIdent(referencedColumnOf(names))}) ON DELETE no action ON UPDATE no action`
      );
    case 'checkDefinition':
      return names.definition ?? `CHECK (${names.condition ?? '<condition>'})`;
    case 'referencedTable':
      return referencedTableOf(names);
    case 'referencedColumn':
      return referencedColumnOf(names);
    case 'enumValue':
      return enumValueOf(names);
    case 'enumValueLiteral':
      return literal(enumValueOf(names));
    case 'replacementLiteral':
      return literal(names.replacement ?? 'new_value');
    case 'enumName':
      return enumNameOf(names);
    case 'enumRef':
      return names.schema ? `${quoteIdent(names.schema)}.${quoteIdent(enumNameOf(names))}` : quoteIdent(enumNameOf(names));
    case 'condition':
      return names.condition ?? '<condition>';
    case 'assignments':
      return names.assignments ?? `${quoteIdent(columnOf(names))} = ${names.value ?? '<value>'}`;
    case 'key':
      return names.key ?? 'id';
    case 'value':
      return names.value ?? '<value>';
    case 'batchSize':
      return String(names.batchSize ?? 1000);
    case 'lockTimeoutLiteral':
      return literal(names.lockTimeout ?? '5s');
    case 'cascadeWord':
      return names.cascade === false ? '' : ' CASCADE';
    default:
      return undefined;
  }
}
