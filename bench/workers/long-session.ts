/**
 * A long editor session: `--iterations N` edits of one schema file of `--dir` (examples/acme copy),
 * each re-linted through ESLint's Node API (lintText, as vscode-eslint does) and re-checked through
 * the tsserver plugin. Heap after a forced GC is sampled every tenth of the run: caches must not grow.
 * Run with --expose-gc.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { ESLint } from 'eslint';
import { printResult } from '../support/child.js';
import { eslintConfig } from '../support/eslint-config.js';
import { createBenchLanguageService } from '../support/language-service.js';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, iterations: { type: 'string', default: '1000' }, only: { type: 'string' }, snapshots: { type: 'string' } },
});
// --only eslint|tsserver: attribute growth to one host; --snapshots DIR: heap snapshots at 30 % and 90 % of the run.
const runTsserver = values.only !== 'eslint';
const runEslint = values.only !== 'tsserver';
const dir = path.resolve(values.dir!);
const file = path.join(dir, 'src/db/schema.ts');
const service = await createBenchLanguageService(dir, 'src/db');
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: await eslintConfig('plugin') });
const base = service.text(file);
const iterations = Number(values.iterations);
const heapMb: number[] = [];
let findings = -1;
const gc = (globalThis as { gc?: () => void }).gc!;
for (let i = 0; i < iterations; i++) {
  const text = base.replace("length: 320", `length: ${321 + i}`) + `\n// edit ${i}\n`;
  service.edit(file, text);
  const diagnostics = runTsserver ? service.pluginOnly.getSemanticDiagnostics(file) : [];
  const [result] = runEslint ? await eslint.lintText(text, { filePath: file }) : [{ messages: [] }];
  if (i === 0) findings = diagnostics.length + result.messages.length;
  if (values.snapshots && (i + 1 === Math.floor(iterations * 0.3) || i + 1 === Math.floor(iterations * 0.9))) {
    gc();
    writeHeapSnapshot(path.join(values.snapshots, `long-session-${i + 1}.heapsnapshot`));
  }
  if ((i + 1) % Math.max(1, Math.floor(iterations / 10)) === 0) {
    gc();
    heapMb.push(process.memoryUsage().heapUsed / 1048576);
  }
}
printResult({ iterations, heapMb, findings, maxRssMb: process.resourceUsage().maxRSS / 1024 });
