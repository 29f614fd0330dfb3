/**
 * `npm run bench`: generates the inputs (cached in bench/.out), builds the plugin bundle, runs every
 * benchmark as paired runs in fresh processes, and writes bench/.out/results.json and .md.
 * Options: --quick (fewer repeats), --repeats N (pairs per ESLint benchmark), --only schema,plain,app,queries,sql,sql-rc,editor,eslint-editor,memory.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { generateLargeSchema } from './generate/large-schema.js';
import { generateDrizzleApp, generateDrizzleQueries, generatePlainCodebase } from './generate/plain-codebase.js';
import { generateMigrations } from './generate/migrations.js';
import { generateMigrationsRc } from './generate/migrations-rc.js';
import { buildPluginBundle } from './support/build-plugin.js';
import { runWorker } from './support/child.js';
import { outRoot, repoRoot } from './support/paths.js';
import { squawkBin } from './support/squawk.js';
import { median, percentile, round } from './support/stats.js';

interface EslintRun { configMs: number; configCpuMs: number; runs: number[]; cpuRuns: number[]; messages: number; fatal: number; byRule: Record<string, number>; maxRssMb: number }

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, repeats: { type: 'string' }, only: { type: 'string' } } });
const only = values.only?.split(',');
const wanted = (name: string) => !only || only.includes(name);
const repeats = values.repeats ? Number(values.repeats) : values.quick ? 2 : 5;
const results: Record<string, unknown> = { machine: machine(), startedAt: new Date().toISOString(), repeats };

function machine() {
  const version = (pkg: string) => (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((l) => round(l, 1)),
    node: process.version,
    eslint: version('eslint'),
    typescript: version('typescript'),
    typescriptEslintParser: version('@typescript-eslint/parser'),
    drizzleKit: version('drizzle-kit'),
    squawk: spawnSync(squawkBin(), ['--version'], { encoding: 'utf8' }).stdout.trim(),
  };
}

function eslintRun(mode: string, dir: string, patterns: string[]) {
  return runWorker<EslintRun>('eslint-run', ['--mode', mode, '--dir', dir, ...patterns.flatMap((p) => ['--pattern', p])]);
}

/** `items` in the order for pair `i`: as given, then reversed, and so on. */
function alternating<T>(items: readonly T[], i: number): readonly T[] {
  return i % 2 === 0 ? items : [...items].reverse();
}

/**
 * Paired runs, interleaved so load changes on the shared machine hit both sides alike, in alternating
 * order (A B, B A, …): a machine that slows down or speeds up during the benchmark favours neither side.
 */
function paired(modes: string[], dir: string, patterns: string[], count: number) {
  const runs: Record<string, { lintMs: number[]; cpuMs: number[]; loadAndLintMs: number[]; loadAndLintCpuMs: number[]; wallMs: number[]; rssMb: number[]; last?: EslintRun }> = {};
  for (const mode of modes) runs[mode] = { lintMs: [], cpuMs: [], loadAndLintMs: [], loadAndLintCpuMs: [], wallMs: [], rssMb: [] };
  for (let i = 0; i < count; i++) {
    for (const mode of alternating(modes, i)) {
      const { result, wallMs } = eslintRun(mode, dir, patterns);
      runs[mode].lintMs.push(result.runs[0]);
      runs[mode].cpuMs.push(result.cpuRuns[0]);
      runs[mode].loadAndLintMs.push(result.configMs + result.runs[0]);
      runs[mode].loadAndLintCpuMs.push(result.configCpuMs + result.cpuRuns[0]);
      runs[mode].wallMs.push(wallMs);
      runs[mode].rssMb.push(result.maxRssMb);
      runs[mode].last = result;
    }
  }
  return runs;
}

function ratios(a: number[], b: number[]): number[] {
  return a.map((value, i) => value / b[i]);
}

