/**
 * libpg-query alone on benchmark #3's 300 migrations: how long its WASM parser takes in a fresh
 * process (as in one ESLint run) against the same parse once V8 has compiled it well. Each of
 * `--runs N` fresh processes per V8 setting parses every file three times in a row and reports the
 * time to the first file, the first pass and the third pass (the JSON.parse of its output included).
 *
 *   npx tsx bench/support/sql-parser-tiers.ts [--runs 5]
 *
 * Settings: V8's defaults (what users get: functions compiled on first call by the baseline
 * compiler, Liftoff, and hot ones re-compiled by TurboFan in the background); `--no-wasm-lazy-compilation`
 * (everything compiled by Liftoff while the module loads, outside the parse); `--no-liftoff` (TurboFan
 * only: slow to compile, fast to run). Only the defaults can be ours: a plugin must not set V8 flags
 * in its host's process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { generateMigrations, migrationsDir } from '../generate/migrations.js';
import { repoRoot } from './paths.js';
import { median, round } from './stats.js';

interface Sample { firstFileMs: number; firstPassMs: number; thirdPassMs: number; files: number; bytes: number }

const SETTINGS: Record<string, string[]> = { defaults: [], 'no-wasm-lazy-compilation': ['--no-wasm-lazy-compilation'], 'no-liftoff': ['--no-liftoff'] };

async function worker(folder: string): Promise<Sample> {
  const { loadModule, parseSync } = await import('libpg-query');
  const texts = readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => readFileSync(path.join(folder, name), 'utf8'))
    // libpg-query rejects an empty text; the plugin never hands it one either.
    .filter((text) => text.trim() !== '');
  await loadModule();
  let firstFileMs = 0;
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    for (const text of texts) {
      parseSync(text);
      if (pass === 0 && firstFileMs === 0) firstFileMs = performance.now() - started;
    }
    passes.push(performance.now() - started);
  }
  return { firstFileMs, firstPassMs: passes[0], thirdPassMs: passes[2], files: texts.length, bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) };
}

const { values } = parseArgs({ options: { worker: { type: 'string' }, runs: { type: 'string', default: '5' } } });

if (values.worker) {
  console.log(JSON.stringify(await worker(values.worker)));
} else {
  await generateMigrations();
  const folder = path.join(migrationsDir, 'drizzle');
  const samples = new Map<string, Sample[]>(Object.keys(SETTINGS).map((name) => [name, []]));
  // Interleaved, so a slow phase of the machine touches every setting alike.
  for (let i = 0; i < Number(values.runs); i++) {
    for (const [name, flags] of Object.entries(SETTINGS)) {
      const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', path.join(repoRoot, 'bench/support/sql-parser-tiers.ts'), '--worker', folder], { cwd: repoRoot, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`sql-parser-tiers worker (${name}) failed:\n${child.stderr}`);
      samples.get(name)!.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Sample);
    }
  }
  for (const [name, list] of samples) {
    const med = (key: keyof Sample) => round(median(list.map((sample) => sample[key])), 1);
    console.log(JSON.stringify({ setting: name, runs: list.length, files: list[0].files, bytes: list[0].bytes, medianMs: { firstFile: med('firstFileMs'), firstPass: med('firstPassMs'), thirdPass: med('thirdPassMs') } }));
  }
}
