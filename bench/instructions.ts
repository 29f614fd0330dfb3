/**
 * #1 and #2 counted in instructions instead of timed: on this shared 2-core machine a fresh ESLint
 * process varies by ±10 %, more than the targets. Valgrind counts what a process executes whatever
 * else runs; Node runs with `--single-threaded`, so V8 compiles and collects on the main thread and
 * two runs of one config agree within ~0.7 %.
 *
 * Each mode (bench/support/eslint-config.ts) runs twice over the same folder: over `--files` and over
 * `--fewer` of them (or none), so the fixed cost (Node, ESLint, the parser, the plugin's import)
 * cancels out of the difference. `schema` lints the 300-table schema (32 files) against a run over no
 * file; `plain` and `queries` lint 250 against 50 of their 2,000 files and report instructions per file.
 *
 * `--runs N` counts every run N times and takes the median: one run of a config varies by up to ±0.2 G.
 * Each count is also split by where the instructions ran (`cg_annotate`'s functions, see `categoryOf`):
 * V8's optimizing compiler, its garbage collector, builtins (the interpreter's bytecode handlers and
 * inline caches), optimized JavaScript, V8's own parser and bytecode compiler, libc, the rest.
 *
 *   npx tsx bench/instructions.ts [--only schema,plain,queries] [--modes core,plugin] [--runs 3] [--node-flags=--no-opt]
 *
 * `--node-flags`: more V8/Node flags for the counted processes (space-separated), e.g. `--no-opt` to count
 * a lint without V8's optimizing compiler, where every function stays in the interpreter or baseline code.
 *
 * Needs `valgrind`; about 1.5 min per run, two runs at a time. Writes bench/.out/instructions.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateLargeSchema } from './generate/large-schema.js';
import { generateDrizzleQueries, generatePlainCodebase } from './generate/plain-codebase.js';
import { buildPluginBundle } from './support/build-plugin.js';
import { outRoot, repoRoot } from './support/paths.js';
import { round } from './support/stats.js';

interface Bench {
  dir: string;
  /** The files linted, and the fewer files whose run is subtracted. */
  files: string;
  fewer: string;
  /** Files between the two patterns: the difference is divided by it (1 = the whole lint). */
  perFiles: number;
}

const CATEGORIES = ['optimizing compiler', 'garbage collector', 'builtins', 'optimized JavaScript', 'V8 parser and bytecode', 'libc', 'other'] as const;
type Category = (typeof CATEGORIES)[number];

const { values } = parseArgs({ options: { only: { type: 'string', default: 'schema,plain,queries' }, modes: { type: 'string', default: 'core,plugin' }, runs: { type: 'string', default: '1' }, 'node-flags': { type: 'string', default: '' } } });
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is not installed (apt-get install valgrind): nothing to count.');
  process.exit(1);
}

await buildPluginBundle();
const benches: Record<string, () => Bench> = {
  schema: () => ({ dir: generateLargeSchema(), files: 'schema/**/*.ts', fewer: 'no-such-folder/*.ts', perFiles: 1 }),
  plain: () => ({ dir: generatePlainCodebase(), files: 'src/m0[0-4]/*.ts', fewer: 'src/m00/*.ts', perFiles: 200 }),
  queries: () => ({ dir: generateDrizzleQueries(), files: 'src/m0[0-4]/*.ts', fewer: 'src/m00/*.ts', perFiles: 200 }),
};
const modes = values.modes.split(',');
const results: Record<string, unknown> = { nodeFlags, valgrind: spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim(), node: process.version };

