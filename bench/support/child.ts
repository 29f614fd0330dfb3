import { spawnSync } from 'node:child_process';
import { repoRoot } from './paths.js';

export const RESULT_MARKER = '__BENCH_RESULT__';

export interface ChildRun<T> {
  result: T;
  /** Whole-process wall time, including Node start-up. */
  wallMs: number;
  stderr: string;
}

/** Runs `bench/workers/<worker>.ts` in a fresh Node (tsx) and parses the JSON it prints. */
export function runWorker<T>(worker: string, args: string[], nodeArgs: string[] = []): ChildRun<T> {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', `bench/workers/${worker}.ts`, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const at = child.stdout.lastIndexOf(RESULT_MARKER);
  if (child.status !== 0 || at < 0) throw new Error(`worker ${worker} ${args.join(' ')} failed (${child.status}):\n${child.stderr}\n${child.stdout.slice(-2000)}`);
  return { result: JSON.parse(child.stdout.slice(at + RESULT_MARKER.length)) as T, wallMs, stderr: child.stderr };
}

export function printResult(value: unknown): void {
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(value)}\n`);
}
