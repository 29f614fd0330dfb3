/**
 * The oracle is the real toolchain: for each schema change, the real drizzle-kit 0.31 CLI writes the
 * migration, the real server runs it, and the rule must report exactly the changes whose migration
 * fails, on the schema before `generate` and on the `.sql` file after it. drizzle-kit 1.0 RC's SQL for
 * the same change must fail or pass on the server alike, so the rule holds for both lines.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { ESLint } from 'eslint';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/eslint/index.js';
import { NAMESPACE } from '../../src/eslint/configs.js';
import rule from '../../src/rules/no-foreign-key-type-mismatch.js';
import { ensureToolInstalled, kitBin, kitRcV9, repoRoot } from '../support/drizzle-kit-oracle.js';
import { drizzleKitGenerate, inBatches } from '../support/doc-pages.js';
import { generateWithHints, projectWithBaseline } from '../support/drizzle-kit-prompts.js';
import { lintSchema } from '../support/lint.js';
import { baseline, column, model, runRule, table } from '../support/schema-models.js';
import type { ForeignKeyModel } from '../../src/core/schema-model.js';
import type { MigrationRuleContext } from '../../src/core/rule.js';
import { modelLookup } from '../../src/core/schema-lookup.js';
import { resolveSettings } from '../../src/core/settings.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { createTestDatabase, type TestDatabase } from '../postgres/test-database.js';

const execFileAsync = promisify(execFile);
const TMP = path.join(repoRoot, 'tests/.tmp/fk-type-mismatch');
const RULE_KEY = `${NAMESPACE}/${rule.id}`;
const IMPORTS = "import { bigint, integer, pgTable, text, uuid, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';\n\n";

/** `a.id` referenced by `b.a_id`, with the builders given. */
const pair = (a: string, b: string, options = '') =>
  `${IMPORTS}export const a = pgTable('a', { id: ${a}.primaryKey() });\n\nexport const b = pgTable('b', {\n  id: integer('id').primaryKey(),\n  aId: ${b}.references(() => a.id${options}),\n});\n`;

interface Scenario {
  name: string;
  before: string;
  after: string;
  /** drizzle-kit 1.0 RC's SQL fails where 0.31's passes (checked here; the rule's 1.x branch has a model test below). */
  onlyRcFails?: boolean;
  /** Also lint the migration in the 1.0 layout (`drizzle-kit up` of the RC), whose snapshots before it are v9 diffs. */
  rcLayout?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'both uuid -> text', rcLayout: true, before: pair("uuid('id')", "uuid('a_id')"), after: pair("text('id')", "text('a_id')") },
  { name: 'referencing uuid -> text', before: pair("uuid('id')", "uuid('a_id')"), after: pair("uuid('id')", "text('a_id')") },
  { name: 'referenced uuid -> text', rcLayout: true, before: pair("uuid('id')", "uuid('a_id')"), after: pair("text('id')", "uuid('a_id')") },
  { name: 'both integer -> text', before: pair("integer('id')", "integer('a_id')"), after: pair("text('id')", "text('a_id')") },
  { name: 'both integer -> bigint', rcLayout: true, before: pair("integer('id')", "integer('a_id')"), after: pair("bigint('id', { mode: 'number' })", "bigint('a_id', { mode: 'number' })") },
  { name: 'referencing integer -> bigint', before: pair("integer('id')", "integer('a_id')"), after: pair("integer('id')", "bigint('a_id', { mode: 'number' })") },
  { name: 'referenced varchar(20) -> text', before: pair("varchar('id', { length: 20 })", "varchar('a_id', { length: 20 })"), after: pair("text('id')", "varchar('a_id', { length: 20 })") },
  { name: 'both uuid -> text, key re-created (onDelete)', before: pair("uuid('id')", "uuid('a_id')"), after: pair("text('id')", "text('a_id')", ", { onDelete: 'cascade' }"), onlyRcFails: true },
  {
    name: 'new key text -> uuid',
    before: `${IMPORTS}export const a = pgTable('a', { id: uuid('id').primaryKey() });\n\nexport const b = pgTable('b', { id: integer('id').primaryKey(), aId: text('a_id') });\n`,
    after: pair("uuid('id')", "text('a_id')"),
    rcLayout: true,
  },
  {
    name: 'new table with a text key to uuid',
    before: `${IMPORTS}export const a = pgTable('a', { id: uuid('id').primaryKey() });\n`,
    after: pair("uuid('id')", "text('a_id')"),
    rcLayout: true,
  },
  {
    name: 'self reference uuid -> text',
    before: `${IMPORTS}export const t = pgTable('t', {\n  id: uuid('id').primaryKey(),\n  parentId: uuid('parent_id').references((): AnyPgColumn => t.id),\n});\n`,
    after: `${IMPORTS}export const t = pgTable('t', {\n  id: text('id').primaryKey(),\n  parentId: text('parent_id').references((): AnyPgColumn => t.id),\n});\n`,
  },
];

