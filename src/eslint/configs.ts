import type { ESLint, Linter } from 'eslint';
import type { RuleDefinition } from '../core/rule.js';
import { isTypeScriptRule } from './to-eslint-rule.js';
import { typescriptParserReusingTrees } from './typescript-parser.js';

export const NAMESPACE = 'drizzle-migrations';
export const SCHEMA_FILES = ['**/*.{ts,mts,cts,tsx}'];
/** Every `.sql` file: the rules themselves stay silent outside a discovered drizzle project's `out` folder. */
export const MIGRATION_FILES = ['**/*.sql'];

/**
 * `recommended`: rules marked `recommended`, as warnings (they flag deploy risks, not broken code).
 * `strict`: every rule, as errors, for CI gates that must stop an unsafe change.
 * Both are flat-config arrays to spread into `eslint.config.js`.
 */
export function buildConfigs(plugin: ESLint.Plugin, rules: readonly RuleDefinition[]): Record<'recommended' | 'strict', Linter.Config[]> {
  const typeScriptRules = rules.filter(isTypeScriptRule);
  const migrationRules = rules.filter((rule) => rule.checkMigration);
  return {
    recommended: [
      typeScriptConfig('recommended', plugin, ruleEntries(typeScriptRules.filter((rule) => rule.recommended), 'warn')),
      migrationConfig('recommended', plugin, ruleEntries(migrationRules.filter((rule) => rule.recommended), 'warn')),
    ],
    strict: [typeScriptConfig('strict', plugin, ruleEntries(typeScriptRules, 'error')), migrationConfig('strict', plugin, ruleEntries(migrationRules, 'error'))],
  };
}

function migrationConfig(name: string, plugin: ESLint.Plugin, rules: Linter.RulesRecord): Linter.Config {
  return { name: `${NAMESPACE}/${name}/sql`, files: MIGRATION_FILES, language: `${NAMESPACE}/sql`, plugins: { [NAMESPACE]: plugin }, rules };
}

function typeScriptConfig(name: string, plugin: ESLint.Plugin, rules: Linter.RulesRecord): Linter.Config {
  return {
    name: `${NAMESPACE}/${name}`,
    files: SCHEMA_FILES,
    languageOptions: { parser: typescriptParserReusingTrees },
    plugins: { [NAMESPACE]: plugin },
    rules,
  };
}

function ruleEntries(rules: readonly RuleDefinition[], severity: Linter.RuleSeverity): Linter.RulesRecord {
  return Object.fromEntries(rules.map((rule) => [`${NAMESPACE}/${rule.id}`, severity]));
}
