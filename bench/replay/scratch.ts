/**
 * A scratch project for one replayed edit: the schema files of commit C (with the files they import),
 * the migrations folder's baseline at C's parent (0.31 `meta/`, or 1.0 RC's folder snapshots), and a
 * literal drizzle config pointing at both.
 * Nothing here is executed; the linter reads the files statically.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { listTree, showFile } from './git.js';
import type { SchemaLayout } from './project-layout.js';
import { resolveAlias } from './project-layout.js';

export interface ScratchProject {
  root: string;
  configFile: string;
  /** Absolute schema files to lint (entries and everything they import). */
  schemaFiles: string[];
  /** Absolute migrations folder (baseline = parent's meta). */
  outDir: string;
}

const MAX_FILES = 400;
const IMPORT_SPECIFIER = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g;

/** Source rewrites that sidestep a known reader gap, to see what it hides (`--workaround enable-rls`). */
export type Workaround = 'enable-rls';

const WORKAROUNDS: Record<Workaround, (text: string) => string> = {
  // `pgTable(...).enableRLS()` is not read as a table yet (docs/replay.md, bug list).
  'enable-rls': (text) => text.replace(/\)\s*\.enableRLS\(\)/g, ')'),
};

export function buildScratch(
  gitDir: string,
  root: string,
  commit: string,
  parent: string,
  files: string[],
  outDir: string,
  layout: SchemaLayout,
  workarounds: Workaround[] = [],
  folderLayout: '0.x' | '1.x' = '0.x',
): ScratchProject {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const fileSet = new Set(files);
  const schemaFiles = importClosure(gitDir, commit, layout.schemaEntries, fileSet);
  for (const [path, text] of schemaFiles) write(root, path, workarounds.reduce((t, w) => WORKAROUNDS[w](t), text));
  // The plugin resolves tsconfig `paths` aliases itself: give it the tsconfig files above the schema.
  for (const [path, text] of tsconfigClosure(gitDir, commit, [...schemaFiles.keys()], fileSet)) write(root, path, text);
  // The baseline: 0.31's `meta/` (journal and snapshots), or 1.0 RC's `<folder>/snapshot.json` files.
  const isBaselineFile = folderLayout === '0.x' ? (file: string) => file.startsWith(`${outDir}/meta/`) : (file: string) => file.startsWith(`${outDir}/`) && /^[^/]+\/snapshot\.json$/.test(file.slice(outDir.length + 1));
  for (const path of listTree(gitDir, parent).filter(isBaselineFile)) {
    write(root, path, showFile(gitDir, parent, path) ?? '');
  }
  mkdirSync(join(root, outDir, folderLayout === '0.x' ? 'meta' : ''), { recursive: true });
  const config = {
    dialect: 'postgresql',
    schema: layout.schemaEntries,
    out: outDir,
    ...(layout.casing ? { casing: layout.casing } : {}),
    ...(layout.prefix ? { migrations: { prefix: layout.prefix } } : {}),
  };
  const configFile = join(root, 'drizzle.config.ts');
  writeFileSync(configFile, `export default ${JSON.stringify(config, null, 2)};\n`);
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  return { root, configFile, schemaFiles: [...schemaFiles.keys()].map((path) => join(root, path)), outDir: join(root, outDir) };
}

function importClosure(gitDir: string, commit: string, entries: string[], fileSet: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0 && found.size < MAX_FILES) {
    const path = queue.shift()!;
    if (found.has(path)) continue;
    const text = showFile(gitDir, commit, path);
    if (text === undefined) continue;
    found.set(path, text);
    for (const match of text.matchAll(IMPORT_SPECIFIER)) {
      const specifier = match[1] ?? match[2]!;
      const target = specifier.startsWith('.') ? resolveRelative(path, specifier, fileSet) : resolveAlias(gitDir, commit, path, specifier, fileSet);
      if (target && !found.has(target)) queue.push(target);
    }
  }
  return found;
}

function tsconfigClosure(gitDir: string, commit: string, sources: string[], fileSet: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  const queue: string[] = [];
  for (const source of sources) {
    for (let dir = posix.dirname(source); ; dir = posix.dirname(dir)) {
      const candidate = dir === '.' ? 'tsconfig.json' : `${dir}/tsconfig.json`;
      if (fileSet.has(candidate)) {
        queue.push(candidate);
        break;
      }
      if (dir === '.' || dir === '/') break;
    }
  }
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (found.has(path)) continue;
    const text = showFile(gitDir, commit, path);
    if (text === undefined) continue;
    found.set(path, text);
    for (const match of text.matchAll(/"extends"\s*:\s*"(\.[^"]+)"/g)) {
      const target = posix.normalize(posix.join(posix.dirname(path), match[1]!.endsWith('.json') ? match[1]! : `${match[1]}.json`));
      if (fileSet.has(target)) queue.push(target);
    }
  }
  return found;
}

function resolveRelative(fromFile: string, specifier: string, fileSet: Set<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}/index.ts`, `${base}/index.tsx`].find((candidate) => fileSet.has(candidate));
}

function write(root: string, path: string, text: string): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}
