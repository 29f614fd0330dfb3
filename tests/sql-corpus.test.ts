/**
 * The SQL rules over a real drizzle-kit history (bench/generate/migrations.ts: drizzle-kit 0.31's own
 * API, one evolving schema), cut to its first 60 migrations: the real ESLint with `configs.recommended`
 * lints them all without a crash, reports only the change each migration was generated from (its name
 * says which), and `since` silences the applied history. `npx tsx bench/sql-history-run.ts` runs all ~300.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateMigrations } from '../bench/generate/migrations.js';
import { expectedRules, historyPrefix, lintHistory, unexpectedFindings, type HistoryRun } from '../bench/sql-history-run.js';

const LIMIT = 60;
const project = path.join(import.meta.dirname, '.tmp/sql-corpus');
let all: HistoryRun;
let tags: string[];

beforeAll(async () => {
  historyPrefix(await generateMigrations(), project, LIMIT);
  tags = (JSON.parse(readFileSync(path.join(project, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }).entries.map((e) => e.tag);
  all = await lintHistory(project);
}, 300_000); // generateMigrations() writes all 300 migrations when bench/.out has none (~2 min on 2 shared cores)

describe(`${LIMIT} real drizzle-kit migrations through ESLint (configs.recommended)`, () => {
  it('lints every file, with no parse error or crash', () => {
    expect(all.files).toBe(LIMIT);
    expect([...all.findings.values()].flat().filter((rule) => rule.startsWith('(fatal)'))).toEqual([]);
  });

  it('reports only the risky change each migration was generated from, and always reports it', () => {
    expect(unexpectedFindings(project, all)).toEqual([]);
  });

  it('exercises safe and risky steps alike', () => {
    const kinds = (required: boolean) =>
      new Set(tags.filter((tag) => expectedRules(tag, readFileSync(path.join(project, `drizzle/${tag}.sql`), 'utf8')).required === required).map((t) => t.replace(/^\d+_|_\d+$/g, '')));
    expect(kinds(false)).toContain('add_tables');
    expect(kinds(true).size).toBeGreaterThanOrEqual(3);
  });

  it('with `since` at the newest migration reports nothing; at a middle one, only newer migrations', async () => {
    const newest = await lintHistory(project, tags[tags.length - 1]);
    expect([...newest.findings.values()].flat()).toEqual([]);
    const middle = tags[LIMIT / 2];
    const after = await lintHistory(project, middle);
    const reported = [...after.findings].filter(([, rules]) => rules.length > 0).map(([tag]) => tag);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((tag) => tag > middle)).toBe(true);
    expect(reported).toEqual([...all.findings].filter(([tag, rules]) => rules.length > 0 && tag > middle).map(([tag]) => tag));
  });
});
