/**
 * Micro-benchmark of benchmark #1's project-wide work: the cold `readBaseline` + `readSchema` (+ the
 * diff, for context) of the 300-table schema, each in a fresh Node process, CPU time by
 * `process.cpuUsage` (user + system, so V8's GC threads count too). Quieter than the whole ESLint A/B
 * on a shared machine, but it misses how the work interacts with ESLint's (JIT warm-up, GC timing).
 *
 *   npx tsx bench/support/cold-read.ts [--runs 10] [--save NAME] [--bundle FILE]... [--preparse]
 *
 * Without `--bundle`, bundles the current src/ (bench/.out/cold-read/current.mjs); `--save NAME` keeps
 * that bundle as bench/.out/cold-read/NAME.mjs for a later A/B (`--bundle` takes bundles this script
 * made). Several `--bundle`s run interleaved. `--preparse` puts every schema file in the parse cache
 * first, to time the evaluation alone. `warmSchemaNoParse` is the same read once the code is warm.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { largeSchemaDir, generateLargeSchema } from '../generate/large-schema.js';
import { outRoot, repoRoot } from './paths.js';
import { median, round } from './stats.js';

const ENTRY = `
export { readSchema } from '${repoRoot}/src/schema/index.ts';
export { readBaseline } from '${repoRoot}/src/snapshot/index.ts';
export { readTextFile } from '${repoRoot}/src/core/fs.ts';
export { diffSchemas } from '${repoRoot}/src/core/schema-diff.ts';
export { parseFile } from '${repoRoot}/src/schema/parse-cache.ts';
export { clearAllCaches } from '${repoRoot}/src/core/cache.ts';
`;

interface Sample { baselineCpuMs: number; schemaCpuMs: number; diffCpuMs: number; totalCpuMs: number; totalWallMs: number; warmSchemaCpuMs: number; tables: number; partial: boolean }

type Bundle = typeof import('../../src/schema/index.js') & typeof import('../../src/snapshot/index.js') & typeof import('../../src/core/fs.js') & typeof import('../../src/core/schema-diff.js') & typeof import('../../src/schema/parse-cache.js') & typeof import('../../src/core/cache.js');

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function worker(bundleFile: string, preparse: boolean): Promise<Sample> {
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const api = (await import(pathToFileURL(bundleFile).href)) as Bundle;
  const schemaDir = path.join(largeSchemaDir, 'schema');
  // ESLint's first linted file (helpers.ts) has been parsed by typescript-eslint when the plugin's first rule runs.
  ts.createSourceFile('warm.ts', readFileSync(path.join(schemaDir, 'helpers.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
  const texts = new Map<string, string | undefined>();
  const readFile = (file: string) => {
    if (!texts.has(file)) texts.set(file, api.readTextFile(file));
    return texts.get(file);
  };
  const parseAll = () => {
    for (const name of readdirSync(schemaDir)) api.parseFile(path.join(schemaDir, name), readFile(path.join(schemaDir, name))!);
  };
  if (preparse) parseAll();
  const wall = performance.now();
  const start = process.cpuUsage();
  const baseline = api.readBaseline(path.join(largeSchemaDir, 'drizzle'));
  const baselineCpuMs = cpuMs(start);
  if (baseline.kind !== 'ok') throw new Error(`baseline: ${baseline.kind}`);
  const schemaStart = process.cpuUsage();
  const schema = api.readSchema({ entryFiles: [path.join(schemaDir, 'index.ts')], kit: baseline.kit, readFile });
  const schemaCpuMs = cpuMs(schemaStart);
  const diffStart = process.cpuUsage();
  api.diffSchemas(baseline.model, schema.model);
  const diffCpuMs = cpuMs(diffStart);
  const totalCpuMs = cpuMs(start);
  const totalWallMs = performance.now() - wall;
  // For contrast, the evaluation once the code is warm: no memo, files parsed, 5th repetition.
  let warmSchemaCpuMs = 0;
  for (let i = 0; i < 5; i++) {
    api.clearAllCaches();
    parseAll();
    const warmStart = process.cpuUsage();
    api.readSchema({ entryFiles: [path.join(schemaDir, 'index.ts')], kit: baseline.kit, readFile });
    warmSchemaCpuMs = cpuMs(warmStart);
  }
  return { baselineCpuMs, schemaCpuMs, diffCpuMs, totalCpuMs, totalWallMs, warmSchemaCpuMs, tables: schema.model.tables.size, partial: schema.model.partial };
}

async function bundleCurrentSource(): Promise<string> {
  const { build } = await import('esbuild');
  const dir = path.join(outRoot, 'cold-read');
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'current.mjs');
  await build({ stdin: { contents: ENTRY, resolveDir: repoRoot, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['typescript', 'libpg-query', 'drizzle-orm'], outfile, logLevel: 'error' });
  return outfile;
}

function runOne(bundleFile: string, preparseAll: boolean): Sample {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/support/cold-read.ts'), '--worker', bundleFile, ...(preparseAll ? ['--preparse'] : [])], { cwd: repoRoot, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`cold-read worker failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Sample;
}

const { values } = parseArgs({ options: { worker: { type: 'string' }, runs: { type: 'string', default: '10' }, save: { type: 'string' }, bundle: { type: 'string', multiple: true }, preparse: { type: 'boolean', default: false } } });

if (values.worker) {
  console.log(JSON.stringify(await worker(values.worker, values.preparse)));
} else {
  generateLargeSchema();
  let bundles = values.bundle ?? [];
  if (bundles.length === 0) {
    const current = await bundleCurrentSource();
    if (values.save) copyFileSync(current, path.join(outRoot, 'cold-read', `${values.save}.mjs`));
    bundles = [current];
  }
  const samples = new Map<string, Sample[]>(bundles.map((bundle) => [bundle, []]));
  for (let i = 0; i < Number(values.runs); i++) for (const bundle of bundles) samples.get(bundle)!.push(runOne(bundle, values.preparse));
  for (const [bundle, list] of samples) {
    const med = (key: keyof Sample) => round(median(list.map((sample) => sample[key] as number)), 1);
    const first = list[0];
    console.log(JSON.stringify({
      bundle: path.relative(repoRoot, bundle),
      runs: list.length,
      loadAverage: os.loadavg().map((load) => round(load, 1)),
      tables: first.tables,
      partial: first.partial,
      medianCpuMs: { baseline: med('baselineCpuMs'), schema: med('schemaCpuMs'), diff: med('diffCpuMs'), total: med('totalCpuMs'), warmSchemaNoParse: med('warmSchemaCpuMs') },
      medianWallMs: med('totalWallMs'),
      totalCpuMs: list.map((sample) => round(sample.totalCpuMs)),
    }));
  }
}
