/**
 * Where benchmark #1's (or, with `--sql`, #3's) added time goes, in wall time inside the real ESLint
 * run: an instrumented copy of the bundled plugin (bench/.out/dist-phases) times a few of its
 * functions, and `--runs N` fresh `eslint-run.ts` processes print the medians.
 *
 *   npx tsx bench/support/phase-timing.ts [--runs 7] [--sql]
 *
 * #1 (`--mode plugin` over the 300-table schema): `analyzeSchemaFile` (everything the rules ask)
 * contains `readSchema`, which contains `fullParse` (our TypeScript parse of the schema files ESLint
 * has not reached yet: typescript-eslint is handed those trees, so this parse replaces one, it is not
 * added) and `builtTableModel`; `runRules` contains `diffSchemas`.
 * #3 (`--mode sql` over the 300 migrations, 0.31 layout): `readMigration` (the language's parse)
 * contains `parseSql`, which contains `loadLibpgQuery` (once per process) and `lexSql`;
 * `analyzeMigrationFile` (once per rule per file) contains `fileContext` and the rules, which contain
 * `schemaBeforeMigration` (reading the snapshot before a migration, when a rule first asks), which
 * contains `readTableEntries` (indexing its tables). The rest of the lint is ESLint's.
 * Phases overlap as calls nest. A CPU profile shows self time; this shows what each phase costs with
 * its GC pauses and lazy compilation, which the profile leaves out.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateLargeSchema, largeSchemaDir } from '../generate/large-schema.js';
import { generateMigrations } from '../generate/migrations.js';
import { benchDist, buildPluginBundle } from './build-plugin.js';
import { runWorker } from './child.js';
import { outRoot } from './paths.js';
import { median, round } from './stats.js';

const SCHEMA_PHASES = ['analyzeSchemaFile', 'readSchema', 'fullParse', 'builtTableModel', 'readBaseline', 'runRules', 'diffSchemas'];
const SQL_PHASES = ['readMigration', 'parseSql', 'loadLibpgQuery', 'lexSql', 'analyzeMigrationFile', 'fileContext', 'schemaBeforeMigration', 'readTableEntries'];
const MARKER = '__PHASES__';

/** Renames each timed `function name(` to `name__timed` and puts a timing wrapper in its place. */
export function instrument(source: string, phases: readonly string[]): string {
  let text = source;
  for (const name of phases) {
    const declaration = new RegExp(`^function ${name}\\(`, 'm');
    if (!declaration.test(text)) throw new Error(`phase-timing: \`function ${name}(\` is not in the bundle any more`);
    text = text.replace(
      declaration,
      `function ${name}(...args) { const started = performance.now(); try { return ${name}__timed(...args); } finally { __phases["${name}"] = (__phases["${name}"] ?? 0) + performance.now() - started; } }\nfunction ${name}__timed(`,
    );
  }
  return `const __phases = {};\nprocess.on("exit", () => process.stderr.write("${MARKER}" + JSON.stringify(__phases) + "\\n"));\n${text}`;
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, sql: { type: 'boolean', default: false } } });
const phases = values.sql ? SQL_PHASES : SCHEMA_PHASES;
const workerArgs = values.sql ? ['--mode', 'sql', '--dir', await generateMigrations(), '--pattern', 'drizzle/*.sql'] : ['--mode', 'plugin', '--dir', largeSchemaDir, '--pattern', 'schema/**/*.ts'];
if (!values.sql) generateLargeSchema();
await buildPluginBundle();
const instrumented = path.join(outRoot, 'dist-phases');
mkdirSync(instrumented, { recursive: true });
for (const file of ['index.cjs', 'tsserver.cjs']) copyFileSync(path.join(benchDist, file), path.join(instrumented, file));
writeFileSync(path.join(instrumented, 'index.js'), instrument(readFileSync(path.join(benchDist, 'index.js'), 'utf8'), phases));

process.env.BENCH_DIST = instrumented;
const samples: Array<Record<string, number>> = [];
for (let i = 0; i < Number(values.runs); i++) {
  const { result, stderr } = runWorker<{ runs: number[] }>('eslint-run', workerArgs);
  const line = stderr.split('\n').find((entry) => entry.startsWith(MARKER));
  if (!line) throw new Error('phase-timing: the instrumented bundle printed no timings');
  samples.push({ lint: result.runs[0], ...(JSON.parse(line.slice(MARKER.length)) as Record<string, number>) });
}
const medians = Object.fromEntries(['lint', ...phases].map((phase) => [phase, round(median(samples.map((sample) => sample[phase] ?? 0)), 1)]));
console.log(JSON.stringify({ runs: samples.length, medianWallMs: medians }));

