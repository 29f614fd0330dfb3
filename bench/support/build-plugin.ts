/**
 * Bundles the plugin as users get it (tsup, ESM, dependencies external) into bench/.out/dist, so
 * benchmarks measure the shipped code, not tsx transpiling src/ on the fly. Never touches dist/.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { outRoot, repoRoot } from './paths.js';

export const benchDist = path.join(outRoot, 'dist');
const EXTERNAL = ['eslint', 'typescript', 'libpg-query', '@typescript-eslint/parser', '@typescript-eslint/utils', 'drizzle-orm', '@eslint/plugin-kit'];

export function buildPluginBundle(): void {
  const args = ['tsup', '--no-config', 'src/eslint/index.ts', 'src/eslint/sql-language/index.ts', 'src/tsserver/index.ts', '--format', 'esm', '--platform', 'node', '--target', 'node20', '--out-dir', benchDist];
  for (const name of EXTERNAL) args.push('--external', name);
  execFileSync('npx', args, { cwd: repoRoot, stdio: 'pipe' });
}

if (import.meta.url === `file://${process.argv[1]}`) buildPluginBundle();
