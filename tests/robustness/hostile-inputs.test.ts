/**
 * Hostile and odd inputs: each must give a clear message or silence, never a hang or a crash.
 * Every case runs in a child process with a timeout (see analyze-child.ts).
 * Unreadable files: tests run as root, so `chmod 000` proves nothing; we use a directory where a
 * file is expected, a dangling symlink, and a FIFO (a read would block forever).
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, repoRoot } from '../fuzz/harness.js';

interface Outcome {
  analysis: { isSchemaFile: boolean; findings: { ruleId: string; span: { start: number; end: number } }[]; problems: { message: string; file: string }[] };
  analyzeMs: number;
  eslintMessages: { ruleId: string | null; message: string; fatal?: boolean }[];
}

const created: (() => void)[] = [];
afterAll(() => created.forEach((remove) => remove()));

function shop(tag: string) {
  const project = copyFixture('shop', `robust-${tag}`);
  created.push(project.remove);
  return project.dir;
}

function run(dir: string, file: string, eslint = true, timeoutMs = 60_000): Outcome {
  const child = spawnSync(process.execPath, ['--stack-size=984', '--import', 'tsx', path.join(repoRoot, 'tests/robustness/analyze-child.ts'), dir, file, eslint ? 'eslint' : ''], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw new Error(`child failed or hung: ${child.error.message}`);
  const at = child.stdout.lastIndexOf('__RESULT__');
  if (child.status !== 0 || at < 0) throw new Error(`child crashed (${child.status}): ${child.stderr.slice(-3000)}`);
  return JSON.parse(child.stdout.slice(at + '__RESULT__'.length)) as Outcome;
}

function expectNoCrash(outcome: Outcome): void {
  const internal = outcome.analysis.problems.filter((problem) => /internal error/i.test(problem.message));
  expect(internal).toEqual([]);
  expect(outcome.eslintMessages.filter((message) => message.fatal)).toEqual([]);
}

describe('hostile inputs: a clear message or silence', () => {
  it('a 5 MB schema file is analysed in bounded time', () => {
    const dir = shop('5mb');
    const schema = path.join(dir, 'schema.ts');
    const table = (i: number) => `export const big_${i} = pgTable('big_${i}', {\n  id: serial('id').primaryKey(),\n${Array.from({ length: 20 }, (_, c) => `  c${c}: varchar('c${c}', { length: 100 }),`).join('\n')}\n});\n`;
    let text = readFileSync(schema, 'utf8');
    for (let i = 0; text.length < 5 * 1024 * 1024; i++) text += table(i);
    writeFileSync(schema, text);
    const outcome = run(dir, schema, false, 120_000);
    expectNoCrash(outcome);
    expect(outcome.analysis.isSchemaFile).toBe(true);
  }, 130_000);

  it('a 50 MB snapshot is read or reported, never a hang', () => {
    const dir = shop('50mb');
    const snapshotFile = path.join(dir, 'drizzle/meta/0002_snapshot.json');
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { tables: Record<string, unknown> };
    const template = JSON.stringify(Object.values(snapshot.tables)[0]);
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const copy = JSON.parse(template) as { name: string };
      copy.name = `padding_${i}`;
      snapshot.tables[`public.padding_${i}`] = copy;
      size += template.length;
    }
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
    const outcome = run(dir, path.join(dir, 'schema.ts'), false, 120_000);
    expectNoCrash(outcome);
    // The padding tables are not in the schema: they read as dropped tables (a finding), not a crash.
    expect(outcome.analysis.isSchemaFile).toBe(true);
  }, 130_000);

  it('a 50 MB snapshot before a migration is read for the one table the SQL rules ask for', () => {
    const dir = shop('50mb-before');
    const before = path.join(dir, 'drizzle/meta/0001_snapshot.json');
    const snapshot = JSON.parse(readFileSync(before, 'utf8')) as { tables: Record<string, unknown> };
    const template = JSON.stringify(snapshot.tables['public.users']);
    // Padding first, so the table asked for sits after 50 MB of others; written as drizzle-kit writes it.
    const tables: Record<string, unknown> = {};
    for (let i = 0, size = 0; size < 50 * 1024 * 1024; i++, size += template.length * 2) tables[`public.padding_${i}`] = { ...(JSON.parse(template) as object), name: `padding_${i}` };
    snapshot.tables = { ...tables, ...snapshot.tables };
    writeFileSync(before, JSON.stringify(snapshot, null, 2));
    const migration = path.join(dir, 'drizzle/0002_v03.sql');
    writeFileSync(migration, `${readFileSync(migration, 'utf8')}\n--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(100);`);
    const outcome = run(dir, migration, true, 60_000);
    expectNoCrash(outcome);
    // Without the old type, `varchar(100)` may widen a shorter varchar and is not reported; from the big file's
    // `varchar(255)` it is a narrowing, which rewrites the table.
    const typeChange = outcome.eslintMessages.filter((message) => message.ruleId === 'drizzle-migrations/no-alter-column-type');
    expect(typeChange.map((message) => message.message)).toEqual([expect.stringContaining('from `varchar(255)` to `varchar(100)`')]);
  }, 70_000);

  it('deeply nested expressions give silence or a message, not a stack overflow', () => {
    const dir = shop('nested');
    const schema = path.join(dir, 'schema.ts');
    const depth = 5000;
    const nested = `${'('.repeat(depth)}'x'${')'.repeat(depth)}`;
    const chain = `users${'.id'.repeat(depth)}`;
    writeFileSync(schema, `${readFileSync(schema, 'utf8')}\nexport const deep = pgTable(${nested}, { id: serial('id') });\nexport const chained = ${chain};\nexport const arr = ${'['.repeat(2000)}${']'.repeat(2000)};\n`);
    const outcome = run(dir, schema, true);
    expect(outcome.analysis.problems.filter((problem) => /internal error/i.test(problem.message))).toEqual([]);
  }, 70_000);

  it('cyclic re-exports terminate', () => {
    const dir = shop('cycle');
    writeFileSync(path.join(dir, 'a.ts'), `export * from './b';\nexport * from './schema';\n`);
    writeFileSync(path.join(dir, 'b.ts'), `export * from './a';\nexport { users as u } from './b';\n`);
    writeFileSync(path.join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './a.ts', out: './drizzle' });\n`);
    const outcome = run(dir, path.join(dir, 'schema.ts'));
    expectNoCrash(outcome);
    expect(outcome.analysis.isSchemaFile).toBe(true);
  }, 70_000);

  it('a symlinked schema folder is followed', () => {
    const dir = shop('symlink');
    mkdirSync(path.join(dir, 'real'));
    for (const name of ['schema.ts', 'columns.ts']) writeFileSync(path.join(dir, 'real', name), readFileSync(path.join(dir, name), 'utf8'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'db'), 'dir');
    writeFileSync(path.join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './db/schema.ts', out: './drizzle' });\n`);
    const outcome = run(dir, path.join(dir, 'db/schema.ts'));
    expectNoCrash(outcome);
    expect(outcome.analysis.isSchemaFile).toBe(true);
  }, 70_000);

  it('a config whose `out` is a missing folder: silence (no baseline yet)', () => {
    const dir = shop('missing-out');
    writeFileSync(path.join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './nowhere' });\n`);
    const outcome = run(dir, path.join(dir, 'schema.ts'));
    expectNoCrash(outcome);
    expect(outcome.analysis.findings).toEqual([]);
  }, 70_000);

  it('a config whose `schema` is a missing folder: one clear problem', () => {
    const dir = shop('missing-schema');
    writeFileSync(path.join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './missing/', out: './drizzle' });\n`);
    const outcome = run(dir, path.join(dir, 'schema.ts'));
    expectNoCrash(outcome);
    expect(outcome.analysis.problems.map((problem) => problem.message).join(' ')).toMatch(/schema.*matches no schema file/);
  }, 70_000);

  it('unreadable: a directory where the snapshot file is expected', () => {
    const dir = shop('dir-snapshot');
    const snapshotFile = path.join(dir, 'drizzle/meta/0002_snapshot.json');
    rmSync(snapshotFile);
    mkdirSync(snapshotFile);
    const outcome = run(dir, path.join(dir, 'schema.ts'));
    expectNoCrash(outcome);
    expect(outcome.analysis.problems.length + outcome.analysis.findings.length).toBeGreaterThanOrEqual(0);
  }, 70_000);

  it('unreadable: a dangling symlink as the snapshot, and as a re-exported schema file', () => {
    const dir = shop('dangling');
    const snapshotFile = path.join(dir, 'drizzle/meta/0002_snapshot.json');
    rmSync(snapshotFile);
    symlinkSync(path.join(dir, 'gone.json'), snapshotFile);
    symlinkSync(path.join(dir, 'gone.ts'), path.join(dir, 'ghost.ts'));
    writeFileSync(path.join(dir, 'schema.ts'), `${readFileSync(path.join(dir, 'schema.ts'), 'utf8')}\nexport * from './ghost';\n`);
    const outcome = run(dir, path.join(dir, 'schema.ts'));
    expectNoCrash(outcome);
  }, 70_000);

  it('unreadable: a FIFO as the snapshot does not hang', () => {
    const dir = shop('fifo');
    const snapshotFile = path.join(dir, 'drizzle/meta/0002_snapshot.json');
    rmSync(snapshotFile);
    execFileSync('mkfifo', [snapshotFile]);
    const outcome = run(dir, path.join(dir, 'schema.ts'), true, 30_000);
    expectNoCrash(outcome);
  }, 40_000);

  it('unreadable: a FIFO as the snapshot before a migration does not hang its SQL rules', () => {
    const dir = shop('fifo-before');
    const before = path.join(dir, 'drizzle/meta/0001_snapshot.json');
    rmSync(before);
    execFileSync('mkfifo', [before]);
    // `SET NOT NULL` and a type change make the rules look `users` up in the schema before the migration.
    const migration = path.join(dir, 'drizzle/0002_v03.sql');
    writeFileSync(migration, `${readFileSync(migration, 'utf8')}\n--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(400);`);
    const outcome = run(dir, migration, true, 30_000);
    expectNoCrash(outcome);
    expect(outcome.eslintMessages.map((message) => message.ruleId)).toContain('drizzle-migrations/no-set-not-null');
  }, 40_000);
});
