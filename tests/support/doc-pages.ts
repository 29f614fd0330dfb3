/** Reading rule doc pages and turning their `ts before` block into a real drizzle-kit baseline. */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './drizzle-kit-oracle.js';

const execFileAsync = promisify(execFile);

export interface CodeBlock {
  lang: string;
  /** The word after the language: `before`, `invalid`, `valid`, `generated`, or empty. */
  tag: string;
  code: string;
}

export function docText(id: string): string {
  return readFileSync(path.join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
}

export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w+)(?: (\w+))?\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], tag: m[2] ?? '', code: m[3] }));
}

/** Runs the real drizzle-kit 0.31 `generate` in a project folder. */
export async function drizzleKitGenerate(dir: string, ...args: string[]): Promise<void> {
  await execFileAsync(path.join(repoRoot, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', 'drizzle.config.ts', ...args], { cwd: dir });
}

/** Writes the page's `ts before` block as a project in `dir` and lets the real drizzle-kit write its baseline. */
export async function generateDocBaseline(id: string, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const before = codeBlocks(docText(id)).find((b) => b.lang === 'ts' && b.tag === 'before');
  if (!before) return;
  writeFileSync(path.join(dir, 'package.json'), '{}\n');
  writeFileSync(path.join(dir, 'schema.ts'), before.code);
  writeFileSync(
    path.join(dir, 'drizzle.config.ts'),
    "import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle' });\n",
  );
  await drizzleKitGenerate(dir, '--name', 'before');
}

export async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
