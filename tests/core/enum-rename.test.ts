/**
 * An enum renamed in the schema (`pgEnum('role')` → `pgEnum('message_role')`, same values) makes
 * drizzle-kit ask "created or renamed?". Checked against the real drizzle-kit answering both ways:
 * the 0.31 CLI under a pseudo-terminal, the 1.0 RC API with hints. The linter reports each column
 * that would be converted once, as that prompt, and the SQL it shows is what each answer writes.
 */
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { DrizzleKitLine, SchemaModel } from '../../src/core/schema-model.js';
import { snapshotToModel } from '../../src/snapshot/index.js';
import rule from '../../src/rules/no-alter-column-type.js';
import { fixturesDir, readFromDisk } from '../schema/read-fixture.js';
import { readSchema } from '../../src/schema/index.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';
import { generateAnswering, generateWithHints, projectWithBaseline } from '../support/drizzle-kit-prompts.js';
import { lintSchema } from '../support/lint.js';
import { runRule } from '../support/schema-models.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { modelLookup } from '../../src/core/schema-lookup.js';
import { resolveSettings } from '../../src/core/settings.js';
import { createTestDatabase } from '../postgres/test-database.js';

const TMP = path.join(repoRoot, 'tests/.tmp/enum-rename');
const BEFORE_FILE = path.join(fixturesDir, 'enum-rename.ts');
const BEFORE = readFileSync(BEFORE_FILE, 'utf8');
/** The same schema with the enum renamed in the database (`role` → `message_role`), its columns following. */
const AFTER = BEFORE.replace("pgEnum('role',", "pgEnum('message_role',");
const CONVERTED = ['messages.role', 'messages.tags', 'drafts.role'];

/** The finding's SQL split into the "rename" answer and the "create" answer. */
function answers(finding: Finding): { rename: string[]; create: string[] } {
  const [rename, create] = finding.sql!.split('\n-- or, answering "create":\n');
  return { rename: rename.split('\n'), create: create.split('\n') };
}

function findingsFor(before: SchemaModel, kit: DrizzleKitLine): Finding[] {
  const after = readSchema({ entryFiles: [BEFORE_FILE], kit, readFile: (file) => (file === BEFORE_FILE ? AFTER : readFromDisk(file)) }).model;
  return runRule(rule, before, after, { kit });
}

