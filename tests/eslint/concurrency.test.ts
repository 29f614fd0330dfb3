/**
 * ESLint's multithreaded linting (`--concurrency`): each worker thread loads the plugin and its own SQL
 * parser on first use, and the findings are those of a single-threaded run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuiltPlugin, repoRoot } from '../tsserver/built-plugin.js';
import { copyProject, type TempProject } from '../tsserver/temp-project.js';

let app: TempProject;

beforeAll(async () => {
  await ensureBuiltPlugin('eslint');
  app = copyProject('examples/acme');
});

afterAll(() => app?.remove());

function lint(concurrency: string): string[] {
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--concurrency', concurrency, '--format', 'json', 'src/**/*.ts', 'drizzle/**/*.sql'],
    { cwd: app.dir, encoding: 'utf8', timeout: 120_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(app.dir, r.filePath)}:${m.line} ${m.ruleId} ${m.message}`)).sort();
}

it('finds the same in two worker threads as in one thread, migration SQL included', () => {
  const single = lint('off');
  expect(single.some((line) => line.startsWith('drizzle/') && line.includes('drizzle-migrations/no-backfill-in-migration'))).toBe(true);
  expect(single.some((line) => line.startsWith('src/'))).toBe(true);
  expect(lint('2')).toEqual(single);
});
