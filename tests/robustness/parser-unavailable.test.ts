/**
 * A broken install: libpg-query's WASM file is truncated, so the Postgres parser cannot load. The
 * built plugin is installed into a project next to that copy, and the real ESLint CLI lints it. Each
 * file that needed the parser gets one clear message; nothing crashes, and files that need no SQL are
 * linted as usual.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuiltPlugin, repoRoot } from '../tsserver/built-plugin.js';
import { copyProject, type TempProject } from '../tsserver/temp-project.js';

let app: TempProject;

beforeAll(async () => {
  const bundle = await ensureBuiltPlugin('eslint');
  app = copyProject('examples/acme');
  // The project's own package.json: without one, the package name resolves to this repository itself (self-reference).
  writeFileSync(path.join(app.dir, 'package.json'), JSON.stringify({ name: 'acme', private: true }));
  // Modules the copies do not hold (typescript, drizzle-orm…) resolve up the tree, to this repository's node_modules.
  const installed = path.join(app.dir, 'node_modules/eslint-plugin-drizzle-migrations');
  mkdirSync(path.join(installed, 'dist'), { recursive: true });
  copyFileSync(bundle, path.join(installed, 'dist/index.js'));
  writeFileSync(path.join(installed, 'package.json'), JSON.stringify({ name: 'eslint-plugin-drizzle-migrations', type: 'module', exports: './dist/index.js' }));
  const libpgQuery = path.join(app.dir, 'node_modules/libpg-query');
  cpSync(path.join(repoRoot, 'node_modules/libpg-query'), libpgQuery, { recursive: true });
  truncateSync(path.join(libpgQuery, 'wasm/libpg-query.wasm'), 1000);
  writeFileSync(path.join(app.dir, 'eslint.config.mjs'), "import plugin from 'eslint-plugin-drizzle-migrations';\nexport default [...plugin.configs.recommended];\n");
  writeFileSync(path.join(app.dir, 'src/db/cleanup.ts'), "import { sql } from 'drizzle-orm';\nexport const dropLegacy = (db: any) => db.execute(sql`ALTER TABLE \"tasks\" DROP COLUMN \"legacy\"`);\n");
});

afterAll(() => app?.remove());

it('gives each file that needs the SQL parser one clear message, and lints the rest', () => {
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--config', 'eslint.config.mjs', '--format', 'json', 'drizzle/0002_backfill_display_names.sql', 'src/db/cleanup.ts', 'src/db/schema.ts'],
    { cwd: app.dir, encoding: 'utf8', timeout: 120_000 },
  );
  expect(run.stderr).toBe('');
  // 1: problems were reported; 2 would be a crash or a configuration error.
  expect(run.status).toBe(1);
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; fatal?: boolean; message: string }[] }[];
  const byFile = Object.fromEntries(results.map((r) => [path.relative(app.dir, r.filePath), r.messages]));
  const unavailable = /the Postgres SQL parser \(libpg-query\) could not be loaded: .+ Reinstall dependencies/;

  expect(byFile['drizzle/0002_backfill_display_names.sql']).toEqual([expect.objectContaining({ fatal: true, message: expect.stringMatching(unavailable) })]);
  expect(byFile['src/db/cleanup.ts']).toEqual([expect.objectContaining({ ruleId: 'drizzle-migrations/require-valid-drizzle-project', message: expect.stringMatching(unavailable) })]);
  // The schema file's own findings (acme's pending changes) need no SQL parser.
  expect(byFile['src/db/schema.ts'].length).toBeGreaterThan(0);
  expect(byFile['src/db/schema.ts'].filter((m) => m.fatal || !m.ruleId || unavailable.test(m.message))).toEqual([]);
  expect(readFileSync(path.join(app.dir, 'node_modules/libpg-query/wasm/libpg-query.wasm')).length).toBe(1000);
});
