import type { Linter } from 'eslint';
import * as typescriptParser from '@typescript-eslint/parser';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDist } from './build-plugin.js';
import { floorSqlConfig } from './floor-language.js';

/** The bundled plugin (bench/support/build-plugin.ts), as shipped. */
const bundled = (entry: string) => pathToFileURL(path.join(benchDist, entry)).href;

/**
 * `none`: the typescript-eslint parser and no rules at all. `core`: + one trivial core rule, so ESLint
 * walks the tree as any real config makes it do. `plugin`: `core` + the plugin's recommended config.
 * `sql`: the plugin's SQL language block only. `plugin+sql`: `plugin` + the SQL block. `plugin+floor`:
 * `plugin` + a do-nothing language on the same `.sql` files (ESLint's per-file floor, floor-language.ts).
 */
export type Mode = 'none' | 'core' | 'plugin' | 'sql' | 'plugin+sql' | 'plugin+floor';

export async function eslintConfig(mode: Mode): Promise<Linter.Config[]> {
  const base: Linter.Config = { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: typescriptParser } };
  if (mode === 'none') return [base];
  const core: Linter.Config = { ...base, rules: { 'no-debugger': 'warn' } };
  if (mode === 'core') return [core];
  const { default: plugin } = (await import(bundled('index.js'))) as typeof import('../../src/eslint/index.js');
  const typeScriptOnly = plugin.configs.recommended.filter((config) => !isSqlBlock(config));
  if (mode === 'plugin') return [core, ...typeScriptOnly];
  if (mode === 'plugin+sql') return [core, ...typeScriptOnly, ...(await sqlConfigs(plugin))];
  if (mode === 'plugin+floor') return [core, ...typeScriptOnly, floorSqlConfig];
  return sqlConfigs(plugin);
}

async function sqlConfigs(plugin: typeof import('../../src/eslint/index.js').default): Promise<Linter.Config[]> {
  return plugin.configs.recommended.filter(isSqlBlock);
}

function isSqlBlock(config: Linter.Config): boolean {
  return typeof config.language === 'string' && config.language.endsWith('/sql');
}
