/**
 * The real ESLint CLI (`eslint --max-warnings 0`, the CI gate) on a temp copy of the example app,
 * whose eslint.config.js loads the built plugin by package name.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltPlugin, repoRoot } from '../tsserver/built-plugin.js';
import { copyProject, pluginProbeLocation, type TempProject } from '../tsserver/temp-project.js';

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

function eslint(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', ...args], { cwd, encoding: 'utf8', timeout: 90_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function lintJson(cwd: string, file: string): { status: number | null; messages: LintMessage[] } {
  const run = eslint(cwd, '--format', 'json', file);
  const [result] = JSON.parse(run.stdout) as Array<{ messages: LintMessage[] }>;
  return { status: run.status, messages: result.messages };
}

describe('eslint --max-warnings 0 on the example app', () => {
  let app: TempProject;
  const copies: TempProject[] = [];
  const schema = 'src/db/schema.ts';

  beforeAll(async () => {
    await ensureBuiltPlugin('eslint');
    pluginProbeLocation();
    app = copyProject('examples/acme');
  });

  afterAll(() => {
    app?.remove();
    for (const copy of copies) copy.remove();
  });

  it('fails on the unsafe schema changes and passes once each is acknowledged with a reason', () => {
    const before = lintJson(app.dir, schema);
    expect(before.status).toBe(1);
    const ours = before.messages.filter((m) => m.ruleId?.startsWith('drizzle-migrations/'));
    expect(ours.length).toBeGreaterThan(0);
    expect(before.messages.filter((m) => !m.ruleId?.startsWith('drizzle-migrations/')), 'only our rules report').toEqual([]);

    // Acknowledge every finding on the line above it, bottom-up so line numbers stay valid. Project-wide
    // findings (a dropped table) sit at 1:1, which stays put whatever is inserted: acknowledge them on line 1.
    const reason = '-- reviewed: applied out of band during a maintenance window';
    const lines = readFileSync(app.file(schema), 'utf8').split('\n');
    const byLine = new Map<number, Set<string>>();
    for (const m of ours) byLine.set(m.line, (byLine.get(m.line) ?? new Set()).add(m.ruleId!));
    for (const [line, ids] of [...byLine].sort((a, b) => b[0] - a[0])) {
      if (line === 1) {
        lines[0] += ` // eslint-disable-line ${[...ids].join(', ')} ${reason}`;
        continue;
      }
      const indent = /^\s*/.exec(lines[line - 1])![0];
      lines.splice(line - 1, 0, `${indent}// eslint-disable-next-line ${[...ids].join(', ')} ${reason}`);
    }
    writeFileSync(app.file(schema), lines.join('\n'));

    const after = eslint(app.dir, '--report-unused-disable-directives-severity', 'error', schema);
    expect(after.stdout + after.stderr).toBe('');
    expect(after.status).toBe(0);
  });

  it('prints the rule id and message in the default formatter', () => {
    const run = eslint(copyFresh(), schema);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/warning {2}.+ {2}drizzle-migrations\/[a-z-]+/);
    expect(run.stdout).toMatch(/✖ \d+ problems? \(0 errors, \d+ warnings?\)/);
    expect(run.stdout + run.stderr).toContain('ESLint found too many warnings (maximum: 0).');
  });

  // ESLint 9.34+ and 10 lint on worker threads with `--concurrency`: each thread loads the plugin and reads
  // the project itself, so the findings must be those of one thread, none lost and none twice.
  it.each([
    ['ESLint 10', 'eslint'],
    ['ESLint 9', 'eslint-v9'],
  ])('%s with --concurrency 2 reports what one thread reports', (_, eslintPackage) => {
    const dir = copyFresh();
    const lintAll = (concurrency: string) => {
      const bin = path.join(repoRoot, 'node_modules', eslintPackage, 'bin/eslint.js');
      const run = spawnSync(process.execPath, [bin, '--concurrency', concurrency, '--format', 'json', 'src/**/*.ts', 'drizzle/**/*.sql'], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
      const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<LintMessage & { column: number; fatal?: boolean }> }>;
      return results
        .flatMap((result) => result.messages.map((m) => `${path.relative(dir, result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))
        .sort();
    };
    const single = lintAll('off');
    const threaded = lintAll('2');
    expect(single.some((line) => line.startsWith('src/')) && single.some((line) => line.startsWith('drizzle/')), 'findings in both kinds of file').toBe(true);
    expect(threaded).toEqual(single);
  });

  function copyFresh(): string {
    const copy = copyProject('examples/acme');
    copies.push(copy);
    return copy.dir;
  }
});
