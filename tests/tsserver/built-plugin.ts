/**
 * Builds the plugin entries the editors load (`dist/tsserver.cjs`, `dist/index.js`) when a source
 * file is newer than the output, so tests run against the built package like users do. Each build
 * goes to a private folder and is renamed into `dist/` so parallel test files never see a half
 * written bundle.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tmpRoot = path.join(repoRoot, 'tests/.tmp');

const ENTRIES = {
  tsserver: { source: 'src/tsserver/index.ts', format: 'cjs', output: 'tsserver.cjs' },
  eslint: { source: 'src/eslint/index.ts', format: 'esm', output: 'index.js' },
  eslintCommonJs: { source: 'src/eslint/index-cjs.ts', format: 'cjs', output: 'index.cjs' },
} as const;

// Same as tsup.config.ts: `require()` returns the plugin itself.
const FOOTERS: Partial<Record<keyof typeof ENTRIES, string>> = {
  eslintCommonJs: 'module.exports = Object.assign(module.exports.default, { default: module.exports.default });',
};

export async function ensureBuiltPlugin(entry: keyof typeof ENTRIES): Promise<string> {
  const { source, format, output } = ENTRIES[entry];
  const target = path.join(repoRoot, 'dist', output);
  if (newestSourceMtime(path.join(repoRoot, 'src')) < mtime(target)) return target;
  mkdirSync(tmpRoot, { recursive: true });
  const outDir = mkdtempSync(path.join(tmpRoot, `build-${entry}-`));
  try {
    await build({
      config: false,
      entry: { [output.replace(/\.(c?js)$/, '')]: path.join(repoRoot, source) },
      format: [format],
      outDir,
      target: 'node20',
      platform: 'node',
      splitting: false,
      sourcemap: false,
      clean: false,
      silent: true,
      footer: FOOTERS[entry] ? { js: FOOTERS[entry] } : undefined,
      external: ['eslint', 'typescript', 'libpg-query', '@typescript-eslint/parser', '@typescript-eslint/utils', 'drizzle-orm'],
    });
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
