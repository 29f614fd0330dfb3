import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/schema-diff.js';
import { snapshotToModel } from '../../src/snapshot/index.js';
import { readFixture } from '../schema/read-fixture.js';
import { generateSnapshot, repoRoot } from '../support/drizzle-kit-oracle.js';

const execFileAsync = promisify(execFile);
const fixture = (name: string) => path.join(repoRoot, 'tests/fixtures/schemas/recreate', name);

/** The SQL the real drizzle-kit 0.31 `generate` writes for before.ts → after.ts. */
async function kitMigration(): Promise<string[]> {
  const script = path.join(repoRoot, `.oracle-recreate-${process.pid}.mts`);
  writeFileSync(
    script,
    [
      `import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';`,
      `const prev = generateDrizzleJson(await import(${JSON.stringify(pathToFileURL(fixture('before.ts')).href)}));`,
      `const cur = generateDrizzleJson(await import(${JSON.stringify(pathToFileURL(fixture('after.ts')).href)}), prev.id);`,
      `process.stdout.write('@@' + JSON.stringify(await generateMigration(prev, cur)));`,
    ].join('\n'),
  );
  try {
    const { stdout } = await execFileAsync(path.join(repoRoot, 'node_modules/.bin/tsx'), [script], { cwd: repoRoot });
    return JSON.parse(stdout.slice(stdout.lastIndexOf('@@') + 2)) as string[];
  } finally {
    rmSync(script, { force: true });
  }
}

const names = (statements: string[], pattern: RegExp) => statements.flatMap((s) => [...s.matchAll(pattern)].map((m) => m[1])).sort();

describe('constraints re-created under the same name', () => {
  it('lists exactly the constraints drizzle-kit drops and re-adds, as added and as re-created', async () => {
    const [statements, baselineJson] = await Promise.all([kitMigration(), generateSnapshot(fixture('before.ts'), '0.x')]);
    const dropped = names(statements, /DROP CONSTRAINT "([^"]+)"/g);
    const added = names(statements, /ADD CONSTRAINT "([^"]+)"/g);
    expect(dropped).toEqual(added); // every change here is a drop + re-add

    const diff = diffSchemas(snapshotToModel(baselineJson), readFixture('recreate/after.ts').model);
    const cards = diff.tables.find((t) => t.after.name === 'cards')!;
    const addedByUs = [...cards.addedForeignKeys, ...cards.addedUniqueConstraints, ...cards.addedCheckConstraints].map((c) => c.name).sort();
    const recreatedByUs = [...cards.recreatedForeignKeys, ...cards.recreatedUniqueConstraints, ...cards.recreatedCheckConstraints].map((p) => p.after.name).sort();
    expect(addedByUs).toEqual(added);
    expect(recreatedByUs).toEqual(dropped);
    expect(diff.tables.filter((t) => t.after.name !== 'cards').every((t) => t.addedForeignKeys.length + t.recreatedForeignKeys.length === 0)).toBe(true);
  });

  it('never counts a foreign key whose action is not a literal as changed', () => {
    const { model: after } = readFixture('recreate/after.ts');
    const { model: before } = readFixture('recreate/before.ts');
    const fk = after.tables.get('public.cards')!.foreignKeys.get('cards_created_by_users_id_fk')!;
    fk.unknown = { actions: 'an action is not a literal' };
    const cards = diffSchemas(before, after).tables.find((t) => t.after.name === 'cards')!;
    expect(cards.recreatedForeignKeys.map((p) => p.after.name)).toEqual(['cards_deleted_by_users_id_fk']);
  });
});
