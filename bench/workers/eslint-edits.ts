/**
 * Editor latency through the ESLint extension: on the 300-table schema, `--edits N` one-line edits of
 * schema/part00.ts, each linted with `ESLint#lintText` (what vscode-eslint-language-server calls on a
 * buffer change) twice: with the plugin's recommended config (`plugin`) and with the same config
 * without the plugin's rules (`core`), in turn, in one process. The plugin's time for an edit is the
 * difference of the two lints of that edit. The edits are those of `tsserver-edits.ts`
 * (`--vary-length`: the file's length changes, so every later node moves).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { printResult } from '../support/child.js';
import { eslintConfig } from '../support/eslint-config.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, edits: { type: 'string', default: '200' }, warmup: { type: 'string', default: '10' }, 'vary-length': { type: 'boolean', default: false } } });
const dir = path.resolve(values.dir!);
const file = path.join(dir, 'schema/part00.ts');
const base = readFileSync(file, 'utf8');
const linters = {
  plugin: new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: await eslintConfig('plugin') }),
  core: new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: await eslintConfig('core') }),
};
const pluginMs: number[] = [];
const coreMs: number[] = [];
let findings = 0;
const total = Number(values.edits) + Number(values.warmup);
for (let i = 0; i < total; i++) {
  const width = values['vary-length'] ? 41 + (i % 2) * 100 + (i % 50) : 41 + (i % 50);
  const text = base.replace('{ length: 40 }', `{ length: ${width} }`);
  // Alternate which side lints first, so neither always meets the garbage the other left.
  const order = i % 2 === 0 ? (['plugin', 'core'] as const) : (['core', 'plugin'] as const);
  const times: Record<string, number> = {};
  for (const side of order) {
    const started = performance.now();
    const [result] = await linters[side].lintText(text, { filePath: file });
    times[side] = performance.now() - started;
    if (side === 'plugin') findings = result.messages.filter((m) => m.ruleId?.startsWith('drizzle-migrations/')).length;
    if (result.messages.some((m) => m.fatal)) throw new Error(`fatal: ${JSON.stringify(result.messages)}`);
  }
  if (i < Number(values.warmup)) continue;
  pluginMs.push(times.plugin);
  coreMs.push(times.core);
}
printResult({ pluginMs, coreMs, findings });