for (const name of values.only.split(',')) {
  const bench = benches[name]();
  const planned = modes.flatMap((mode) => [{ mode, pattern: bench.files }, { mode, pattern: bench.fewer }]);
  const repeated = Array.from({ length: Number(values.runs) }, () => planned).flat();
  const counts = await inPairs(repeated, (run) => countInstructions(run.mode, bench.dir, run.pattern));
  const countsOf = (index: number) => counts.filter((_, i) => i % planned.length === index);
  const counted = Object.fromEntries(
    modes.map((mode, i) => {
      const files = medianCount(countsOf(2 * i));
      const fewer = medianCount(countsOf(2 * i + 1));
      const byCategory = Object.fromEntries(CATEGORIES.map((category) => [category, round((files.byCategory[category] - fewer.byCategory[category]) / bench.perFiles / 1e6, 1)]));
      return [mode, { files: files.total, fewer: fewer.total, runs: countsOf(2 * i).map((count) => count.total), perUnit: (files.total - fewer.total) / bench.perFiles, byCategoryM: byCategory }];
    }),
  );
  const baseline = counted[modes[0]].perUnit;
  const summary = Object.fromEntries(modes.map((mode) => [mode, { [bench.perFiles === 1 ? 'lintG' : 'perFileM']: round(counted[mode].perUnit / (bench.perFiles === 1 ? 1e9 : 1e6), 3), ratio: round(counted[mode].perUnit / baseline, 3) }]));
  results[name] = { ...bench, counted, summary };
  console.log(name, JSON.stringify(summary));
  for (const mode of modes.slice(1)) {
    const extra = CATEGORIES.map((category) => `${category} ${round(counted[mode].byCategoryM[category] - counted[modes[0]].byCategoryM[category], 1)}`);
    console.log(`  ${mode} − ${modes[0]}, M instructions${bench.perFiles === 1 ? '' : ' per file'}: ${extra.join(', ')}`);
  }
}
writeFileSync(path.join(outRoot, 'instructions.json'), `${JSON.stringify(results, null, 1)}\n`);

interface Count {
  total: number;
  byCategory: Record<Category, number>;
}

/** Instructions of one `bench/workers/eslint-run.ts` process, in all and by category. */
async function countInstructions(mode: string, dir: string, pattern: string): Promise<Count> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'instructions-'));
  const out = path.join(scratch, 'cachegrind.out');
  const args = ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, process.execPath, '--single-threaded', ...nodeFlags, '--import', 'tsx'];
  const child = spawn('valgrind', [...args, 'bench/workers/eslint-run.ts', '--mode', mode, '--dir', dir, '--pattern', pattern], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const summary = /^summary: (\d+)/m.exec(readFileSync(out, 'utf8'));
  const annotated = status === 0 && summary ? spawnSync('cg_annotate', ['--threshold=0', out], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout : '';
  rmSync(scratch, { recursive: true, force: true });
  if (status !== 0 || !summary) throw new Error(`valgrind ${mode} ${pattern} failed (${status}):\n${stderr.slice(-2000)}`);
  return { total: Number(summary[1]), byCategory: byCategory(annotated) };
}

/** Where a function of `cg_annotate`'s list belongs. JIT code has no symbol: cachegrind names it `???:???`. */
function categoryOf(name: string): Category {
  if (name.startsWith('???:???')) return 'optimized JavaScript';
  if (name.includes('Builtins_')) return 'builtins';
  if (name.includes('::compiler::')) return 'optimizing compiler';
  if (/Scaveng|Marking|MarkCompact|Sweep|::Heap::|heap::|Evacuat|BodyDescriptor|SizeFromMap|Remembered|SlotSet/.test(name)) return 'garbage collector';
  if (/Scanner|Parser|AstValue|PreParse|Utf16CharacterStream|::Ast|Scope::|BytecodeGenerator|interpreter::|Compiler::/.test(name)) return 'V8 parser and bytecode';
  if (/malloc|free|memcpy|memset|memmove/.test(name)) return 'libc';
  return 'other';
}

function byCategory(annotated: string): Record<Category, number> {
  const sums = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  for (const line of annotated.split('\n')) {
    const match = /^\s*([\d,]+)(?:\s+\([^)]*\))?\s+(\S.*:.*)$/.exec(line);
    if (!match || line.includes('PROGRAM TOTALS') || !/^[^ ]*:/.test(match[2])) continue;
    sums[categoryOf(match[2])] += Number(match[1].replaceAll(',', ''));
  }
  return sums;
}

/** The run with the median total, so its categories add up to it. */
function medianCount(counts: Count[]): Count {
  return [...counts].sort((a, b) => a.total - b.total)[Math.floor((counts.length - 1) / 2)];
}

/** Two at a time: the machine has two cores, and the count does not depend on what else runs. */
async function inPairs<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 2) results.push(...(await Promise.all(items.slice(i, i + 2).map(work))));
  return results;
}