function summary(runs: ReturnType<typeof paired>, mode: string, against: string) {
  return {
    medianLintMs: round(median(runs[mode].lintMs)),
    medianBaselineLintMs: round(median(runs[against].lintMs)),
    medianRatioWall: round(median(ratios(runs[mode].lintMs, runs[against].lintMs)), 3),
    medianRatioCpu: round(median(ratios(runs[mode].cpuMs, runs[against].cpuMs)), 3),
    // As a CLI run sees it: the config's import of the plugin, then the lint.
    medianLoadAndLintMs: round(median(runs[mode].loadAndLintMs)),
    medianBaselineLoadAndLintMs: round(median(runs[against].loadAndLintMs)),
    medianRatioLoadAndLintWall: round(median(ratios(runs[mode].loadAndLintMs, runs[against].loadAndLintMs)), 3),
    medianRatioLoadAndLintCpu: round(median(ratios(runs[mode].loadAndLintCpuMs, runs[against].loadAndLintCpuMs)), 3),
    medianPeakRssMb: round(median(runs[mode].rssMb)),
    medianBaselinePeakRssMb: round(median(runs[against].rssMb)),
  };
}

await buildPluginBundle();

if (wanted('schema')) {
  const dir = generateLargeSchema();
  const runs = paired(['none', 'core', 'plugin'], dir, ['schema/**/*.ts'], repeats);
  results.schema = { files: runs.plugin.last?.byRule['(files)'], findings: runs.plugin.last?.byRule, vsNoRules: summary(runs, 'plugin', 'none'), vsCoreRule: summary(runs, 'plugin', 'core'), raw: runs };
  console.log('schema', JSON.stringify({ vsNoRules: summary(runs, 'plugin', 'none'), vsCoreRule: summary(runs, 'plugin', 'core') }));
}

if (wanted('plain')) {
  const dir = generatePlainCodebase();
  const runs = paired(['core', 'plugin'], dir, ['src/**/*.ts'], values.repeats ? repeats : values.quick ? 1 : 3);
  results.plain = { files: runs.plugin.last?.byRule['(files)'], messages: runs.plugin.last?.messages, vsCoreRule: summary(runs, 'plugin', 'core'), raw: runs };
  console.log('plain', JSON.stringify(summary(runs, 'plugin', 'core')));
}

if (wanted('app')) {
  const dir = generateDrizzleApp();
  const runs = paired(['core', 'plugin'], dir, ['src/**/*.ts'], values.repeats ? repeats : values.quick ? 1 : 3);
  results.app = { files: runs.plugin.last?.byRule['(files)'], messages: runs.plugin.last?.messages, vsCoreRule: summary(runs, 'plugin', 'core'), raw: runs };
  console.log('app', JSON.stringify(summary(runs, 'plugin', 'core')));
}

if (wanted('queries')) {
  const dir = generateDrizzleQueries();
  const runs = paired(['core', 'plugin'], dir, ['src/m*/**/*.ts'], values.repeats ? repeats : values.quick ? 1 : 3);
  results.queries = { files: runs.plugin.last?.byRule['(files)'], messages: runs.plugin.last?.messages, vsCoreRule: summary(runs, 'plugin', 'core'), raw: runs };
  console.log('queries', JSON.stringify(summary(runs, 'plugin', 'core')));
}

