/**
 * Temp copies of fixture projects under tests/.tmp/, with a tsconfig.json that enables the
 * tsserver plugin, plus a probe folder whose node_modules links the package to this repository
 * (tsserver looks plugins up in `--pluginProbeLocations`, then next to its own TypeScript).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, tmpRoot } from './built-plugin.js';

export const PLUGIN_NAME = 'eslint-plugin-drizzle-migrations/tsserver';

export interface TempProject {
  dir: string;
  file(relative: string): string;
  remove(): void;
}

/** Copies `source` (relative to the repo) into a fresh folder; `pluginEntry` adds keys to the tsconfig plugin entry. */
export function copyProject(source: string, pluginEntry: Record<string, unknown> = {}, skip: string[] = []): TempProject {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(path.join(tmpRoot, `${path.basename(source)}-`));
  const from = path.join(repoRoot, source);
  cpSync(from, dir, { recursive: true, filter: (f) => !skip.some((s) => path.relative(from, f) === s) && !f.includes('node_modules') });
  writeTsconfig(dir, pluginEntry);
  return { dir, file: (relative) => path.join(dir, relative), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTsconfig(dir: string, pluginEntry: Record<string, unknown> = {}): void {
  const compilerOptions = {
    strict: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
    skipLibCheck: true,
    plugins: [{ name: PLUGIN_NAME, ...pluginEntry }],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['**/*.ts'] }, null, 2));
}

/**
 * Links tests/.tmp/node_modules/eslint-plugin-drizzle-migrations to this repository (as `npm link`
 * would), so temp projects resolve the package by name, and returns tests/.tmp: the folder to pass
 * to tsserver's `--pluginProbeLocations`.
 */
export function pluginProbeLocation(): string {
  const probe = tmpRoot;
  const link = path.join(probe, 'node_modules/eslint-plugin-drizzle-migrations');
  if (!existsSync(link)) {
    mkdirSync(path.dirname(link), { recursive: true });
    try {
      symlinkSync(repoRoot, link, 'dir');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return probe;
}