interface Outcome {
  migration031: string[];
  baseSql: string[];
  rcStatements: string[];
  schemaMessages: string[];
  sqlMessages: string[];
  /** The same migration after the RC's `drizzle-kit up`, when `rcLayout`. */
  rcLayoutMessages?: string[];
}

const outcomes = new Map<string, Outcome>();
let db: TestDatabase;
let client: pg.Client;

const dirOf = (scenario: Scenario) => path.join(TMP, scenario.name.replace(/\W+/g, '-'));
const statementsOf = (sql: string) => sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);

async function prepare(scenario: Scenario): Promise<void> {
  const dir = dirOf(scenario);
  await projectWithBaseline(dir, scenario.before, scenario.after);
  const schemaMessages = (await lintSchema({ file: path.join(dir, 'schema.ts'), code: scenario.after, rules: [rule.id], settings: { config: 'drizzle.config.ts' }, cwd: dir })).map((m) => m.message);
  await drizzleKitGenerate(dir, '--name', 'change');
  const files = readdirSync(path.join(dir, 'drizzle')).filter((f) => f.endsWith('.sql')).sort();
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: plugin.configs.strict as never });
  const [result] = await eslint.lintFiles([`drizzle/${files[1]}`]);
  const { statements } = await generateWithHints(scenario.before, scenario.after, { plain: [] });
  const rcLayoutMessages = scenario.rcLayout ? await lintInRcLayout(dir) : undefined;
  outcomes.set(scenario.name, {
    baseSql: statementsOf(readFileSync(path.join(dir, 'drizzle', files[0]), 'utf8')),
    migration031: statementsOf(readFileSync(path.join(dir, 'drizzle', files[1]), 'utf8')),
    rcStatements: statements.plain,
    schemaMessages,
    sqlMessages: result.messages.filter((m) => m.ruleId === RULE_KEY).map((m) => m.message),
    rcLayoutMessages,
  });
}

/** A copy of the 0.31 project upgraded by the RC's `drizzle-kit up`, its second migration linted. */
async function lintInRcLayout(dir: string): Promise<string[]> {
  const rcDir = `${dir}-rc`;
  rmSync(rcDir, { recursive: true, force: true });
  cpSync(dir, rcDir, { recursive: true });
  ensureToolInstalled(kitRcV9);
  await execFileAsync(kitBin(kitRcV9), ['up', '--config', 'drizzle.config.ts'], { cwd: rcDir });
  const folders = readdirSync(path.join(rcDir, 'drizzle')).filter((f) => existsSync(path.join(rcDir, 'drizzle', f, 'migration.sql'))).sort();
  expect(folders).toHaveLength(2);
  const eslint = new ESLint({ cwd: rcDir, overrideConfigFile: true, overrideConfig: plugin.configs.strict as never });
  const [result] = await eslint.lintFiles([`drizzle/${folders[1]}/migration.sql`]);
  expect(result.messages.filter((m) => m.fatal || !m.ruleId)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE_KEY).map((m) => m.message);
}