/** #3 on one migrations folder: the marginal cost of the SQL block beside squawk's whole process. */
function sqlBench(dir: string, squawkPattern: string): Record<string, unknown> {
  const patterns = ['src/**/*.ts', 'drizzle/**/*.sql'];
  const withSql: number[] = [];
  const without: number[] = [];
  // In-process CPU of the lint (new ESLint → results): the same work minus Node and tsx start-up noise.
  const withSqlCpu: number[] = [];
  const withoutCpu: number[] = [];
  // In-process wall of the plugin's import and the lint: the whole-process marginal without Node and tsx start-up noise.
  const withSqlLoadAndLint: number[] = [];
  const withoutLoadAndLint: number[] = [];
  const sqlOnly: number[] = [];
  const squawk: number[] = [];
  // ESLint's own cost for the same files with a do-nothing language (bench/support/floor-language.ts).
  const floor: number[] = [];
  const floorCpu: number[] = [];
  let last: EslintRun | undefined;
  const withSqlRun = () => {
    const a = eslintRun('plugin+sql', dir, patterns);
    last = a.result;
    withSql.push(a.wallMs);
    withSqlCpu.push(a.result.cpuRuns[0]);
    withSqlLoadAndLint.push(a.result.configMs + a.result.runs[0]);
  };
  const withoutSqlRun = () => {
    const b = eslintRun('plugin', dir, patterns);
    without.push(b.wallMs);
    withoutCpu.push(b.result.cpuRuns[0]);
    withoutLoadAndLint.push(b.result.configMs + b.result.runs[0]);
  };
  for (let i = 0; i < repeats; i++) {
    // Alternating order, as in `paired`: a machine that drifts favours neither side.
    for (const run of alternating([withSqlRun, withoutSqlRun], i)) run();
    const c = eslintRun('plugin+floor', dir, patterns);
    floor.push(c.wallMs);
    floorCpu.push(c.result.cpuRuns[0]);
    sqlOnly.push(eslintRun('sql', dir, ['drizzle/**/*.sql']).wallMs);
    const started = performance.now();
    spawnSync(squawkBin(), [squawkPattern], { cwd: dir, shell: true, stdio: 'ignore' });
    squawk.push(performance.now() - started);
  }
  const marginal = withSql.map((w, i) => w - without[i]);
  const inProcessMarginal = withSqlLoadAndLint.map((w, i) => w - withoutLoadAndLint[i]);
  return {
    files: 300,
    findings: last?.byRule,
    medianMarginalMs: round(median(marginal)),
    medianMarginalCpuMs: round(median(withSqlCpu.map((w, i) => w - withoutCpu[i]))),
    medianInProcessMarginalMs: round(median(inProcessMarginal)),
    medianSquawkMs: round(median(squawk)),
    medianRatioMarginalToSquawk: round(median(ratios(marginal, squawk)), 3),
    medianRatioInProcessMarginalToSquawk: round(median(ratios(inProcessMarginal, squawk)), 3),
    medianSqlOnlyProcessMs: round(median(sqlOnly)),
    medianEslintFloorMarginalMs: round(median(floor.map((w, i) => w - without[i]))),
    medianEslintFloorMarginalCpuMs: round(median(floorCpu.map((w, i) => w - withoutCpu[i]))),
    raw: { withSql, without, withSqlCpu, withoutCpu, withSqlLoadAndLint, withoutLoadAndLint, sqlOnly, squawk, floor, floorCpu },
  };
}

if (wanted('sql')) {
  results.sql = sqlBench(await generateMigrations(), 'drizzle/*.sql');
  console.log('sql', JSON.stringify(results.sql));
}

// The same history in drizzle-kit 1.0 RC's layout (snapshot v9 diffs, replayed for the schema before a migration).
if (wanted('sql-rc')) {
  results.sqlRc = sqlBench(await generateMigrationsRc(), 'drizzle/*/migration.sql');
  console.log('sql-rc', JSON.stringify(results.sqlRc));
}

/**
 * An editor benchmark's worker over the 300-table schema, 3 times (2 with --quick) in fresh processes for each kind of
 * edit (a run's p95 is set by a handful of requests): `sameLength`, a varchar width changing between 2-digit values;
 * `varyLength`, between 2 and 3 digits, so the file's length changes and every later node moves (typing). Each run
 * is summarised by `summarise`; for each of `medians` the median run's value is quoted.
 */
