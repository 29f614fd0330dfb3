/**
 * A long editor session: `--iterations N` edits of one schema file of `--dir` (examples/acme copy),
 * each re-linted through ESLint's Node API (lintText, as vscode-eslint does) and re-checked through
 * the tsserver plugin. Heap after a forced GC is sampled every tenth of the run: caches must not grow.
 * Run with --expose-gc.
 *
 * --only eslint|tsserver: one host only, to attribute growth.
 * --control: the same loop with the plugin off, to measure each host's own growth: ESLint lints with
 *   the core config (no plugin rules); the language service is asked for `getProgram()` only, which
 *   is the TypeScript work the plugin's diagnostics trigger (a new program per edit).
 * --snapshots DIR: heap snapshots at 30 % and 90 % of the run (compare with bench/support/heap-diff.ts).
 * --plugin-dist DIR: load the ESLint plugin bundle from DIR instead of bench/.out/dist.
 * --no-program: the tsserver plugin over a language service with no program (TypeScript builds
 *   nothing), so only our own work remains; its heap is small enough to snapshot quickly.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { rules } from '../../src/rules/index.js';
import { decorateLanguageService } from '../../src/tsserver/decorate-language-service.js';
import { memoSize } from '../../src/schema/declaration-memo.js';
import { parseCacheSize } from '../../src/schema/parse-cache.js';
import { printResult } from '../support/child.js';
import { eslintConfig } from '../support/eslint-config.js';
import { createBenchLanguageService } from '../support/language-service.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    iterations: { type: 'string', default: '1000' },
    only: { type: 'string' },
    snapshots: { type: 'string' },
    control: { type: 'boolean', default: false },
    'plugin-dist': { type: 'string' },
    'no-program': { type: 'boolean', default: false },
  },
});
const runTsserver = values.only !== 'eslint';
const runEslint = values.only !== 'tsserver';
const control = values.control;
const dir = path.resolve(values.dir!);
const file = path.join(dir, 'src/db/schema.ts');
const service = await createBenchLanguageService(dir, 'src/db');
const withoutProgram = values['no-program'] ? programlessPlugin() : undefined;
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: await lintConfig() });
const base = service.text(file);
const iterations = Number(values.iterations);
const heapMb: number[] = [];
/** Used size per V8 heap space at each sample: code_space growth is compiled code (V8 tiering), not a cache. */
const spacesMb: Record<string, number>[] = [];
let findings = -1;
const gc = (globalThis as { gc?: () => void }).gc!;
for (let i = 0; i < iterations; i++) {
  const text = base.replace('length: 320', `length: ${321 + i}`) + `\n// edit ${i}\n`;
  service.edit(file, text);
  const diagnostics = runTsserver ? checkInEditor() : [];
  const [result] = runEslint ? await eslint.lintText(text, { filePath: file }) : [{ messages: [] }];
  if (i === 0) findings = diagnostics.length + result.messages.length;
  if (values.snapshots && (i + 1 === Math.floor(iterations * 0.3) || i + 1 === Math.floor(iterations * 0.9))) {
    gc();
    writeHeapSnapshot(path.join(values.snapshots, `long-session-${i + 1}.heapsnapshot`));
  }
  if ((i + 1) % Math.max(1, Math.floor(iterations / 10)) === 0) {
    gc();
    heapMb.push(process.memoryUsage().heapUsed / 1048576);
    spacesMb.push(Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_used_size / 1024) / 1024])));
  }
}
// The tsserver half runs src/ in this process, so its caches can be read (the ESLint half is the bundle's copy).
const tsserverCaches = { parses: parseCacheSize(), memo: memoSize() };
const spaceGrowthMb = Object.fromEntries(Object.keys(spacesMb[0] ?? {}).map((name) => [name, spacesMb[spacesMb.length - 1][name] - spacesMb[1][name]]));
printResult({ iterations, control, only: values.only ?? 'both', heapMb, spaceGrowthMb, findings, tsserverCaches, maxRssMb: process.resourceUsage().maxRSS / 1024 });

function checkInEditor(): readonly unknown[] {
  if (withoutProgram) return withoutProgram.getSemanticDiagnostics(file);
  if (!control) return service.pluginOnly.getSemanticDiagnostics(file);
  service.original.getProgram()?.getSourceFile(file);
  return [];
}

async function lintConfig(): Promise<Linter.Config[]> {
  if (control) return eslintConfig('core');
  if (!values['plugin-dist']) return eslintConfig('plugin');
  const [core] = await eslintConfig('core');
  const entry = pathToFileURL(path.resolve(values['plugin-dist'], 'index.js')).href;
  const { default: plugin } = (await import(entry)) as typeof import('../../src/eslint/index.js');
  return [core, ...plugin.configs.recommended.filter((config) => !(typeof config.language === 'string' && config.language.endsWith('/sql')))];
}

/** The plugin decorating a service that has no program and no diagnostics of its own. */
function programlessPlugin(): ts.LanguageService {
  let version = 0;
  let lastText = '';
  const host = {
    getScriptVersion: () => {
      if (service.text(file) !== lastText) [lastText, version] = [service.text(file), version + 1];
      return String(version);
    },
    getScriptSnapshot: (name: string) => (name === file ? ts.ScriptSnapshot.fromString(service.text(file)) : undefined),
  };
  const empty = { getProgram: () => undefined, getSemanticDiagnostics: () => [], getSuggestionDiagnostics: () => [] } as unknown as ts.LanguageService;
  const project = { projectService: { logger: { info: () => {} } }, getCurrentDirectory: () => dir, getProjectName: () => 'bench', refreshDiagnostics: () => {} };
  const info = { languageService: empty, languageServiceHost: host, project, config: {} } as unknown as ts.server.PluginCreateInfo;
  type Input = Parameters<typeof decorateLanguageService>[0];
  return decorateLanguageService({ typescript: ts as unknown as Input['typescript'], info, analyze: analyzeSchemaFile, rules }).languageService;
}