function expectOneFindingPerColumn(findings: Finding[]): void {
  expect(findings.map((f) => /of `([^`]+)` is gone/.exec(f.message)?.[1]).sort()).toEqual([...CONVERTED].sort());
  for (const f of findings) expect(f.message).toContain('drizzle-kit will ask whether `message_role` is created or renamed');
}

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('an enum renamed in the schema, drizzle-kit 0.31 CLI answering its prompt', () => {
  const project = path.join(TMP, '0.31');
  let baseline: SchemaModel;
  let renameAnswer: string[] = [];
  let createAnswer: string[] = [];

  beforeAll(async () => {
    baseline = snapshotToModel(await projectWithBaseline(project, BEFORE, AFTER));
  }, 60_000);


  it('ESLint reports each converted column once, as the prompt, and nothing else', async () => {
    const code = AFTER;
    const messages = await lintSchema({
      file: path.join(project, 'schema.ts'),
      code,
      rules: ['no-alter-column-type', 'no-remove-enum-value'],
      settings: { config: path.join(project, 'drizzle.config.ts') },
    });
    expect(messages.map((m) => m.ruleId)).toEqual(CONVERTED.map(() => 'drizzle-migrations/no-alter-column-type'));
    for (const m of messages) expect(m.message).toContain('drizzle-kit will ask whether `message_role` is created or renamed');
  });

  it('each answer writes exactly the SQL the findings show for it', async () => {
    const findings = findingsFor(baseline, '0.x');
    expectOneFindingPerColumn(findings);
    const createProject = `${project}-create`;
    cpSync(project, createProject, { recursive: true });
    const [renamed, created] = await Promise.all([generateAnswering(project, 'drizzle', 'rename'), generateAnswering(createProject, 'drizzle', 'create')]);
    expect(renamed.prompts).toEqual(['Is message_role enum created or renamed from another enum?']);
    expect(new Set(findings.flatMap((f) => answers(f).rename))).toEqual(new Set(renamed.statements));
    expect(new Set(findings.flatMap((f) => answers(f).create))).toEqual(new Set(created.statements));
    // drizzle-kit 0.31 re-types an enum array even after the rename: that column's finding says so.
    const tags = findings.find((f) => f.message.includes('`messages.tags`'))!;
    expect(tags.message).toContain('Either answer converts the array column `messages.tags`');
    expect(answers(tags).rename).toEqual(renamed.statements);
    for (const f of findings.filter((f) => f !== tags)) expect(answers(f).rename).toEqual(['ALTER TYPE "public"."role" RENAME TO "message_role";']);
    renameAnswer = renamed.statements;
    createAnswer = created.statements;
  }, 120_000);

  it('the SQL rule on each generated migration: "create" points to the rename, the array conversion after a rename is needless', async () => {
    await loadSqlParser();
    const check = (statements: string[]) => {
      const text = statements.join('--> statement-breakpoint\n');
      return rule.checkMigration!({ file: '/m/0001_x.sql', text, statements: readMigration(text).statements, settings: resolveSettings({}, '/m'), before: modelLookup(baseline) });
    };
    const created = check(createAnswer);
    expect(created).toHaveLength(CONVERTED.length);
    for (const f of created) expect(f.help).toMatch(/^If `public\.message_role(\[\])?` replaces enum `role`, delete this migration and generate it again answering "rename"/);
    const [tags, ...rest] = check(renameAnswer);
    expect(rest).toEqual([]);
    expect(tags.help).toContain('Delete this statement: the `ALTER TYPE … RENAME TO` before it already gives `tags` the type `public.message_role[]`');
  });

  it('on the real server, the rename alone retypes the array and rewrites nothing; the array conversion rewrites', async () => {
    expect(renameAnswer).toHaveLength(2);
    const [renameType, convertArray] = renameAnswer;
    const db = await createTestDatabase();
    try {
      const client = await db.connect();
      const baselineSql = readFileSync(path.join(project, 'drizzle', readdirSync(path.join(project, 'drizzle')).find((f) => f.startsWith('0000_'))!), 'utf8');
      for (const statement of baselineSql.split('--> statement-breakpoint')) await client.query(statement);
      await client.query(`INSERT INTO messages (role, tags) SELECT 'user', '{user,assistant}' FROM generate_series(1, 1000)`);
      const fileNode = async () => (await client.query(`SELECT pg_relation_filenode('messages') AS n`)).rows[0].n as string;
      const start = await fileNode();
      await client.query(renameType);
      expect(await fileNode()).toBe(start);
      const types = await client.query(`SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'messages'::regclass AND attname IN ('role', 'tags') ORDER BY attname`);
      expect(types.rows).toEqual([{ attname: 'role', type: 'message_role' }, { attname: 'tags', type: 'message_role[]' }]);
      await client.query(convertArray);
      expect(await fileNode()).not.toBe(start);
    } finally {
      await db.drop();
    }
  });
});

describe('an enum renamed in the schema, drizzle-kit 1.0 RC API with each hint', () => {
  let oracle: { prev: unknown; statements: Record<string, string[]> };

  beforeAll(async () => {
    oracle = await generateWithHints(BEFORE, AFTER, {
      rename: [{ type: 'rename', kind: 'enum', from: ['public', 'role'], to: ['public', 'message_role'] }],
      create: [{ type: 'create', kind: 'enum', entity: ['public', 'message_role'] }],
    });
  }, 120_000);

  it('the findings show the SQL of each hint', () => {
    const findings = findingsFor(snapshotToModel(oracle.prev), '1.x');
    expectOneFindingPerColumn(findings);
    for (const f of findings) expect(answers(f).rename).toEqual(oracle.statements.rename);
    expect(new Set(findings.flatMap((f) => answers(f).create))).toEqual(new Set(oracle.statements.create));
    for (const f of findings) expect(f.help).toContain('{"type":"rename","kind":"enum","from":["public","role"],"to":["public","message_role"]}');
  });
});

describe('an enum moved to another schema (`pgEnum` → `app.enum`), both kit lines answering "rename"', () => {
  const MOVED_BEFORE = [
    "import { pgEnum, pgSchema, pgTable, serial } from 'drizzle-orm/pg-core';",
    "export const app = pgSchema('app');",
    "export const role = pgEnum('role', ['a', 'b']);",
    "export const t = pgTable('t', { id: serial('id').primaryKey(), role: role('role') });",
    '',
  ].join('\n');
  const MOVED_AFTER = MOVED_BEFORE.replace("pgEnum('role',", "app.enum('role',");
  const movedFindings = (before: SchemaModel, kit: DrizzleKitLine, file: string) =>
    runRule(rule, before, readSchema({ entryFiles: [file], kit, readFile: (f) => (f === file ? MOVED_AFTER : readFromDisk(f)) }).model, { kit });

  it('writes `ALTER TYPE … SET SCHEMA`, as the finding shows, and the message names both schemas', async () => {
    const project = path.join(TMP, 'moved-0.31');
    const baseline = snapshotToModel(await projectWithBaseline(project, MOVED_BEFORE, MOVED_AFTER));
    const renamed = await generateAnswering(project, 'drizzle', 'rename');
    const [finding031] = movedFindings(baseline, '0.x', path.join(project, 'schema.ts'));
    expect(answers(finding031).rename).toEqual(renamed.statements);
    expect(finding031.message).toContain('Enum `public.role` of `t.role` is gone and `app.role` is new');

    const oracle = await generateWithHints(MOVED_BEFORE, MOVED_AFTER, { rename: [{ type: 'rename', kind: 'enum', from: ['public', 'role'], to: ['app', 'role'] }] });
    const [finding1x] = movedFindings(snapshotToModel(oracle.prev), '1.x', path.join(project, 'schema.ts'));
    expect(answers(finding1x).rename).toEqual(oracle.statements.rename);
  }, 120_000);
});