function editorBench<T>(worker: string, summarise: (result: T) => Record<string, number>, medians: string[]): Record<string, unknown> {
  const dir = generateLargeSchema();
  const byKind: Record<string, unknown> = {};
  for (const kind of ['sameLength', 'varyLength'] as const) {
    const runs: Record<string, number>[] = [];
    for (let i = 0; i < (values.quick ? 2 : 3); i++) {
      const loadAverage = round(os.loadavg()[0], 1);
      const args = ['--dir', dir, '--edits', values.quick ? '100' : '200', ...(kind === 'varyLength' ? ['--vary-length'] : [])];
      runs.push({ ...summarise(runWorker<T>(worker, args).result), loadAverage });
    }
    const quoted = medians.map((key) => [`median${key[0].toUpperCase()}${key.slice(1)}`, round(median(runs.map((run) => run[key])))]);
    byKind[kind] = { runs, ...Object.fromEntries(quoted) };
  }
  return byKind;
}

if (wanted('editor')) {
  type TsserverEdits = { typescriptMs: number[]; pluginMs: number[]; pluginCpuMs: number[]; pluginGcMs: number[]; findings: number };
  results.editor = editorBench<TsserverEdits>(
    'tsserver-edits',
    (result) => ({
      requests: result.pluginMs.length,
      pluginP50Ms: round(percentile(result.pluginMs, 50)),
      pluginP95Ms: round(percentile(result.pluginMs, 95)),
      pluginCpuP50Ms: round(percentile(result.pluginCpuMs, 50)),
      pluginCpuP95Ms: round(percentile(result.pluginCpuMs, 95)),
      requestsWithGcPause: result.pluginGcMs.filter((ms) => ms > 0).length,
      typescriptP50Ms: round(percentile(result.typescriptMs, 50)),
      typescriptP95Ms: round(percentile(result.typescriptMs, 95)),
      findings: result.findings,
    }),
    ['pluginP50Ms', 'pluginP95Ms', 'pluginCpuP50Ms', 'pluginCpuP95Ms', 'typescriptP50Ms'],
  );
  console.log('editor', JSON.stringify(results.editor));
}

// The editor through the ESLint extension: vscode-eslint-language-server lints the unsaved buffer with
// `ESLint#lintText` on every change. Per edit, the plugin's lint and the same lint without its rules.
if (wanted('eslint-editor')) {
  type EslintEdits = { pluginMs: number[]; coreMs: number[]; findings: number };
  results.eslintEditor = editorBench<EslintEdits>(
    'eslint-edits',
    (result) => {
      const added = result.pluginMs.map((ms, edit) => ms - result.coreMs[edit]);
      return {
        lints: added.length,
        addedP50Ms: round(percentile(added, 50)),
        pluginP50Ms: round(percentile(result.pluginMs, 50)),
        pluginP95Ms: round(percentile(result.pluginMs, 95)),
        coreP50Ms: round(percentile(result.coreMs, 50)),
        coreP95Ms: round(percentile(result.coreMs, 95)),
        findings: result.findings,
      };
    },
    ['addedP50Ms', 'pluginP50Ms', 'pluginP95Ms', 'coreP50Ms', 'coreP95Ms'],
  );
  console.log('eslint-editor', JSON.stringify(results.eslintEditor));
}

if (wanted('memory')) {
  const acme = path.join(outRoot, 'acme');
  if (!existsSync(acme)) cpSync(path.join(repoRoot, 'examples/acme'), acme, { recursive: true });
  const { result } = runWorker<{ iterations: number; heapMb: number[]; findings: number; maxRssMb: number }>('long-session', ['--dir', acme, '--iterations', values.quick ? '200' : '1000'], ['--expose-gc']);
  const heap = result.heapMb.map((h) => round(h, 1));
  results.longSession = { ...result, heapMb: heap, growthFromSecondSampleMb: round(heap[heap.length - 1] - heap[1], 1) };
  console.log('longSession', JSON.stringify(results.longSession));
}

writeFileSync(path.join(outRoot, 'results.json'), JSON.stringify(results, null, 2));
console.log(`wrote ${path.join(outRoot, 'results.json')}`);
