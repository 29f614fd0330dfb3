/**
 * Index and constraint names drizzle-kit generates from their columns, when one of those columns is renamed
 * (the prompt answered "rename"), checked against the real CLIs:
 * - 0.31 drops each and creates it again under the new name: the indexes build without `CONCURRENTLY`, the
 *   foreign key and the unique constraint are added and validated again;
 * - 1.0 keeps the snapshot's generated names (`preserveEntityNames`) and writes the `RENAME COLUMN` alone,
 *   in that generate and in every later one, whose snapshot still holds the old names.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { DrizzleKitLine, SchemaModel } from '../../src/core/schema-model.js';
import { readBaseline, snapshotToModel } from '../../src/snapshot/index.js';
import { readSchema } from '../../src/schema/index.js';
import { rules } from '../../src/rules/index.js';
import { fixturesDir } from '../schema/read-fixture.js';
import { ensureToolInstalled, kitBin, kitRcV9, repoRoot } from '../support/drizzle-kit-oracle.js';
import { generateAnswering, generateWithHints, projectWithBaseline } from '../support/drizzle-kit-prompts.js';
import { runRule } from '../support/schema-models.js';

const execFileAsync = promisify(execFile);
const BEFORE = readFileSync(path.join(fixturesDir, 'generated-names.ts'), 'utf8');
const AFTER = BEFORE.replace("integer('user_id')", "integer('reference_id')");
const TMP_031 = path.join(repoRoot, 'tests/.tmp/generated-names');
// Inside the RC's tool folder, so that the schema imports the RC's drizzle-orm (gitignored as `.oracle-*`).
const RC_PROJECT = path.join(kitRcV9.toolDir!, '.oracle-generated-names');

function findings(before: SchemaModel, kit: DrizzleKitLine, schemaFile: string): Finding[] {
  const after = readSchema({ entryFiles: [schemaFile], kit, readFile: (file) => readFileSync(file, 'utf8') }).model;
  return rules.flatMap((rule) => runRule(rule, before, after, { kit }));
}

afterAll(() => {
  rmSync(TMP_031, { recursive: true, force: true });
  rmSync(RC_PROJECT, { recursive: true, force: true });
});

describe('drizzle-kit 0.31, answered "rename"', () => {
  it('re-creates every generated-name index and constraint on the column, and each is reported with that SQL', async () => {
    expect(AFTER).not.toBe(BEFORE);
    const baseline = snapshotToModel(await projectWithBaseline(TMP_031, BEFORE, AFTER));
    const found = findings(baseline, '0.x', path.join(TMP_031, 'schema.ts'));
    const { statements } = await generateAnswering(TMP_031, 'drizzle', 'rename');
    expect(statements[0]).toBe('ALTER TABLE "keys" RENAME COLUMN "user_id" TO "reference_id";');
    expect(found.map((f) => f.ruleId).sort()).toEqual([
      'no-add-unique-constraint',
      'no-rename-column',
      'require-concurrent-index',
      'require-concurrent-index',
      'require-concurrent-index',
      'require-not-valid-constraint',
    ]);
    for (const finding of found.filter((f) => f.ruleId !== 'no-rename-column')) expect(statements).toContain(finding.sql);
  }, 120_000);
});

describe('drizzle-kit 1.0 RC, answered "rename"', () => {
  const out = path.join(RC_PROJECT, 'drizzle');
  const schemaFile = path.join(RC_PROJECT, 'schema.ts');
  const rcGenerate = (...args: string[]) => execFileAsync(kitBin(kitRcV9), ['generate', ...args], { cwd: RC_PROJECT });
  const baselineModel = () => {
    const read = readBaseline(out);
    if (read.kind !== 'ok') throw new Error(JSON.stringify(read));
    return read.model;
  };

  beforeAll(async () => {
    ensureToolInstalled(kitRcV9);
    rmSync(RC_PROJECT, { recursive: true, force: true });
    mkdirSync(RC_PROJECT, { recursive: true });
    writeFileSync(path.join(RC_PROJECT, 'package.json'), '{}\n');
    writeFileSync(path.join(RC_PROJECT, 'drizzle.config.ts'), "import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle' });\n");
    writeFileSync(schemaFile, BEFORE);
    await rcGenerate('--name', 'before');
    writeFileSync(schemaFile, AFTER);
  }, 120_000);

  it('keeps the generated names and writes the rename alone; only the rename is reported', async () => {
    const found = findings(baselineModel(), '1.x', schemaFile);
    expect(found.map((f) => f.ruleId)).toEqual(['no-rename-column']);
    const { statements } = await generateAnswering(RC_PROJECT, 'drizzle', 'rename', 60_000, kitRcV9);
    expect(statements).toEqual(['ALTER TABLE "keys" RENAME COLUMN "user_id" TO "reference_id";']);
  }, 120_000);

  it('writes nothing for them in the next generate either, from a snapshot that holds the old names; nothing is reported', async () => {
    const migrations = readdirSync(out).length;
    expect(findings(baselineModel(), '1.x', schemaFile)).toEqual([]);
    const { stdout } = await rcGenerate();
    expect(stdout).toMatch(/No schema changes/i);
    expect(readdirSync(out)).toHaveLength(migrations);
  }, 120_000);
});

describe('drizzle-kit 1.0 RC, a table renamed (hint "rename")', () => {
  it('keeps the generated names that start with the old table name; only the table rename is reported', async () => {
    const renamed = BEFORE.replace("pgTable(\n  'keys'", "pgTable(\n  'api_keys'");
    expect(renamed).not.toBe(BEFORE);
    const oracle = await generateWithHints(BEFORE, renamed, { rename: [{ type: 'rename', kind: 'table', from: ['public', 'keys'], to: ['public', 'api_keys'] }] });
    expect(oracle.statements.rename).toEqual(['ALTER TABLE "keys" RENAME TO "api_keys";']);
    const schemaFile = path.join(TMP_031, 'table-renamed.ts');
    mkdirSync(TMP_031, { recursive: true });
    writeFileSync(schemaFile, renamed);
    expect(findings(snapshotToModel(oracle.prev), '1.x', schemaFile).map((f) => f.ruleId)).toEqual(['no-rename-table']);
  }, 120_000);
});

describe('the table or column a foreign key references, renamed', () => {
  const USERS_RENAMED = BEFORE.replace("pgTable('users'", "pgTable('accounts'");
  const ID_RENAMED = BEFORE.replace("id: serial('id').primaryKey(),\n});", "id: serial('uid').primaryKey(),\n});");
  const cases = [
    ['table', USERS_RENAMED, { type: 'rename', kind: 'table', from: ['public', 'users'], to: ['public', 'accounts'] }, 'ALTER TABLE "users" RENAME TO "accounts";', 'no-rename-table'],
    ['column', ID_RENAMED, { type: 'rename', kind: 'column', from: ['public', 'users', 'id'], to: ['public', 'users', 'uid'] }, 'ALTER TABLE "users" RENAME COLUMN "id" TO "uid";', 'no-rename-column'],
  ] as const;

  for (const [what, after, hint, rename, ruleId] of cases) {
    it(`1.0 RC keeps the key's generated name when the referenced ${what} is renamed; only the rename is reported`, async () => {
      expect(after).not.toBe(BEFORE);
      const oracle = await generateWithHints(BEFORE, after, { rename: [hint] });
      expect(oracle.statements.rename).toEqual([rename]);
      mkdirSync(TMP_031, { recursive: true });
      const schemaFile = path.join(TMP_031, `referenced-${what}-renamed.ts`);
      writeFileSync(schemaFile, after);
      expect(findings(snapshotToModel(oracle.prev), '1.x', schemaFile).map((f) => f.ruleId)).toEqual([ruleId]);
    }, 120_000);
  }

  it('0.31 answered "rename" for the referenced table drops the key and adds it again, and the re-add is reported with that SQL', async () => {
    const dir = path.join(TMP_031, 'referenced-table-031');
    const baseline = snapshotToModel(await projectWithBaseline(dir, BEFORE, USERS_RENAMED));
    const found = findings(baseline, '0.x', path.join(dir, 'schema.ts'));
    const { statements } = await generateAnswering(dir, 'drizzle', 'rename');
    expect(statements).toContain('ALTER TABLE "users" RENAME TO "accounts";');
    expect(statements.some((s) => s.startsWith('ALTER TABLE "keys" DROP CONSTRAINT "keys_user_id_users_id_fk"'))).toBe(true);
    expect(found.map((f) => f.ruleId).sort()).toEqual(['no-rename-table', 'require-not-valid-constraint']);
    expect(statements).toContain(found.find((f) => f.ruleId === 'require-not-valid-constraint')!.sql);
  }, 120_000);
});
