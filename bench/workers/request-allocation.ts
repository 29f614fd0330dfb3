/**
 * Allocation per tsserver-plugin request (#4's tail: p95 is set by the requests that meet a scavenge).
 * The same edits as `tsserver-edits.ts` on the 300-table schema, under V8's sampling heap profiler with
 * collected objects included, so short-lived garbage counts too. Only allocations under the plugin's
 * `getSemanticDiagnostics` are counted (TypeScript's own request runs between them), per function:
 * inclusive (under it) and self (made by it, or by a built-in it called).
 *
 *   npx tsx bench/workers/request-allocation.ts --dir bench/.out/large-schema [--vary-length] [--top 20] [--under stillValid]
 *
 * `--under NAME`: the self sizes of the allocations made under a function of that name only.
 * `--callers NAME`: also list who calls a function of that name (e.g. `set`, a built-in), by the size it allocates.
 */
import { Session } from 'node:inspector';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchLanguageService } from '../support/language-service.js';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const { values } = parseArgs({ options: { dir: { type: 'string' }, under: { type: 'string' }, callers: { type: 'string' }, edits: { type: 'string', default: '200' }, 'vary-length': { type: 'boolean', default: false }, top: { type: 'string', default: '20' } } });
const dir = path.resolve(values.dir!);
const edits = Number(values.edits);
const service = await createBenchLanguageService(dir);
const file = path.join(dir, 'schema/part00.ts');
const base = service.text(file);
const session = new Session();
session.connect();
const post = <T>(method: string, params: object = {}) => new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));

const warmup = 10;
for (let i = 0; i < warmup + edits; i++) {
  const width = values['vary-length'] ? 41 + (i % 2) * 100 + (i % 50) : 41 + (i % 50);
  service.edit(file, base.replace('{ length: 40 }', `{ length: ${width} }`));
  service.typescriptDiagnostics(file);
  if (i === warmup) await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  service.pluginOnly.getSemanticDiagnostics(file);
}
const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');

const byFunction = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const callerSizes = new Map<string, number>();
let plugin = 0;
const frame = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
const walk = (node: ProfileNode, stack: string[], inPlugin: boolean) => {
  const inside = inPlugin || node.callFrame.url.includes('decorate-language-service');
  const here = inside ? [...stack, frame(node)] : stack;
  if (inside) {
    plugin += node.selfSize;
    if (!values.under || here.some((key) => key.startsWith(`${values.under} `))) selfByFunction.set(frame(node), (selfByFunction.get(frame(node)) ?? 0) + node.selfSize);
    for (const key of new Set(here)) byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
    if (values.callers && node.callFrame.functionName === values.callers && stack.length > 0) {
      const caller = stack[stack.length - 1]!;
      callerSizes.set(caller, (callerSizes.get(caller) ?? 0) + node.selfSize);
    }
  }
  for (const child of node.children) walk(child, here, inside);
};
walk(profile.head, [], false);
const kbPerRequest = (bytes: number) => Math.round(bytes / edits / 1024);
console.log(`${values['vary-length'] ? 'length-changing' : 'same-length'} edits: ${kbPerRequest(plugin)} KB allocated per plugin request (${edits} requests)`);
const print = (title: string, sizes: Map<string, number>) => {
  console.log(title);
  for (const [key, bytes] of [...sizes].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${String(kbPerRequest(bytes)).padStart(6)} KB  ${key}`);
};
print('inclusive (under each function):', byFunction);
if (values.callers) print(`callers of ${values.callers}:`, callerSizes);
print(values.under ? `self, under ${values.under}:` : 'self (allocated by the function itself):', selfByFunction);
