/**
 * Where benchmark #1's added time goes, in wall time inside the real ESLint run: an instrumented copy
 * of the bundled plugin (bench/.out/dist-phases) times a few of its functions, and `--runs N` fresh
 * `eslint-run.ts --mode plugin` processes over the 300-table schema print the medians.
 *
 *   npx tsx bench/support/phase-timing.ts [--runs 7]
 *
 * Phases overlap as calls nest: `analyzeSchemaFile` (everything the rules ask) contains `readSchema`,
 * which contains `fullParse` (our TypeScript parse of the schema files ESLint has not reached yet:
 * typescript-eslint is handed those trees, so this parse replaces one, it is not added) and
 * `builtTableModel`; `runRules` contains `diffSchemas`. A CPU profile shows self time; this shows
 * what each phase costs with its GC pauses and lazy compilation, which the profile leaves out.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateLargeSchema, largeSchemaDir } from '../generate/large-schema.js';
import { benchDist, buildPluginBundle } from './build-plugin.js';
import { runWorker } from './child.js';
import { outRoot } from './paths.js';
import { median, round } from './stats.js';

const PHASES = ['analyzeSchemaFile', 'readSchema', 'fullParse', 'builtTableModel', 'readBaseline', 'runRules', 'diffSchemas'] as const;
const MARKER = '__PHASES__';

/** Renames each timed `function name(` to `name__timed` and puts a timing wrapper in its place. */
export function instrument(source: string): string {
  let text = source;
  for (const name of PHASES) {
    const declaration = new RegExp(`^function ${name}\\(`, 'm');
    if (!declaration.test(text)) throw new Error(`phase-timing: \`function ${name}(\` is not in the bundle any more`);
    text = text.replace(
      declaration,
      `function ${name}(...args) { const started = performance.now(); try { return ${name}__timed(...args); } finally { __phases["${name}"] = (__phases["${name}"] ?? 0) + performance.now() - started; } }\nfunction ${name}__timed(`,
    );
  }
  return `const __phases = {};\nprocess.on("exit", () => process.stderr.write("${MARKER}" + JSON.stringify(__phases) + "\\n"));\n${text}`;
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
generateLargeSchema();
await buildPluginBundle();
const instrumented = path.join(outRoot, 'dist-phases');
mkdirSync(instrumented, { recursive: true });
for (const file of ['index.cjs', 'tsserver.cjs']) copyFileSync(path.join(benchDist, file), path.join(instrumented, file));
writeFileSync(path.join(instrumented, 'index.js'), instrument(readFileSync(path.join(benchDist, 'index.js'), 'utf8')));

process.env.BENCH_DIST = instrumented;
const samples: Array<Record<string, number>> = [];
for (let i = 0; i < Number(values.runs); i++) {
  const { result, stderr } = runWorker<{ runs: number[] }>('eslint-run', ['--mode', 'plugin', '--dir', largeSchemaDir, '--pattern', 'schema/**/*.ts']);
  const line = stderr.split('\n').find((entry) => entry.startsWith(MARKER));
  if (!line) throw new Error('phase-timing: the instrumented bundle printed no timings');
  samples.push({ lint: result.runs[0], ...(JSON.parse(line.slice(MARKER.length)) as Record<string, number>) });
}
const medians = Object.fromEntries(['lint', ...PHASES].map((phase) => [phase, round(median(samples.map((sample) => sample[phase] ?? 0)), 1)]));
console.log(JSON.stringify({ runs: samples.length, medianWallMs: medians }));

