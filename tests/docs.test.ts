/**
 * Every doc page of the schema rules is executable: its `ts before` block becomes a real baseline
 * (the real `drizzle-kit generate` in a temp project), then each `ts invalid` block must produce at
 * least one finding of the page's rule through the real ESLint, and each `ts valid` block none.
 *
 * A `ts generated` block is for rules whose fix is an edited migration, not a different schema
 * (`no-add-unique-constraint`, `require-not-valid-constraint`, `require-concurrent-index`): the schema
 * keeps the change, and the real `drizzle-kit generate` is run on it over the baseline; after that,
 * the same schema must give no message at all.
 */
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/drizzle-kit-oracle.js';
import { lintSchema } from './support/lint.js';
import { codeBlocks, docText, drizzleKitGenerate, generateDocBaseline, inBatches } from './support/doc-pages.js';


const SCHEMA_RULE_DOCS = [
  'no-add-required-column',
  'no-add-unique-constraint',
  'no-alter-column-type',
  'no-concurrent-index-in-transaction',
  'no-drop-column',
  'no-drop-table',
  'no-foreign-key-type-mismatch',
  'no-remove-enum-value',
  'no-rename-column',
  'no-rename-table',
  'no-set-not-null',
  'no-volatile-default',
  'require-concurrent-index',
  'require-not-valid-constraint',
];
const REQUIRED_HEADINGS = ['## Problem', '## Solution', '### In the Drizzle schema', '### In the SQL migration', '## When Not To Use It', '## Further Reading'];
const TMP = path.join(repoRoot, 'tests/.tmp/docs');

function projectDir(id: string): string {
  return path.join(TMP, id);
}

/** A copy of the page's baseline project where the real drizzle-kit has generated `code` as the next migration. */
async function generatedProject(id: string, n: number, code: string): Promise<string> {
  const dir = path.join(TMP, `${id}-generated-${n}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(projectDir(id), dir, { recursive: true });
  writeFileSync(path.join(dir, 'schema.ts'), code);
  await drizzleKitGenerate(dir);
  return dir;
}

/** The page's rule alone, through the real ESLint, on `code` as the schema of the project in `dir`. */
function lintDocProject(id: string, dir: string, code: string) {
  return lintSchema({ file: path.join(dir, 'schema.ts'), code, rules: [id], settings: { config: path.join(dir, 'drizzle.config.ts') }, cwd: repoRoot });
}

describe.each(SCHEMA_RULE_DOCS)('docs/rules/%s.md', (id) => {
  it('has the generated header and the required headings, in order', () => {
    const text = docText(id);
    expect(text.startsWith(`# ${id}\n`)).toBe(true);
    expect(text).toMatch(/<!-- begin auto-generated rule header -->[\s\S]+<!-- end auto-generated rule header -->/);
    const positions = REQUIRED_HEADINGS.map((h) => text.search(new RegExp(`^${h.replace(/[#]/g, '\\#')}$`, 'm')));
    expect(positions.every((p) => p >= 0), `headings ${REQUIRED_HEADINGS.join(', ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toMatch(/https:\/\/www\.postgresql\.org\/docs\//);
  });

  it('has one `ts before`, at least one `ts invalid` and one `ts valid` or `ts generated` block, and SQL blocks', () => {
    const blocks = codeBlocks(docText(id));
    expect(blocks.filter((b) => b.lang === 'ts' && b.tag === 'before')).toHaveLength(1);
    expect(blocks.some((b) => b.lang === 'ts' && b.tag === 'invalid')).toBe(true);
    expect(blocks.some((b) => b.lang === 'ts' && (b.tag === 'valid' || b.tag === 'generated'))).toBe(true);
    expect(blocks.some((b) => b.lang === 'sql')).toBe(true);
  });
});

describe('doc examples behave as labelled (real drizzle-kit baseline, real ESLint)', () => {
  beforeAll(async () => {
    await inBatches(SCHEMA_RULE_DOCS, 4, (id) => generateDocBaseline(id, projectDir(id)));
  }, 180_000);

  afterAll(() => {
    rmSync(TMP, { recursive: true, force: true });
  });

  const cases = SCHEMA_RULE_DOCS.flatMap((id) =>
    codeBlocks(docText(id))
      .filter((b) => b.lang === 'ts' && (b.tag === 'invalid' || b.tag === 'valid'))
      .map((b, n) => [id, b.tag, n, b.code] as const),
  );

  it.each(cases)('%s: %s block #%i', async (id, tag, _n, code) => {
    const dir = projectDir(id);
    expect(existsSync(path.join(dir, 'drizzle/meta')), 'drizzle-kit wrote the baseline').toBe(true);
    const messages = await lintDocProject(id, dir, code);
    const other = messages.filter((m) => m.ruleId !== `drizzle-migrations/${id}`);
    expect(other, 'no project problem or parse error').toEqual([]);
    if (tag === 'invalid') expect(messages.length, messages.map((m) => m.message).join('\n')).toBeGreaterThan(0);
    else expect(messages.map((m) => m.message)).toEqual([]);
  });

  const generatedCases = SCHEMA_RULE_DOCS.flatMap((id) =>
    codeBlocks(docText(id))
      .filter((b) => b.lang === 'ts' && b.tag === 'generated')
      .map((b, n) => [id, n, b.code] as const),
  );

  it.each(generatedCases)('%s: generated block #%i gives no message once drizzle-kit wrote its snapshot', async (id, n, code) => {
    const dir = await generatedProject(id, n, code);
    expect(readdirSync(path.join(dir, 'drizzle')).filter((f) => f.endsWith('.sql')).length, 'drizzle-kit generated a second migration').toBe(2);
    const messages = await lintDocProject(id, dir, code);
    expect(messages.map((m) => m.message)).toEqual([]);
  }, 60_000);
});

/** Rules that read application code but not the schema: their `ts invalid` / `ts valid` blocks are ordinary TypeScript files. */
const TYPESCRIPT_RULE_DOCS = ['no-backfill-in-migration', 'no-unsafe-sql-raw'];

describe('TypeScript examples of the application-code rules (real ESLint)', () => {
  const cases = TYPESCRIPT_RULE_DOCS.flatMap((id) =>
    codeBlocks(docText(id))
      .filter((b) => b.lang === 'ts' && (b.tag === 'invalid' || b.tag === 'valid'))
      .map((b, n) => [id, b.tag, n, b.code] as const),
  );

  it('every such page has an invalid and a valid TypeScript example', () => {
    for (const id of TYPESCRIPT_RULE_DOCS) expect(new Set(cases.filter((c) => c[0] === id).map((c) => c[1]))).toEqual(new Set(['invalid', 'valid']));
  });

  it.each(cases)('%s: %s block #%i', async (id, tag, _n, code) => {
    const messages = await lintSchema({ file: path.join(repoRoot, 'tests/.tmp/docs-ts/src/app.ts'), code, rules: [id], cwd: repoRoot });
    expect(messages.filter((m) => m.ruleId !== `drizzle-migrations/${id}`), 'no parse error').toEqual([]);
    if (tag === 'invalid') expect(messages.length).toBeGreaterThan(0);
    else expect(messages.map((m) => m.message)).toEqual([]);
  });
});