/** Runs the baseline's SQL then `statements` in one transaction, rolled back; the error, if any. */
async function run(baseSql: string[], statements: string[]): Promise<string | undefined> {
  await client.query('BEGIN');
  try {
    for (const statement of [...baseSql, ...statements]) await client.query(statement);
    return undefined;
  } catch (error) {
    return String((error as Error).message);
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('no-foreign-key-type-mismatch against drizzle-kit and the server', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.connect();
    await inBatches(SCENARIOS, 3, prepare);
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
    rmSync(TMP, { recursive: true, force: true });
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
    const outcome = outcomes.get(scenario.name)!;
    expect(outcome.migration031.length, 'drizzle-kit wrote a migration').toBeGreaterThan(0);
    const error = await run(outcome.baseSql, outcome.migration031);
    if (error) expect(error).toMatch(/foreign key constraint .* cannot be implemented/);
    const fails = error !== undefined;
    expect(outcome.schemaMessages.length > 0, `schema finding (server: ${error ?? 'ok'})`).toBe(fails);
    expect(outcome.schemaMessages.length).toBeLessThanOrEqual(1);
    expect(outcome.sqlMessages.length > 0, `SQL finding (server: ${error ?? 'ok'})`).toBe(fails);
    if (scenario.rcLayout) expect(outcome.rcLayoutMessages).toEqual(outcome.sqlMessages);
    // drizzle-kit 1.0 RC's SQL for the same change fails or passes alike.
    expect((await run(outcome.baseSql, outcome.rcStatements)) !== undefined, outcome.rcStatements.join('\n')).toBe(fails || scenario.onlyRcFails === true);
  });

  it('the help\'s edit of the generated migration applies on the server, for both lines', async () => {
    const outcome = outcomes.get('both uuid -> text')!;
    const [message] = outcome.schemaMessages;
    const drop = /`(ALTER TABLE [^`]* DROP CONSTRAINT [^`]*)`/.exec(message)![1];
    const add = /`(ALTER TABLE [^`]* ADD CONSTRAINT [^`]*)`/.exec(message)![1];
    expect(await run(outcome.baseSql, [drop, ...outcome.migration031, add])).toBeUndefined();
    const rcSetTypes = outcome.rcStatements.filter((s) => s.includes('SET DATA TYPE'));
    expect(rcSetTypes).toHaveLength(2);
    expect(await run(outcome.baseSql, [drop, ...rcSetTypes, add])).toBeUndefined();
  });

  it('names the key, both columns and the remedy', () => {
    const [message] = outcomes.get('both uuid -> text')!.schemaMessages;
    expect(message).toContain('Changing `a.id` from `uuid` to `text` and `b.a_id` from `uuid` to `text` fails');
    expect(message).toContain('`foreign key constraint "b_a_id_a_id_fk" cannot be implemented`');
    const [sql] = outcomes.get('referenced uuid -> text')!.sqlMessages;
    expect(sql).toContain('`SET DATA TYPE text` on `a.id` fails');
    expect(sql).toContain('`b.a_id` (`uuid`)');
  });
});

describe('no-foreign-key-type-mismatch (SQL, without a server)', () => {
  beforeAll(() => loadSqlParser());

  it('reads the snapshot before a migration only when a column the file did not define is needed (the read costs ~1 ms a file)', () => {
    let reads = 0;
    const check = (sql: string) => {
      const context = { file: '/m/0001_x.sql', text: sql, statements: readMigration(sql).statements, settings: resolveSettings({}, '/m') };
      Object.defineProperty(context, 'before', { get: () => (reads++, modelLookup(baseline([table('a', [column('id', 'uuid', { primaryKey: true })])]))) });
      return rule.checkMigration!(context as MigrationRuleContext).map((f) => f.message);
    };
    expect(check('ALTER TABLE "a" ADD COLUMN "b" text;--> statement-breakpoint\nCREATE TABLE "c" ("id" uuid);')).toEqual([]);
    expect(check('CREATE TABLE "p" ("id" uuid PRIMARY KEY);\nCREATE TABLE "q" ("p_id" integer REFERENCES "p"("id"));')).toHaveLength(1);
    expect(reads).toBe(0);
    expect(check('ALTER TABLE "a" ALTER COLUMN "id" SET DATA TYPE text;')).toEqual([]);
    expect(reads).toBe(1);
    expect(check('CREATE TABLE "q" ("a_id" text REFERENCES "a"("id"));')).toHaveLength(1);
    expect(reads).toBe(2);
  });
});

/**
 * Hand-written SQL in the migration `drizzle-kit generate --custom` makes, after a baseline drizzle-kit
 * wrote: each case runs on the server after the baseline, and the rule must report exactly the cases
 * that fail, on the statement that fails.
 */
