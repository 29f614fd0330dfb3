import { basename, dirname } from 'node:path';
import { docsUrl, type RuleDefinition } from '../../core/rule.js';
import { resolveSettings, SETTINGS_KEY, type ResolvedSettings } from '../../core/settings.js';
import type { SqlProgram } from './sql-ast.js';
import type { SqlSourceCode } from './sql-source-code.js';

interface SqlRuleContext {
  filename: string;
  cwd: string;
  settings: Record<string, unknown>;
  sourceCode: SqlSourceCode;
  report(descriptor: { loc: { start: { line: number; column: number }; end: { line: number; column: number } }; message: string }): void;
}

/**
 * Wraps a rule's `checkMigration` as an ESLint rule for the `sql` language. The plugin entry
 * registers it under the rule's id; `meta.languages` keeps ESLint from running it on other files.
 */
export function toSqlEslintRule(rule: RuleDefinition, namespace = 'drizzle-migrations') {
  return {
    meta: {
      type: 'problem' as const,
      docs: { description: rule.description, recommended: rule.recommended, url: docsUrl(rule.id) },
      languages: [`${namespace}/sql`],
      schema: [],
    },
    create(context: SqlRuleContext) {
      return {
        Program(program: SqlProgram) {
          const settings = resolveSettings(context.settings?.[SETTINGS_KEY], context.cwd);
          if (!rule.checkMigration || isAppliedEverywhere(context.filename, settings)) return;
          const { sourceCode } = context;
          const findings = rule.checkMigration({
            file: context.filename,
            text: sourceCode.text,
            statements: program.migration.statements,
            settings,
          });
          for (const finding of findings) {
            context.report({
              loc: { start: sourceCode.getLocFromIndex(finding.span.start), end: sourceCode.getLocFromIndex(finding.span.end) },
              message: `${finding.message} ${finding.help}`,
            });
          }
        },
      };
    },
  };
}

/** `settings.since`: the last migration applied everywhere; it and older ones are skipped. */
function isAppliedEverywhere(file: string, settings: ResolvedSettings): boolean {
  if (!settings.since) return false;
  // drizzle-kit 0.x names files `0003_tag.sql`; 1.x writes `<timestamp>_<name>/migration.sql`.
  const tag = basename(file) === 'migration.sql' ? basename(dirname(file)) : basename(file).replace(/\.sql$/, '');
  return tag.localeCompare(settings.since.replace(/\.sql$/, '')) <= 0;
}
