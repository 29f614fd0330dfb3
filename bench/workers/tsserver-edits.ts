/**
 * Editor latency: on the 300-table schema, `--edits N` one-line edits of schema/part00.ts, each
 * followed by a semantic-diagnostics request. Times TypeScript's own request and the plugin's
 * added time separately (`pluginOnly` answers TypeScript's part from a precomputed list).
 * Records wall and CPU time (user + system of the process) of each plugin request: on a shared,
 * loaded machine the wall time also counts waits for a core, the CPU time does not. `pluginGcMs`:
 * the garbage-collection pauses inside each plugin request (`v8.GCProfiler` around the request), so
 * a slow request can be told apart from one that paid for a scavenge.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GCProfiler } from 'node:v8';
import { printResult } from '../support/child.js';
import { createBenchLanguageService } from '../support/language-service.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, edits: { type: 'string', default: '200' }, warmup: { type: 'string', default: '10' }, 'vary-length': { type: 'boolean', default: false } } });
const dir = path.resolve(values.dir!);
const service = await createBenchLanguageService(dir);
const file = path.join(dir, 'schema/part00.ts');
const base = service.text(file);
const typescriptMs: number[] = [];
const pluginMs: number[] = [];
const pluginCpuMs: number[] = [];
const pluginGcMs: number[] = [];
const gcProfiler = new GCProfiler();
let findings = 0;
const total = Number(values.edits) + Number(values.warmup);
for (let i = 0; i < total; i++) {
  // A one-line edit: the width of one varchar column changes (with --vary-length, between 2 and 3
  // digits, so the file's length changes too and every later node moves, as when typing).
  const width = values['vary-length'] ? 41 + (i % 2) * 100 + (i % 50) : 41 + (i % 50);
  service.edit(file, base.replace('{ length: 40 }', `{ length: ${width} }`));
  let started = performance.now();
  service.typescriptDiagnostics(file);
  const tsTime = performance.now() - started;
  gcProfiler.start();
  started = performance.now();
  const cpuStarted = process.cpuUsage();
  const diagnostics = service.pluginOnly.getSemanticDiagnostics(file);
  const ours = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const pauses = gcProfiler.stop()?.statistics ?? [];
  if (i < Number(values.warmup)) continue;
  typescriptMs.push(tsTime);
  pluginMs.push(ours);
  pluginCpuMs.push((cpu.user + cpu.system) / 1000);
  // `cost` is in microseconds.
  pluginGcMs.push(pauses.reduce((sum, pause) => sum + pause.cost, 0) / 1000);
  findings = diagnostics.filter((d) => d.source === 'drizzle-migrations').length;
}
printResult({ typescriptMs, pluginMs, pluginCpuMs, pluginGcMs, findings });