describe('no-foreign-key-type-mismatch on hand-written keys, against the server', () => {
  const dir = path.join(TMP, 'hand-written');
  const base =
    "import { integer, pgEnum, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';\n\nexport const role = pgEnum('role', ['admin', 'member']);\n\n" +
    "export const a = pgTable('a', {\n  id: uuid('id').primaryKey(),\n  n: integer('n').unique(),\n  r: role('r').unique(),\n  code: varchar('code', { length: 10 }).unique(),\n});\n";
  const CASES: Array<[string, string[]]> = [
    ['inline key, text to uuid', ['CREATE TABLE "b" ("id" integer PRIMARY KEY, "a_id" text REFERENCES "a"("id"));']],
    ['inline key, uuid to uuid', ['CREATE TABLE "b" ("a_id" uuid REFERENCES "a"("id"));']],
    ['table constraint, text to uuid', ['CREATE TABLE "b" ("a_id" text, CONSTRAINT "b_fk" FOREIGN KEY ("a_id") REFERENCES "public"."a"("id"));']],
    ['ADD COLUMN … REFERENCES, text to uuid', ['ALTER TABLE "a" ADD COLUMN "parent" text REFERENCES "a"("id");']],
    ['bigint to integer', ['CREATE TABLE "b" ("n" bigint REFERENCES "a"("n"));']],
    ['numeric to integer', ['CREATE TABLE "b" ("n" numeric(10,0) REFERENCES "a"("n"));']],
    ['text to an enum', ['CREATE TABLE "b" ("r" text REFERENCES "a"("r"));']],
    ['the enum to itself', ['CREATE TABLE "b" ("r" "role" REFERENCES "a"("r"));']],
    ['text to varchar', ['CREATE TABLE "b" ("c" text REFERENCES "a"("code"));']],
    ['NOT VALID, integer to uuid', ['CREATE TABLE "b" ("a_id" integer);', 'ALTER TABLE "b" ADD CONSTRAINT "b_a_id_fk" FOREIGN KEY ("a_id") REFERENCES "a"("id") NOT VALID;']],
    ['both tables new', ['CREATE TABLE "p" ("id" uuid PRIMARY KEY);', 'CREATE TABLE "q" ("p_id" integer REFERENCES "p"("id"));']],
    ['after a SET DATA TYPE in the file', ['ALTER TABLE "a" ALTER COLUMN "n" SET DATA TYPE text;', 'CREATE TABLE "b" ("n" integer REFERENCES "a"("n"));']],
    ['an enum created in the file', ['CREATE TYPE "mood" AS ENUM (\'x\');', 'CREATE TABLE "b" ("m" "mood" UNIQUE);', 'CREATE TABLE "c" ("m" text REFERENCES "b"("m"));']],
    ['self reference, varchar to uuid', ['CREATE TABLE "b" ("id" uuid PRIMARY KEY, "parent" uuid REFERENCES "b"("id"), "other" varchar(36) REFERENCES "b"("id"));']],
    ['a column added, then a key on it', ['ALTER TABLE "a" ADD COLUMN "x" integer;', 'ALTER TABLE "a" ADD CONSTRAINT "a_x_fk" FOREIGN KEY ("x") REFERENCES "a"("n");']],
    ['no column list (the primary key), text to uuid', ['CREATE TABLE "b" ("a_id" text REFERENCES "a");']],
    ['no column list (the primary key), uuid to uuid', ['CREATE TABLE "b" ("a_id" uuid REFERENCES "a");']],
    ['no column list, a new table\'s composite primary key', ['CREATE TABLE "p" ("x" integer, "y" text, PRIMARY KEY ("x", "y"));', 'CREATE TABLE "q" ("x" integer, "y" integer, FOREIGN KEY ("x", "y") REFERENCES "p");']],
    ['no column list, a primary key added in the file', ['CREATE TABLE "p" ("id" text);', 'ALTER TABLE "p" ADD PRIMARY KEY ("id");', 'CREATE TABLE "q" ("p_id" integer REFERENCES "p");']],
    ['lowercase SQL, inline key, text to uuid', ['create table "b" ("id" integer primary key, "a_id" text references "a"("id"));']],
    ['lowercase SQL, a key added to a new column', ['create table "b" ("a_id" integer);', 'alter table "b" add constraint "b_a_id_fk" foreign key ("a_id") references "a"("id");']],
    ['in drizzle-kit 0.29\'s DO block', ['ALTER TABLE "a" ADD COLUMN "p2" text;', 'DO $$ BEGIN ALTER TABLE "a" ADD CONSTRAINT "a_p2_fk" FOREIGN KEY ("p2") REFERENCES "a"("id"); EXCEPTION WHEN duplicate_object THEN null; END $$;']],
  ];
  let baseSql: string[];
  let migrationFile: string;
  let eslint: ESLint;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.connect();
    await projectWithBaseline(dir, base, base);
    await drizzleKitGenerate(dir, '--custom', '--name', 'hand');
    const files = readdirSync(path.join(dir, 'drizzle')).filter((f) => f.endsWith('.sql')).sort();
    expect(files).toHaveLength(2);
    baseSql = statementsOf(readFileSync(path.join(dir, 'drizzle', files[0]), 'utf8'));
    migrationFile = path.join(dir, 'drizzle', files[1]);
    eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: plugin.configs.strict as never });
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES)('%s', async (_, statements) => {
    const [result] = await eslint.lintText(statements.join('\n'), { filePath: migrationFile });
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    const lines = result.messages.filter((m) => m.ruleId === RULE_KEY).map((m) => m.line);
    let failedAt: number | undefined;
    let error: string | undefined;
    for (let i = 0; i < statements.length && error === undefined; i++) {
      error = await run(baseSql, statements.slice(0, i + 1));
      if (error) failedAt = i + 1;
    }
    if (error) expect(error).toMatch(/foreign key constraint .* cannot be implemented/);
    // One statement a line: the finding is on the line of the statement the server stops at.
    expect(lines, `server: ${error ?? 'ok'}`).toEqual(failedAt ? [failedAt] : []);
  });
});

