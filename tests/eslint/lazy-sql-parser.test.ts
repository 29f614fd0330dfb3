/**
 * The Postgres parser (WASM) loads on the first SQL parse, synchronously: a lint that parses no SQL
 * never pays for it, and the first lint that does needs no waiting. vitest runs each test file in its
 * own fork, so this file starts with the parser unloaded.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, expect, it } from 'vitest';
import plugin from '../../src/eslint/index.js';
import { isSqlParserLoaded } from '../../src/migration/parse-sql.js';
import { copyProject, type TempProject } from '../tsserver/temp-project.js';

const app: TempProject = copyProject('examples/acme');
afterAll(() => app.remove());

const eslint = new ESLint({ cwd: app.dir, overrideConfigFile: true, overrideConfig: plugin.configs.recommended as never });

function byRule(results: ESLint.LintResult[]): string[] {
  return results.flatMap((result) => result.messages.map((m) => `${path.relative(app.dir, result.filePath)} ${m.ruleId ?? (m.fatal ? 'fatal' : '?')}`)).sort();
}

it('leaves the parser unloaded through a TypeScript-only lint, and loads it at the first DDL template or migration', async () => {
  const typeScriptOnly = await eslint.lintFiles(['src/**/*.ts']);
  expect(typeScriptOnly.length).toBeGreaterThan(1);
  expect(typeScriptOnly.flatMap((r) => r.messages).filter((m) => m.fatal)).toEqual([]);
  expect(isSqlParserLoaded()).toBe(false);

  // A `sql` template that may hold DDL is parsed on this very lint: its finding is there the first time.
  writeFileSync(path.join(app.dir, 'src/db/cleanup.ts'), "import { sql } from 'drizzle-orm';\nexport const dropLegacy = (db: any) => db.execute(sql`ALTER TABLE \"tasks\" DROP COLUMN \"legacy\"`);\n");
  expect(byRule(await eslint.lintFiles(['src/db/cleanup.ts']))).toEqual(['src/db/cleanup.ts drizzle-migrations/no-drop-column']);
  expect(isSqlParserLoaded()).toBe(true);

  expect(byRule(await eslint.lintFiles(['drizzle/0002_backfill_display_names.sql']))).toEqual(['drizzle/0002_backfill_display_names.sql drizzle-migrations/no-backfill-in-migration']);
});
