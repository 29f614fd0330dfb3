/**
 * Bundles the plugin exactly as `npm run build` does (the repo's tsup.config.ts, without type
 * declarations) into bench/.out/dist, so benchmarks measure the shipped code, not tsx transpiling
 * src/ on the fly. Never touches dist/.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build, type Options } from 'tsup';
import { outRoot, repoRoot } from './paths.js';

/** `BENCH_DIST` lets parallel benchmark runs keep separate bundles. */
export const benchDist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(outRoot, 'dist');

export async function buildPluginBundle(): Promise<void> {
  const { default: configs } = (await import(path.join(repoRoot, 'tsup.config.ts'))) as { default: Options[] };
  rmSync(benchDist, { recursive: true, force: true });
  for (const config of configs) await build({ ...config, config: false, outDir: benchDist, dts: false, sourcemap: false, silent: true, clean: false });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPluginBundle();
