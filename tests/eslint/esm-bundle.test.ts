/**
 * The ESM build gets `typescript` through `require()`: an ESM `import` of a CommonJS package makes
 * Node lex the whole file for named exports, ~0.4 s of every ESLint process for typescript.js (9 MB),
 * even when typescript-eslint already required it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuiltPlugin } from '../tsserver/built-plugin.js';

let bundle: string;

beforeAll(async () => {
  bundle = await ensureBuiltPlugin('eslint');
});

it('has no ESM import of typescript', () => {
  const code = readFileSync(bundle, 'utf8');
  expect(code).not.toMatch(/\bfrom\s*["']typescript["']|import\(\s*["']typescript["']\s*\)/);
  expect(code).toContain('createRequire(import.meta.url)("typescript")');
});

it('loads typescript into the CommonJS cache, where typescript-eslint finds the same instance', () => {
  const script = `
    const plugin = (await import(${JSON.stringify(pathToFileURL(bundle).href)})).default;
    const { createRequire } = await import('node:module');
    const require = createRequire(${JSON.stringify(bundle)});
    const cached = Object.keys(require.cache).filter((key) => /node_modules\\/typescript\\/lib\\/typescript\\.js$/.test(key));
    console.log(JSON.stringify({ rules: Object.keys(plugin.rules).length, cached: cached.length }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { rules: number; cached: number };
  expect(result.rules).toBeGreaterThan(10);
  expect(result.cached).toBe(1);
});
