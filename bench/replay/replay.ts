/**
 * Replays a Drizzle (Postgres) repository's migration history through our linter.
 *
 *   npx tsx bench/replay/replay.ts <git-dir> [--limit N] [--work /tmp/replay] [--only <commit>] [--self-check] [--truth-only] [--keep] [--stride N] [--workaround enable-rls]
 *
 * For each commit C adding a drizzle-kit migration (0.31 or 1.0 RC layout): baseline = migrations folder at C^, schema = files
 * at C; findings are compared with the SQL drizzle-kit generated in C. Results go to
 * `<work>/<repo>/results.json`; a summary is printed. `--self-check` also lints C's schema against
 * C's own snapshot for every edit with a miss or false positive (findings there mean the schema
 * reader and the snapshot disagree, or the repo edited one by hand).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { listTree, showFile } from './git.js';
import { findMigrationEdits, type MigrationEdit } from './history.js';
import { locateSchema } from './project-layout.js';
import { buildScratch, type Workaround } from './scratch.js';
import { readSnapshotAt } from './baseline-types.js';
import { groundTruth, type Expectation } from './ground-truth.js';
import type { LintOutcome, ReportedFinding } from './run-linter.js';
import { scoreEdit } from './score.js';
import { summarize, type EditResult } from './summary.js';

interface Options {
  gitDir: string;
  limit?: number;
  work: string;
  only?: string;
  selfCheck: boolean;
  /** Ground truth only, no linting (for checking the classifier and the layout detection). */
  truthOnly: boolean;
  /** Keep the scratch folders for inspection. */
  keep: boolean;
  /** Replay every Nth edit only (an even sample over the history). */
  stride: number;
  workarounds: Workaround[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { gitDir: '', work: '/tmp/replay', selfCheck: false, truthOnly: false, keep: false, stride: 1, workarounds: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--limit') options.limit = Number(argv[++i]);
    else if (arg === '--work') options.work = argv[++i]!;
    else if (arg === '--only') options.only = argv[++i]!;
    else if (arg === '--self-check') options.selfCheck = true;
    else if (arg === '--truth-only') options.truthOnly = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--workaround') options.workarounds.push(argv[++i] as Workaround);
    else if (arg === '--stride') options.stride = Math.max(1, Number(argv[++i]));
    else options.gitDir = arg;
  }
  if (!options.gitDir) throw new Error('usage: replay.ts <git-dir> [--limit N] [--work dir] [--only commit] [--self-check]');
  return options;
}

function repoName(gitDir: string): string {
  const base = basename(gitDir) === 'repo' || basename(gitDir) === '.git' ? basename(dirname(gitDir)) : basename(gitDir);
  return base.replace(/\.git$/, '');
}

const NO_LINT: LintOutcome = { findings: [], problems: [], eslintMismatch: 0, syntaxFindings: 0, fatal: [] };

/** Loaded on first use so that `--truth-only` runs without the plugin. */
async function lintScratch(...args: Parameters<typeof import('./run-linter.js').lintScratch>): Promise<LintOutcome> {
  const { lintScratch: lint } = await import('./run-linter.js');
  return lint(...args);
}

