/**
 * A CommonJS `eslint.config.cjs` gets the CommonJS build (`require`). The WASM SQL parser loads
 * synchronously on first use, so such a config exports its array directly and lints migration SQL
 * exactly like an ESM config.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuiltPlugin, repoRoot } from '../tsserver/built-plugin.js';
import { copyProject, type TempProject } from '../tsserver/temp-project.js';

const requireCommonJs = createRequire(import.meta.url);
let app: TempProject;

beforeAll(async () => {
  await ensureBuiltPlugin('eslintCommonJs');
  app = copyProject('examples/acme');
});

afterAll(() => app?.remove());

function lint(config: string): { ruleId: string | null; fatal?: boolean; message: string }[] {
  writeFileSync(path.join(app.dir, 'eslint.config.cjs'), config);
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--config', 'eslint.config.cjs', '--format', 'json', 'drizzle/0002_backfill_display_names.sql'],
    { cwd: app.dir, encoding: 'utf8', timeout: 90_000 },
  );
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { messages: { ruleId: string | null; fatal?: boolean; message: string }[] }[])[0].messages;
}

it('require() returns the plugin itself', () => {
  const plugin = requireCommonJs(path.join(repoRoot, 'dist/index.cjs'));
  expect(plugin.meta.namespace).toBe('drizzle-migrations');
  expect(plugin.default).toBe(plugin);
});

it('lints migration SQL from a config that exports its array directly, with nothing to wait for', () => {
  const messages = lint(`const plugin = require(${JSON.stringify(path.join(repoRoot, 'dist/index.cjs'))});\nmodule.exports = [...plugin.configs.recommended];\n`);
  expect(messages.map((m) => m.ruleId)).toEqual(['drizzle-migrations/no-backfill-in-migration']);
});
