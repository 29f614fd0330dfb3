/** `npm run demo` on the bundled example app: every recommended rule fires, nothing crashes. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import { ensureBuiltPlugin, repoRoot } from './tsserver/built-plugin.js';

beforeAll(async () => {
  await ensureBuiltPlugin('eslint');
});

it('prints a finding of every recommended rule for examples/acme', () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/demo.mjs')], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const counted = new Set([...run.stdout.matchAll(/^ {2}drizzle-migrations\/([a-z-]+): \d+$/gm)].map((m) => m[1]));
  const expected = rules.filter((r) => r.recommended && r.id !== 'require-valid-drizzle-project').map((r) => r.id);
  expect([...counted].sort()).toEqual(expected.sort());
  expect(run.stdout).toContain('examples/acme/drizzle/0002_backfill_display_names.sql');
});
