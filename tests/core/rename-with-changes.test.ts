/**
 * Renames that come with other changes, checked against the real drizzle-kit answering "rename":
 * - a column renamed and changed (`name: text('name')` → `text('full_name').notNull()`, `age: integer('age')`
 *   → `bigint('years')`): 0.31 writes the `RENAME COLUMN` alone and records the change only in the snapshot
 *   (https://github.com/drizzle-team/drizzle-orm/issues/3826); 1.0 writes the `ALTER`s after the rename;
 * - a table renamed while a column changes: 0.31 stops with a TypeError and writes nothing, exit code 0
 *   (https://github.com/drizzle-team/drizzle-orm/issues/3539); 1.0 writes the rename, then the `ALTER`.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { DrizzleKitLine, SchemaModel } from '../../src/core/schema-model.js';
import { snapshotToModel } from '../../src/snapshot/index.js';
import { readSchema } from '../../src/schema/index.js';
import noAlterColumnType from '../../src/rules/no-alter-column-type.js';
import noRenameColumn from '../../src/rules/no-rename-column.js';
import noRenameTable from '../../src/rules/no-rename-table.js';
import noSetNotNull from '../../src/rules/no-set-not-null.js';
import { fixturesDir, readFromDisk } from '../schema/read-fixture.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';
import { generateAnswering, generateWithHints, projectWithBaseline } from '../support/drizzle-kit-prompts.js';
import { runRule } from '../support/schema-models.js';

const TMP = path.join(repoRoot, 'tests/.tmp/rename-with-changes');
const BEFORE_FILE = path.join(fixturesDir, 'rename-with-changes.ts');
const BEFORE = readFileSync(BEFORE_FILE, 'utf8');
const AFTER = BEFORE.replace("import { integer,", "import { bigint, integer,")
  .replace("name: text('name'),", "name: text('full_name').notNull(),")
  .replace("age: integer('age'),", "age: bigint('years', { mode: 'number' }),");
const TABLE_RENAMED = BEFORE.replace("pgTable('users'", "pgTable('members'").replace("name: text('name'),", "name: text('name').notNull(),");
const RULES = [noRenameColumn, noRenameTable, noSetNotNull, noAlterColumnType];

function findings(before: SchemaModel, kit: DrizzleKitLine, code = AFTER): Record<string, Finding[]> {
  const after = readSchema({ entryFiles: [BEFORE_FILE], kit, readFile: (file) => (file === BEFORE_FILE ? code : readFromDisk(file)) }).model;
  return Object.fromEntries(RULES.map((rule) => [rule.id, runRule(rule, before, after, { kit })]));
}

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('drizzle-kit 0.31, answered "rename"', () => {
  const project = path.join(TMP, '0.31');
  let baseline: SchemaModel;

  beforeAll(async () => {
    expect(AFTER).not.toBe(BEFORE);
    baseline = snapshotToModel(await projectWithBaseline(project, BEFORE, AFTER));
  }, 60_000);

  it('writes the renames alone while its snapshot records the changes; the rename findings say so, and nothing claims the ALTERs', async () => {
    const { statements, prompts } = await generateAnswering(project, 'drizzle', 'rename');
    expect(prompts).toHaveLength(2);
    expect(statements).toEqual(['ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";', 'ALTER TABLE "users" RENAME COLUMN "age" TO "years";']);
    const snapshot = JSON.parse(readFileSync(path.join(project, 'drizzle/meta/0001_snapshot.json'), 'utf8'));
    expect(snapshot.tables['public.users'].columns.full_name).toMatchObject({ type: 'text', notNull: true });
    expect(snapshot.tables['public.users'].columns.years).toMatchObject({ type: 'bigint' });

    const found = findings(baseline, '0.x');
    const [fullName, years] = found['no-rename-column'];
    expect(fullName.message).toContain('drizzle-kit 0.31 writes the `RENAME COLUMN` alone: the `NOT NULL` made with it goes into the snapshot but never reaches the database');
    expect(fullName.message).toContain('and adding `full_name` as `NOT NULL` without a default fails if the table has any row.');
    expect(fullName.help).toMatch(/^Rename in one `drizzle-kit generate` and make the `NOT NULL` in the next/);
    expect(years.message).toContain('the type change to `bigint` made with it goes into the snapshot');
    expect(found['no-set-not-null']).toEqual([]);
    expect(found['no-alter-column-type']).toEqual([]);
  }, 120_000);

  it('stops on a table renamed while a column changes, writing nothing; the table rename finding says so', async () => {
    const tableProject = path.join(TMP, '0.31-table');
    const tableBaseline = snapshotToModel(await projectWithBaseline(tableProject, BEFORE, TABLE_RENAMED));
    await expect(generateAnswering(tableProject, 'drizzle', 'rename')).rejects.toThrow(/exited 0 and wrote 0 migrations[\s\S]*Cannot read properties of undefined \(reading 'columns'\)/);
    const [renamed] = findings(tableBaseline, '0.x', TABLE_RENAMED)['no-rename-table'];
    expect(renamed.message).toContain("drizzle-kit 0.31 stops with `TypeError: Cannot read properties of undefined (reading 'columns')` and writes no migration");
    expect(renamed.help).toMatch(/^Rename the table in one `drizzle-kit generate` and change its columns in the next/);
    // Renamed alone, the table goes through: the warning is only for a rename with column changes.
    expect(findings(tableBaseline, '0.x', BEFORE.replace("pgTable('users'", "pgTable('members'"))['no-rename-table'][0].message).not.toContain('TypeError');
  }, 120_000);
});

describe('drizzle-kit 1.0 RC, with "rename" hints', () => {
  it('writes the ALTERs after the renames, and the rules report each with its SQL', async () => {
    const column = (from: string, to: string) => ({ type: 'rename', kind: 'column', from: ['public', 'users', from], to: ['public', 'users', to] });
    const oracle = await generateWithHints(BEFORE, AFTER, { rename: [column('name', 'full_name'), column('age', 'years')] });
    const found = findings(snapshotToModel(oracle.prev), '1.x');
    const [setNotNull] = found['no-set-not-null'];
    const [retype] = found['no-alter-column-type'];
    expect(oracle.statements.rename).toContain(setNotNull.sql);
    expect(oracle.statements.rename).toContain(retype.sql);
    expect(found['no-rename-column'].map((f) => f.message.includes('0.31'))).toEqual([false, false]);
  }, 120_000);

  it('writes the ALTER after a table rename, and no-set-not-null reports it with that SQL', async () => {
    const oracle = await generateWithHints(BEFORE, TABLE_RENAMED, { rename: [{ type: 'rename', kind: 'table', from: ['public', 'users'], to: ['public', 'members'] }] });
    expect(oracle.statements.rename[0]).toBe('ALTER TABLE "users" RENAME TO "members";');
    const found = findings(snapshotToModel(oracle.prev), '1.x', TABLE_RENAMED);
    expect(oracle.statements.rename).toContain(found['no-set-not-null'][0].sql);
    expect(found['no-rename-table'][0].message).not.toContain('TypeError');
  }, 120_000);
});
