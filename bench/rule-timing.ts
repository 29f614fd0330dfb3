/**
 * ESLint's own per-rule timing (`TIMING=all`) for the plugin, through the real CLI: the 300-table
 * schema with `configs.recommended` (+ `no-debugger`, the `core` baseline's rule) and the 300
 * migrations with the SQL block. Writes a throwaway `eslint.config.mjs` into each generated input
 * folder (bench/.out, gitignored) that loads the bundled plugin, then prints ESLint's tables.
 *
 *   npx tsx bench/rule-timing.ts
 *
 * TIMING charges a rule with its listeners' time: the project-wide analysis shows up under whichever
 * rule asks first on the first schema file; the others find it memoised.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { generateLargeSchema } from './generate/large-schema.js';
import { generateMigrations } from './generate/migrations.js';
import { benchDist, buildPluginBundle } from './support/build-plugin.js';
import { repoRoot } from './support/paths.js';

await buildPluginBundle();
const pluginUrl = pathToFileURL(path.join(benchDist, 'index.js')).href;
const parserUrl = pathToFileURL(path.join(repoRoot, 'node_modules/@typescript-eslint/parser/dist/index.js')).href;
const eslintBin = path.join(repoRoot, 'node_modules/eslint/bin/eslint.js');

function timing(dir: string, blocks: 'typescript' | 'sql', pattern: string): void {
  const keep = blocks === 'sql' ? "(config) => String(config.language ?? '').endsWith('/sql')" : "(config) => !String(config.language ?? '').endsWith('/sql')";
  const core = blocks === 'typescript' ? `{ files: ['**/*.ts'], languageOptions: { parser }, rules: { 'no-debugger': 'warn' } },` : '';
  writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    `import plugin from '${pluginUrl}';\nimport * as parser from '${parserUrl}';\nexport default [${core} ...plugin.configs.recommended.filter(${keep})];\n`,
  );
  const run = spawnSync(process.execPath, [eslintBin, '--no-warn-ignored', '--format', 'json', pattern], { cwd: dir, env: { ...process.env, TIMING: 'all' }, encoding: 'utf8', maxBuffer: 1 << 28 });
  // With `--format json` the report is one line of JSON; ESLint prints the timing table after it.
  const table = run.stdout.split('\n').filter((line) => !line.startsWith('[')).join('\n').trim();
  console.log(`\n## ${blocks === 'sql' ? '300 migrations' : '300-table schema'} (${pattern})\n\n${table}`);
  if (run.status !== 0 && run.status !== 1) console.error(run.stderr);
}

timing(generateLargeSchema(), 'typescript', 'schema/**/*.ts');
timing(await generateMigrations(), 'sql', 'drizzle/**/*.sql');
