/**
 * One ESLint run in a fresh process: `--mode none` (typescript-eslint parser, no rules) or
 * `--mode plugin` (the plugin's `recommended` config), over `--dir` with `--pattern`.
 * Prints lint time (ESLint constructed → results), the time the config took to build (for the plugin's
 * modes: importing the bundled plugin, as an `eslint.config.js` does at the start of every CLI run),
 * peak RSS and message counts.
 * `--repeat N` lints the same files N times in this process (warm caches after the first).
 * `--dump FILE` writes every message of the first run (file, rule, position, text, suggestions), to
 * check that two builds of the plugin find exactly the same.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Linter } from 'eslint';
import { printResult } from '../support/child.js';
import { eslintConfig, type Mode } from '../support/eslint-config.js';

const { values } = parseArgs({ options: { mode: { type: 'string' }, dir: { type: 'string' }, pattern: { type: 'string', multiple: true }, repeat: { type: 'string', default: '1' }, dump: { type: 'string' } } });
const mode = values.mode as Mode;
const { ESLint } = await import('eslint');
const configStarted = performance.now();
const configCpuStarted = process.cpuUsage();
const overrideConfig: Linter.Config[] = await eslintConfig(mode);
const configMs = performance.now() - configStarted;
const configCpu = process.cpuUsage(configCpuStarted);
const configCpuMs = (configCpu.user + configCpu.system) / 1000;
const runs: number[] = [];
const cpuRuns: number[] = [];
let messages = 0;
let fatal = 0;
const byRule: Record<string, number> = {};
for (let i = 0; i < Number(values.repeat); i++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const eslint = new ESLint({ cwd: path.resolve(values.dir ?? '.'), overrideConfigFile: true, overrideConfig, errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles(values.pattern ?? ['**/*.ts']);
  runs.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuStarted);
  cpuRuns.push((cpu.user + cpu.system) / 1000);
  if (i === 0) {
    for (const result of results) {
      for (const message of result.messages) {
        messages++;
        if (message.fatal) fatal++;
        byRule[message.ruleId ?? '(fatal)'] = (byRule[message.ruleId ?? '(fatal)'] ?? 0) + 1;
      }
    }
  }
  if (i === 0) byRule['(files)'] = results.length;
  if (i === 0 && values.dump) {
    const cwd = path.resolve(values.dir ?? '.');
    const dump = results
      .map((result) => ({ file: path.relative(cwd, result.filePath), messages: result.messages }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    writeFileSync(values.dump, JSON.stringify(dump, null, 1));
  }
}
printResult({ mode, configMs, configCpuMs, runs, cpuRuns, messages, fatal, byRule, maxRssMb: process.resourceUsage().maxRSS / 1024 });