describe('no-foreign-key-type-mismatch (models)', () => {
  const fk = (extra: Partial<ForeignKeyModel> = {}): ForeignKeyModel => ({ name: 'b_a_id_a_id_fk', columns: ['a_id'], foreignSchema: 'public', foreignTable: 'a', foreignColumns: ['id'], onDelete: 'no action', onUpdate: 'no action', ...extra });
  const tables = (aType: string, bType: string, extra: Partial<ForeignKeyModel> = {}, columnExtra = {}) => [
    table('a', [column('id', aType, { primaryKey: true })]),
    table('b', [column('a_id', bType, columnExtra)], { foreignKeys: new Map([['b_a_id_a_id_fk', fk(extra)]]) }),
  ];

  it('stays quiet about a mismatch the change did not make, and about types it does not know', () => {
    expect(runRule(rule, baseline(tables('uuid', 'text')), model(tables('uuid', 'text')))).toEqual([]);
    expect(runRule(rule, baseline(tables('uuid', 'uuid')), model(tables('uuid', 'citext')))).toEqual([]);
    expect(runRule(rule, baseline(tables('uuid', 'uuid')), model(tables('uuid', 'text', {}, { unknown: { type: 'helper' } })))).toEqual([]);
    expect(runRule(rule, baseline(tables('uuid', 'uuid')), model(tables('uuid', 'text', { unknown: { target: 'call' } })))).toEqual([]);
  });

  it('on the 1.x line, a re-created key still exists while both types change (drizzle-kit 1.x re-creates it after them)', () => {
    const change = (kit: '0.x' | '1.x') => runRule(rule, baseline(tables('uuid', 'uuid')), model(tables('text', 'text', { onDelete: 'cascade' })), { kit });
    expect(change('0.x')).toEqual([]);
    const [finding] = change('1.x');
    expect(finding.message).toContain('Changing `a.id` from `uuid` to `text` and `b.a_id` from `uuid` to `text` fails');
    expect(finding.sql!.split('\n')[0]).toBe('ALTER TABLE "b" DROP CONSTRAINT "b_a_id_a_id_fk";');
  });

  it('names the key as the database has it when drizzle-kit 1.x kept its generated name across a column rename', () => {
    const keyed = (type: string, name: string) => [
      table('a', [column('id', type, { primaryKey: true })]),
      table('b', [column(name, type)], { foreignKeys: new Map([[`b_${name}_a_id_fk`, fk({ name: `b_${name}_a_id_fk`, columns: [name], nameExplicit: false })]]) }),
    ];
    const [finding] = runRule(rule, baseline(keyed('uuid', 'user_id')), model(keyed('text', 'reference_id')), { kit: '1.x' });
    expect(finding.message).toContain('foreign key `b_user_id_a_id_fk` still exists');
    expect(finding.sql!.split('\n')[0]).toBe('ALTER TABLE "b" DROP CONSTRAINT "b_user_id_a_id_fk";');
  });

  it('suggests a plain integer type, not a second serial, for a key to a serial column', () => {
    const [finding] = runRule(rule, baseline(tables('serial', 'integer')), model(tables('serial', 'uuid')));
    expect(finding.help).toContain('change `b.a_id` back to `integer`');
    const added = runRule(rule, baseline([table('a', [column('id', 'serial', { primaryKey: true })])]), model(tables('serial', 'uuid')));
    expect(added[0].help).toContain('make `b.a_id` `integer` like `a.id`');
  });

  it('says how the failure ends when migrations run outside drizzle\'s transaction', () => {
    const [finding] = runRule(rule, baseline(tables('uuid', 'uuid')), model(tables('uuid', 'text')), { settings: { migrationsRunOutsideTransaction: true } });
    expect(finding.message).toContain('half applied');
    expect(finding.sql).toBe('ALTER TABLE "b" ALTER COLUMN "a_id" SET DATA TYPE text;');
  });
});
