import type { ESLint, Rule } from 'eslint';
import packageJson from '../../package.json' with { type: 'json' };
import { rules } from '../rules/index.js';
import { buildConfigs, NAMESPACE } from './configs.js';
import { toESLintRule } from './to-eslint-rule.js';

const plugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: NAMESPACE },
  // SQL-language wiring goes here: rules with `checkMigration` become `toSqlEslintRule(rule)`
  // (./sql-language/index.js) instead; today their TypeScript adapter is a no-op.
  rules: Object.fromEntries(rules.map((rule) => [rule.id, toESLintRule(rule)])) as Record<string, Rule.RuleModule>,
  // The SQL language for drizzle-kit migrations registers here: `sql: sqlLanguage` from ./sql-language/index.js,
  // with a `files: ['**/*.sql'], language: 'drizzle-migrations/sql'` block in ./configs.ts.
  languages: {},
  configs: {} as ReturnType<typeof buildConfigs>,
} satisfies ESLint.Plugin;

// Configs reference the plugin object itself, so they are filled in after it exists.
Object.assign(plugin.configs, buildConfigs(plugin, rules));

export default plugin;