async function replayEdit(options: Options, edit: MigrationEdit, scratchRoot: string): Promise<EditResult> {
  const migrationName = (file: string) => (edit.layout === '0.x' ? posix.basename(file) : posix.basename(posix.dirname(file)));
  const base = { commit: edit.commit, date: edit.date, subject: edit.subject, outDir: edit.outDir, migrations: edit.newSqlFiles.map(migrationName) };
  const files = listTree(options.gitDir, edit.commit);
  const parentFiles = listTree(options.gitDir, edit.parent);
  const ownSnapshot = readSnapshotAt(options.gitDir, edit.commit, edit.outDir, files, edit.layout);
  const dialect = edit.layout === '0.x' ? /"dialect"\s*:\s*"([^"]+)"/.exec(showFile(options.gitDir, edit.commit, `${edit.outDir}/meta/_journal.json`) ?? '')?.[1] : ownSnapshot.dialect;
  if (dialect !== 'pg' && dialect !== 'postgresql' && dialect !== 'postgres') return { ...base, status: 'skipped', reason: `not a Postgres migrations folder (dialect ${dialect})` };
  const parentSnapshot = readSnapshotAt(options.gitDir, edit.parent, edit.outDir, parentFiles, edit.layout);
  if (!parentSnapshot.path) return { ...base, status: 'skipped', reason: 'no baseline snapshot at the parent (first migration or moved folder)' };
  if (parentSnapshot.version === '9') return { ...base, status: 'skipped', reason: 'baseline is a v9 snapshot (a diff over earlier ones): the harness reads v5–v8 types only' };
  if (ownSnapshot.path === parentSnapshot.path) return { ...base, status: 'skipped', reason: 'the commit adds SQL but no snapshot (hand-written migration)' };
  const sqlTexts = edit.newSqlFiles.map((file) => showFile(options.gitDir, edit.commit, file) ?? '');
  const custom = sqlTexts.some((sql) => /Custom SQL migration file/i.test(sql)) || ownSnapshot.body === parentSnapshot.body;
  if (custom) return { ...base, status: 'skipped', reason: 'custom migration (`generate --custom` or snapshot unchanged)' };
  const layout = locateSchema(options.gitDir, edit.commit, files, edit.outDir);
  if (layout.kind === 'error') return { ...base, status: 'skipped', reason: layout.reason };
  const truth = groundTruth(sqlTexts, parentSnapshot.types);
  const project = buildScratch(options.gitDir, scratchRoot, edit.commit, edit.parent, files, edit.outDir, layout.layout, options.workarounds, edit.layout);
  const lint = options.truthOnly ? NO_LINT : await lintScratch(project);
  const score = scoreEdit(truth.expectations, lint.findings);
  let selfCheck: ReportedFinding[] | undefined;
  if (options.selfCheck && (score.falseNegatives.length > 0 || score.falsePositives.length > 0)) {
    const own = buildScratch(options.gitDir, `${scratchRoot}-self`, edit.commit, edit.commit, files, edit.outDir, layout.layout, options.workarounds, edit.layout);
    selfCheck = (await lintScratch(own)).findings;
    rmSync(own.root, { recursive: true, force: true });
  }
  if (!options.keep) rmSync(project.root, { recursive: true, force: true });
  return {
    ...base,
    status: 'replayed',
    snapshotVersion: parentSnapshot.version ?? '?',
    configReadable: layout.layout.configReadable,
    aliasHops: layout.layout.aliasHops,
    schemaFiles: project.schemaFiles.length,
    expectations: truth.expectations,
    unrecognised: truth.unrecognised,
    findings: lint.findings,
    problems: lint.problems,
    fatal: lint.fatal,
    eslintMismatch: lint.eslintMismatch,
    syntaxFindings: lint.syntaxFindings,
    truePositives: score.truePositives.map((t) => t.expectation),
    falseNegatives: score.falseNegatives,
    falsePositives: score.falsePositives,
    optionalHits: score.optionalHits.map((t) => t.expectation),
    selfCheck,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const name = repoName(options.gitDir);
  const workDir = join(options.work, name + (options.workarounds.length ? `+${options.workarounds.join('+')}` : ''));
  mkdirSync(workDir, { recursive: true });
  let edits = findMigrationEdits(options.gitDir);
  if (options.only) edits = edits.filter((edit) => edit.commit.startsWith(options.only!));
  if (options.stride > 1) edits = edits.filter((_, index) => index % options.stride === 0);
  if (options.limit) edits = edits.slice(0, options.limit);
  const results: EditResult[] = [];
  const started = Date.now();
  for (const [index, edit] of edits.entries()) {
    let result: EditResult;
    try {
      result = await replayEdit(options, edit, join(workDir, `scratch-${index}`));
    } catch (error) {
      result = { commit: edit.commit, date: edit.date, subject: edit.subject, outDir: edit.outDir, migrations: edit.newSqlFiles, status: 'skipped', reason: `replay error: ${(error as Error).message.split('\n')[0]}` };
    }
    results.push(result);
    const mark = result.status === 'replayed' ? `exp ${result.expectations!.length} tp ${result.truePositives!.length} fn ${result.falseNegatives!.length} fp ${result.falsePositives!.length}` : `skip: ${result.reason}`;
    process.stderr.write(`[${index + 1}/${edits.length}] ${edit.commit.slice(0, 10)} ${result.migrations.join(',')} ${mark}\n`);
  }
  const elapsedMs = Date.now() - started;
  writeFileSync(join(workDir, 'results.json'), JSON.stringify({ repo: name, elapsedMs, results }, null, 2));
  process.stdout.write(summarize(name, results, elapsedMs));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

export type { Expectation };
