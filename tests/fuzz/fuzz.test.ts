/**
 * Mutation fuzzing with fast-check (fixed seeds, bounded runs; `scripts/fuzz.ts` runs longer):
 * mutated schema TypeScript, snapshot JSON of both layouts (0.31 `meta/NNNN_snapshot.json`, 1.0
 * `<folder>/snapshot.json`), migration SQL and drizzle configs go through ESLint's Node API and the
 * tsserver plugin. Property: nothing throws, no fatal message except a SQL syntax error, every
 * location lies in the file.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEslint, checkTsserver, copyFixture, eslintFor, freshCaches, tsserverFor } from './harness.js';
import { mutatedJson, mutatedText } from './mutations.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261126);
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** CI bound per test; long runs (scripts/fuzz.ts) pass --testTimeout 0. */
const TIMEOUT = 60_000 * Math.max(1, FUZZ_SCALE);
const runs = (count: number) => Math.max(1, Math.round(count * FUZZ_SCALE));

const project = copyFixture('shop', 'fuzz-shop');
const schemaFile = path.join(project.dir, 'schema.ts');
const schemaText = readFileSync(schemaFile, 'utf8');
const rcFolders = readdirSync(path.join(project.dir, 'drizzle-rc')).sort();
const latestRcFolder = rcFolders.at(-1)!;
const files = {
  v7Snapshot: path.join(project.dir, 'drizzle/meta/0002_snapshot.json'),
  rcSnapshot: path.join(project.dir, 'drizzle-rc', latestRcFolder, 'snapshot.json'),
  sql: path.join(project.dir, 'drizzle/0001_v02.sql'),
  config: path.join(project.dir, 'drizzle.config.ts'),
};
const originals = Object.fromEntries(Object.entries(files).map(([key, file]) => [key, readFileSync(file, 'utf8')])) as Record<keyof typeof files, string>;
const counts: Record<string, number> = {};

async function holds(kind: string, check: () => Promise<string[]>, input: string): Promise<boolean> {
  counts[kind] = (counts[kind] ?? 0) + 1;
  const problems = await check();
  if (problems.length > 0) throw new Error(`${kind}: ${problems.join('; ')}\n--- input ---\n${input.slice(0, 3000)}`);
  return true;
}

/** `SET NOT NULL` and a type change (rules that look the old column up) on every column of the fixture's first snapshot. */
function statementsNeedingTheSchemaBefore(): string {
  const first = JSON.parse(readFileSync(path.join(project.dir, 'drizzle/meta/0000_snapshot.json'), 'utf8')) as { tables: Record<string, { name: string; columns: Record<string, unknown> }> };
  const tables = Object.values(first.tables);
  // New keys too: their columns' types come from the same snapshot (no-foreign-key-type-mismatch).
  const keys = tables.flatMap((table, i) => {
    const other = tables[(i + 1) % tables.length];
    const [column, otherColumn] = [Object.keys(table.columns)[0], Object.keys(other.columns)[0]];
    const key = `ALTER TABLE "${table.name}" ADD CONSTRAINT "fuzz_${i}_fk" FOREIGN KEY ("${column}") REFERENCES "${other.name}"("${otherColumn}")`;
    return [`${key};`, inDoBlock(key), `CREATE TABLE "fuzz_${i}" ("ref" text REFERENCES "${table.name}"("${column}"));`];
  });
  return tables
    .flatMap((table) => Object.keys(table.columns).map((column) => `ALTER TABLE "${table.name}" ALTER COLUMN "${column}" SET NOT NULL;\nALTER TABLE "${table.name}" ALTER COLUMN "${column}" SET DATA TYPE varchar(300);`))
    .concat(keys)
    .join('\n');
}

/** drizzle-kit 0.29's wrapper, which the reader reads through (`src/migration/do-block.ts`). */
function inDoBlock(statement: string): string {
  return `DO $$ BEGIN\n ${statement};\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`;
}

/** The migration, then each of its statements again inside a `DO` block, so mutations reach the blocks too. */
const sqlWithDoBlocks = `${originals.sql}\n--> statement-breakpoint\n${originals.sql
  .split('--> statement-breakpoint')
  .map((chunk) => inDoBlock(chunk.trim().replace(/;$/, '')))
  .join('\n--> statement-breakpoint\n')}`;

