/**
 * Builds the plugin entries the editors load (`dist/tsserver.cjs`, `dist/index.js`) when a source
 * file is newer than the output, so tests run against the built package like users do. Each build
 * goes to a private folder and is renamed into `dist/` so parallel test files never see a half
 * written bundle.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tmpRoot = path.join(repoRoot, 'tests/.tmp');

/** Each entry is built with its own block of tsup.config.ts (the shipped build), minus type declarations. */
const ENTRIES = {
  eslint: { source: 'src/eslint/index.ts', output: 'index.js' },
  eslintCommonJs: { source: 'src/eslint/index-cjs.ts', output: 'index.cjs' },
  tsserver: { source: 'src/tsserver/index.ts', output: 'tsserver.cjs' },
} as const;

async function shippedConfig(source: string): Promise<Options> {
  const { default: configs } = (await import(path.join(repoRoot, 'tsup.config.ts'))) as { default: Options[] };
  const config = configs.find((c) => Object.values(c.entry as Record<string, string>).includes(source));
  if (!config) throw new Error(`tsup.config.ts has no block for ${source}`);
  return config;
}

export async function ensureBuiltPlugin(entry: keyof typeof ENTRIES): Promise<string> {
  const { source, output } = ENTRIES[entry];
  const target = path.join(repoRoot, 'dist', output);
  if (Math.max(newestSourceMtime(path.join(repoRoot, 'src')), mtime(path.join(repoRoot, 'tsup.config.ts'))) < mtime(target)) return target;
  mkdirSync(tmpRoot, { recursive: true });
  const outDir = mkdtempSync(path.join(tmpRoot, `build-${entry}-`));
  try {
    await build({ ...(await shippedConfig(source)), config: false, outDir, sourcemap: false, dts: false, clean: false, silent: true });
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(path.join(outDir, output), target);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return target;
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : mtime(full));
  }
  return newest;
}
