/**
 * Editor latency: on the 300-table schema, `--edits N` one-line edits of schema/part00.ts, each
 * followed by a semantic-diagnostics request. Times TypeScript's own request and the plugin's
 * added time separately (`pluginOnly` answers TypeScript's part from a precomputed list).
 * Records wall and CPU time (user + system of the process) of each plugin request: on a shared,
 * loaded machine the wall time also counts waits for a core, the CPU time does not. `pluginGcMs`:
 * the garbage-collection pauses that began inside each plugin request (V8's `gc` performance
 * entries), so a slow request can be told apart from one that paid for a scavenge.
 */
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { printResult } from '../support/child.js';
import { createBenchLanguageService } from '../support/language-service.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, edits: { type: 'string', default: '200' }, warmup: { type: 'string', default: '10' } } });
const dir = path.resolve(values.dir!);
const service = await createBenchLanguageService(dir);
const file = path.join(dir, 'schema/part00.ts');
const base = service.text(file);
const typescriptMs: number[] = [];
const pluginMs: number[] = [];
const pluginCpuMs: number[] = [];
const windows: { start: number; end: number }[] = [];
const pauses: { start: number; duration: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
});
observer.observe({ entryTypes: ['gc'] });
let findings = 0;
const total = Number(values.edits) + Number(values.warmup);
for (let i = 0; i < total; i++) {
  // A one-line edit: the width of one varchar column changes.
  service.edit(file, base.replace("{ length: 40 }", `{ length: ${41 + (i % 50)} }`));
  let started = performance.now();
  service.typescriptDiagnostics(file);
  const tsTime = performance.now() - started;
  started = performance.now();
  const cpuStarted = process.cpuUsage();
  const diagnostics = service.pluginOnly.getSemanticDiagnostics(file);
  const ended = performance.now();
  const ours = ended - started;
  const cpu = process.cpuUsage(cpuStarted);
  if (i < Number(values.warmup)) continue;
  typescriptMs.push(tsTime);
  pluginMs.push(ours);
  pluginCpuMs.push((cpu.user + cpu.system) / 1000);
  windows.push({ start: started, end: ended });
  findings = diagnostics.filter((d) => d.source === 'drizzle-migrations').length;
}
// GC entries are delivered asynchronously: let the last ones arrive.
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
const pluginGcMs = windows.map(({ start, end }) => pauses.filter((pause) => pause.start >= start && pause.start < end).reduce((sum, pause) => sum + pause.duration, 0));
printResult({ typescriptMs, pluginMs, pluginCpuMs, pluginGcMs, findings });
