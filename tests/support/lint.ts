import { resolve } from 'node:path';
import type { Linter } from 'eslint';
import * as typescriptParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint/index.js';
import { NAMESPACE, SCHEMA_FILES } from '../../src/eslint/configs.js';
import type { DrizzleMigrationsSettings } from '../../src/core/settings.js';

export interface LintSchemaOptions {
  /** Absolute, or relative to `cwd`; need not exist on disk (the code is linted from memory). */
  file: string;
  code: string;
  /**
   * Rules to turn on: ids (`no-drop-column` or `drizzle-migrations/no-drop-column`, as errors) or a
   * rules record. Default: `configs.strict` (every rule, as errors).
   */
  rules?: string[] | Linter.RulesRecord;
  settings?: DrizzleMigrationsSettings;
  /** ESLint's cwd; `settings.config` paths resolve against it. Default: the repository root. */
  cwd?: string;
  eslint?: 'v10' | 'v9';
}

/** Lints `code` as `file` with the real ESLint Node API and this plugin, as a user's flat config would. */
export async function lintSchema(options: LintSchemaOptions): Promise<Linter.LintMessage[]> {
  const cwd = options.cwd ?? process.cwd();
  const { ESLint } = options.eslint === 'v9' ? await import('eslint-v9') : await import('eslint');
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [...ruleConfigs(options.rules), { settings: { [NAMESPACE]: options.settings ?? {} } }],
  });
  const [result] = await eslint.lintText(options.code, { filePath: resolve(cwd, options.file) });
  return result?.messages ?? [];
}

function ruleConfigs(rules: LintSchemaOptions['rules']): Linter.Config[] {
  if (!rules) return plugin.configs.strict;
  const record = Array.isArray(rules) ? Object.fromEntries(rules.map((id) => [id, 'error' as const])) : rules;
  const prefixed = Object.fromEntries(Object.entries(record).map(([id, entry]) => [id.includes('/') ? id : `${NAMESPACE}/${id}`, entry]));
  return [{ files: SCHEMA_FILES, languageOptions: { parser: typescriptParser }, plugins: { [NAMESPACE]: plugin }, rules: prefixed }];
}