beforeAll(() => freshCaches());
afterAll(() => {
  project.remove();
  console.log(`fuzz inputs run (seed ${FUZZ_SEED}): ${JSON.stringify(counts)}`);
});

describe('fuzz: no crash, no fatal, valid locations', () => {
  it('mutated schema TypeScript, through ESLint and the tsserver plugin', async () => {
    const eslint = eslintFor(project.dir);
    const service = await tsserverFor(project.dir, '.');
    await fc.assert(
      fc.asyncProperty(mutatedText(schemaText), async (text) => {
        await holds('schema/eslint', () => checkEslint(eslint, schemaFile, text), text);
        return holds('schema/tsserver', async () => checkTsserver(service, schemaFile, text), text);
      }),
      { seed: FUZZ_SEED, numRuns: runs(60), endOnFailure: true },
    );
  }, TIMEOUT);

  for (const [label, key, settings] of [
    ['0.31 meta/NNNN_snapshot.json', 'v7Snapshot', {}],
    ['1.0 <folder>/snapshot.json', 'rcSnapshot', { config: 'drizzle-rc.config.ts' }],
  ] as const) {
    it(`mutated and truncated snapshot JSON (${label})`, async () => {
      const eslint = eslintFor(project.dir, settings);
      try {
        await fc.assert(
          fc.asyncProperty(mutatedJson(originals[key]), async (json) => {
            writeFileSync(files[key], json);
            freshCaches();
            return holds(`snapshot/${key}`, () => checkEslint(eslint, schemaFile, schemaText), json);
          }),
          { seed: FUZZ_SEED + 1, numRuns: runs(40), endOnFailure: true },
        );
      } finally {
        writeFileSync(files[key], originals[key]);
      }
    }, TIMEOUT);
  }

  // The schema before a migration is read only for some statements: ask it for every column of every table.
  for (const [label, snapshot, migration, settings] of [
    ['0.31', 'drizzle/meta/0000_snapshot.json', 'drizzle/0001_v02.sql', {}],
    ['1.0', `drizzle-rc/${rcFolders[0]}/snapshot.json`, `drizzle-rc/${rcFolders[1]}/migration.sql`, { config: 'drizzle-rc.config.ts' }],
  ] as const) {
    it(`mutated snapshot before a migration (${label}), read by the SQL rules`, async () => {
      const eslint = eslintFor(project.dir, settings);
      const snapshotFile = path.join(project.dir, snapshot);
      const original = readFileSync(snapshotFile, 'utf8');
      const migrationFile = path.join(project.dir, migration);
      const sql = `${readFileSync(migrationFile, 'utf8')}\n--> statement-breakpoint\n${statementsNeedingTheSchemaBefore()}`;
      try {
        await fc.assert(
          fc.asyncProperty(mutatedJson(original), async (json) => {
            writeFileSync(snapshotFile, json);
            freshCaches();
            return holds(`before/${label}`, () => checkEslint(eslint, migrationFile, sql), json);
          }),
          { seed: FUZZ_SEED + 4, numRuns: runs(30), endOnFailure: true },
        );
      } finally {
        writeFileSync(snapshotFile, original);
      }
    }, TIMEOUT);
  }

  it('mutated migration SQL', async () => {
    const eslint = eslintFor(project.dir);
    await fc.assert(
      fc.asyncProperty(mutatedText(sqlWithDoBlocks), async (sql) => holds('sql/eslint', () => checkEslint(eslint, files.sql, sql), sql)),
      { seed: FUZZ_SEED + 2, numRuns: runs(80), endOnFailure: true },
    );
  }, TIMEOUT);

  it('mutated drizzle configs', async () => {
    const eslint = eslintFor(project.dir);
    const service = await tsserverFor(project.dir, '.');
    try {
      await fc.assert(
        fc.asyncProperty(mutatedText(originals.config), async (config) => {
          writeFileSync(files.config, config);
          freshCaches();
          await holds('config/eslint', () => checkEslint(eslint, schemaFile, schemaText), config);
          return holds('config/tsserver', async () => checkTsserver(service, schemaFile, `${schemaText}\n`), config);
        }),
        { seed: FUZZ_SEED + 3, numRuns: runs(40), endOnFailure: true },
      );
    } finally {
      writeFileSync(files.config, originals.config);
    }
  }, TIMEOUT);

  it('counted every input', () => {
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
