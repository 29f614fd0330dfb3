import type { ESLint, Rule } from 'eslint';
import packageJson from '../../package.json' with { type: 'json' };
import type { RuleDefinition } from '../core/rule.js';
import { resolveSettingsOnce, SETTINGS_KEY } from '../core/settings.js';
import { analyzeMigrationFile } from '../core/analyze-migration.js';
import { rules } from '../rules/index.js';
import { buildConfigs, NAMESPACE } from './configs.js';
import { sqlLanguage } from './sql-language/sql-language.js';
import type { SqlProgram } from './sql-language/sql-ast.js';
import { toESLintRule } from './to-eslint-rule.js';

// The SQL language's own types are narrower than ESLint's generic `Language`.
const languages = { sql: sqlLanguage } as unknown as Record<string, NonNullable<ESLint.Plugin['languages']>[string]>;

const plugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: NAMESPACE },
  rules: Object.fromEntries(rules.map((rule) => [rule.id, toPluginRule(rule)])) as Record<string, Rule.RuleModule>,
  languages,
  configs: {} as ReturnType<typeof buildConfigs>,
} satisfies ESLint.Plugin;

// Configs reference the plugin object itself, so they are filled in after it exists.
Object.assign(plugin.configs, buildConfigs(plugin, rules));

export default plugin;

/**
 * The migration whose file-level problems a rule has reported: every rule of a file shares its
 * `SourceCode`, and ESLint runs them one file at a time (one slot, as in `fileAnalyses`).
 */
let problemsReportedFor: object | undefined;

/** One ESLint rule per id for both languages: TypeScript files go to the TypeScript adapter, migration SQL to `checkMigration`. */
function toPluginRule(rule: RuleDefinition): Rule.RuleModule {
  const typeScript = toESLintRule(rule);
  if (!rule.checkMigration) return typeScript;
  return {
    meta: { ...typeScript.meta, languages: ['js/js', `${NAMESPACE}/sql`] } as Rule.RuleMetaData,
    create(context) {
      const program = context.sourceCode.ast as unknown as Partial<SqlProgram>;
      if (!program.migration) return typeScript.create(context);
      return {
        Program() {
          // One settings object per config, so the rules of one file share one migration analysis (keyed by it).
          const settings = resolveSettingsOnce(context.settings?.[SETTINGS_KEY], context.cwd);
          const analysis = analyzeMigrationFile({ file: context.filename, text: context.sourceCode.text, statements: program.migration!.statements, settings }, [rule]);
          for (const finding of analysis.findings) {
            context.report({
              loc: { start: context.sourceCode.getLocFromIndex(finding.span.start), end: context.sourceCode.getLocFromIndex(finding.span.end) },
              message: `${finding.message} ${finding.help}`,
            });
          }
          // Each rule reports its own failure; the first rule run on the file reports the file's problems, once.
          const firstRule = problemsReportedFor !== context.sourceCode;
          problemsReportedFor = context.sourceCode;
          for (const problem of analysis.problems) {
            if (problem.ruleId ? problem.ruleId !== rule.id : !firstRule) continue;
            context.report({ loc: { start: { line: 1, column: 0 }, end: { line: 1, column: context.sourceCode.lines[0]?.length ?? 0 } }, message: problem.message });
          }
        },
      };
    },
  };
}
