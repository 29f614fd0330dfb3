import type { Finding } from './finding.js';
import type { DrizzleKitLine, SchemaModel } from './schema-model.js';
import type { SchemaDiff, TableDiff } from './schema-diff.js';
import type { SchemaLookup } from './schema-lookup.js';
import type { ResolvedSettings } from './settings.js';
import type { MigrationStatement } from '../migration/statement-types.js';
import type ts from 'typescript';

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
  /**
   * Current text of a schema file (editor buffer when open). Optional: rules use it only to build
   * suggestions and stay silent about them without it.
   */
  sourceText?(file: string): string | undefined;
}

/**
 * What a per-table check may read besides the table's diff. Each field is part of the key the editor
 * keeps per-table findings under (src/core/table-findings.ts): the enum renames depend on the whole
 * schema, not on the table's diff alone.
 */
export type TableRuleContext = Pick<SchemaRuleContext, 'settings' | 'kit'> & Pick<SchemaDiff, 'renamedEnums'>;

export interface MigrationRuleContext {
  /** Path of the migration `.sql` file; finding spans are offsets into its text. */
  file: string;
  text: string;
  statements: MigrationStatement[];
  settings: ResolvedSettings;
  /** The schema before this migration (the previous snapshot), when known: one table or enum at a time. */
  before?: SchemaLookup;
}

export interface TypeScriptRuleContext {
  file: string;
  /** Syntax tree only (no type checker): from `ts.createSourceFile` or the host's parser services. */
  sourceFile: ts.SourceFile;
  settings: ResolvedSettings;
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
  /**
   * Findings on one table present on both sides, from its diff alone. `defineRule` derives
   * `checkSchema` from it (every table of `diff.tables`, in order); the editor keeps the findings
   * of each `TableDiff` object (src/core/table-findings.ts), so an edit re-checks only tables it changed.
   */
  checkTable?(table: TableDiff, context: TableRuleContext): Finding[];
  /** Lints one migration `.sql` file (the ESLint SQL language). */
  checkMigration?(context: MigrationRuleContext): Finding[];
  /** Lints any TypeScript file, syntax only. */
  checkTypeScript?(context: TypeScriptRuleContext): Finding[];
}

const derivedCheckSchemas = new WeakSet<NonNullable<RuleDefinition['checkSchema']>>();

export function defineRule(rule: RuleDefinition): RuleDefinition {
  const { checkTable, checkSchema } = rule;
  if (!checkTable || (checkSchema && derivedCheckSchemas.has(checkSchema))) return rule;
  // Hosts run `checkTable` in place of `checkSchema`: a rule with both would lose one of them.
  if (checkSchema) throw new Error(`Rule ${rule.id}: give checkTable or checkSchema, not both.`);
  const derived = (context: SchemaRuleContext) => {
    const findings: Finding[] = [];
    const tableContext: TableRuleContext = { settings: context.settings, kit: context.kit, renamedEnums: context.diff.renamedEnums };
    for (const table of context.diff.tables) findings.push(...checkTable(table, tableContext));
    return findings;
  };
  derivedCheckSchemas.add(derived);
  rule.checkSchema = derived;
  return rule;
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
