/**
 * The SQL examples of every rule page are executable, like the TypeScript ones (`docs.test.ts`).
 *
 * Convention, for readers of the docs: a page's ```sql invalid / ```sql valid blocks are each the
 * *next migration* after the page's ```ts before schema ("The schema at the last drizzle-kit
 * generate"), so they use that schema's tables and columns. Untagged ```sql blocks are SQL run
 * outside the migrator (psql, a backfill job) and are not linted.
 *
 * The test writes the `ts before` block as a project, lets the real drizzle-kit 0.31 write its baseline
 * (`0000_*.sql` + `meta/0000_snapshot.json`), then adds each block as `drizzle/0001_doc.sql` with its
 * journal entry in a copy of that project, and lints it with the real ESLint and `configs.strict`:
 * each `sql invalid` block must give at least one finding of the page's rule, each `sql valid` none.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/eslint/index.js';
import { NAMESPACE } from '../src/eslint/configs.js';
import { repoRoot } from './support/drizzle-kit-oracle.js';
import { codeBlocks, docText, generateDocBaseline, inBatches } from './support/doc-pages.js';

const TMP = path.join(repoRoot, 'tests/.tmp/docs-sql');
const SQL_HEADING = /^### In the SQL migration$/m;
const MIGRATION_TAG = '0001_doc';

const PAGES_WITH_SQL = readdirSync(path.join(repoRoot, 'docs/rules'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length))
  .filter((id) => SQL_HEADING.test(docText(id)))
  .sort();

const baselineDir = (id: string) => path.join(TMP, id, 'baseline');

/** A copy of the page's baseline with `sql` as the next migration, journal entry included. */
function projectWithMigration(id: string, name: string, sql: string): string {
  const dir = path.join(TMP, id, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(baselineDir(id), dir, { recursive: true });
  const journalFile = path.join(dir, 'drizzle/meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number }[] };
  const last = journal.entries[journal.entries.length - 1];
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: MIGRATION_TAG } as (typeof journal.entries)[number]);
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  writeFileSync(path.join(dir, `drizzle/${MIGRATION_TAG}.sql`), sql);
  return dir;
}

async function lintMigration(cwd: string) {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: plugin.configs.strict as never });
  const [result] = await eslint.lintFiles([`drizzle/${MIGRATION_TAG}.sql`]);
  return result.messages;
}

describe('rule pages with an `In the SQL migration` section', () => {
  it('are the pages of every rule that checks migration SQL', () => {
    // The pages without SQL: the TypeScript-only rules.
    expect(PAGES_WITH_SQL).not.toContain('no-unsafe-sql-raw');
    expect(PAGES_WITH_SQL.length).toBeGreaterThanOrEqual(15);
  });

  it.each(PAGES_WITH_SQL)('%s: has one `ts before` (the baseline), `sql invalid` and `sql valid` blocks after the heading', (id) => {
    const text = docText(id);
    const sqlSection = text.slice(text.search(SQL_HEADING));
    const blocks = codeBlocks(text);
    expect(blocks.filter((b) => b.lang === 'ts' && b.tag === 'before')).toHaveLength(1);
    expect(codeBlocks(sqlSection).some((b) => b.lang === 'sql' && b.tag === 'invalid')).toBe(true);
    expect(codeBlocks(sqlSection).some((b) => b.lang === 'sql' && b.tag === 'valid')).toBe(true);
    expect(blocks.filter((b) => b.lang === 'sql').every((b) => b.tag === '' || b.tag === 'invalid' || b.tag === 'valid')).toBe(true);
  });
});

describe('doc SQL examples behave as labelled (real drizzle-kit baseline, real ESLint, configs.strict)', () => {
  beforeAll(async () => {
    await inBatches(PAGES_WITH_SQL, 4, (id) => generateDocBaseline(id, baselineDir(id)));
  }, 180_000);

  afterAll(() => {
    rmSync(TMP, { recursive: true, force: true });
  });

  const cases = PAGES_WITH_SQL.flatMap((id) =>
    codeBlocks(docText(id))
      .filter((b) => b.lang === 'sql' && (b.tag === 'invalid' || b.tag === 'valid'))
      .map((b, n) => [id, b.tag, n, b.code] as const),
  );

  it.each(cases)('%s: sql %s block #%i', async (id, tag, n, code) => {
    expect(existsSync(path.join(baselineDir(id), 'drizzle/meta/0000_snapshot.json')), 'drizzle-kit wrote the baseline').toBe(true);
    const messages = await lintMigration(projectWithMigration(id, `${tag}-${n}`, code));
    expect(messages.filter((m) => m.fatal || !m.ruleId), 'the block parses').toEqual([]);
    const own = messages.filter((m) => m.ruleId === `${NAMESPACE}/${id}`).map((m) => m.message);
    if (tag === 'invalid') expect(own.length, `no ${id} finding`).toBeGreaterThan(0);
    else expect(own).toEqual([]);
  });
});
