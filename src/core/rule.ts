import type { Finding } from './finding.js';
import type { DrizzleKitLine, SchemaModel } from './schema-model.js';
import type { SchemaDiff } from './schema-diff.js';
import type { ResolvedSettings } from './settings.js';

export const DOCS_BASE_URL = 'https://github.com/drizzle-migrations/eslint-plugin-drizzle-migrations/blob/main/docs/rules/';

export interface SchemaRuleContext {
  /** The last snapshot drizzle-kit wrote. */
  before: SchemaModel;
  /** The schema as the code declares it now (editor buffer for the linted file). */
  after: SchemaModel;
  diff: SchemaDiff;
  settings: ResolvedSettings;
  /** drizzle-kit line of the baseline: decides the SQL text and default names quoted in messages. */
  kit: DrizzleKitLine;
  /** First schema file of the project: where project-wide findings (dropped tables) go. */
  primaryFile: string;
}

export interface RuleDefinition {
  /** kebab-case id; equals the file name in src/rules, docs/rules and tests/rules. */
  id: string;
  /** One line, starts with a verb ("Disallow…", "Require…"). Used by docs and configs. */
  description: string;
  /** In `configs.recommended` (every rule is in `configs.strict`). */
  recommended: boolean;
  /** Whether the rule offers suggestions (ESLint `hasSuggestions`). */
  hasSuggestions?: boolean;
  checkSchema?(context: SchemaRuleContext): Finding[];
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
