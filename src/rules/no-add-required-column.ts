import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { isRequiredWithoutDefault } from '../core/required-column.js';
import { addColumnSql, columnTypeSql } from '../core/kit-sql.js';
import { failsSentence, lockOf } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { acknowledgeValidatedCheck, recipeHelp, type RecipeNames } from '../migration/recipes.js';

const rule = defineRule({
  id: 'no-add-required-column',
  description: 'Disallow adding a NOT NULL column without a database default to an existing table.',
  recommended: true,
  checkTable({ after: table, addedColumns }, { kit }) {
    const findings: Finding[] = [];
    for (const column of addedColumns) {
      const span = isRequiredWithoutDefault(column) && columnSpan(column, 'notNull', 'primaryKey');
      if (!span) continue;
      const appDefault = column.source?.modifiers.$defaultFn ?? column.source?.modifiers.$default;
      const appNote = appDefault ? ' `$defaultFn` runs in the app, so it is not a database default.' : '';
      findings.push({
        ruleId: 'no-add-required-column',
        message: requiredColumnMessage(column.name, table.name, appNote),
        help: requiredColumnHelp({ table: table.name, schema: table.schema, column: column.name, type: columnTypeSql(column, kit) }, '//'),
        span,
        sql: addColumnSql(table, column, kit),
        lock: lockOf('add-column-not-null-no-default'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['add-column-not-null-no-default']).map((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = relationLabel(hit.clause.table);
      const clauseText = context.text.slice(hit.clause.span.start, hit.clause.span.end);
      return sqlFinding(context, hit, {
        ruleId: 'no-add-required-column',
        message: requiredColumnMessage(column, table, ''),
        help: requiredColumnHelp({ table: hit.clause.table?.name ?? table, schema: hit.clause.table?.schema, column, type: columnTypeOfClause(clauseText) }, '--'),
        lock: lockOf('add-column-not-null-no-default'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function requiredColumnMessage(column: string, table: string, note: string): string {
  return (
    `Adding required column \`${column}\` to \`${table}\` without a database default breaks the old app version still running during the rolling deploy: ` +
    `it cannot insert into \`${table}\` because it does not send \`${column}\`.${failsSentence('add-column-not-null-no-default')}${note}`
  );
}

function requiredColumnHelp(names: RecipeNames, comment: '//' | '--'): string {
  const constraint = `${names.table}_${names.column}_not_null`;
  return recipeHelp(`Add \`${names.column}\` in steps, each deployed before the next:`, 'add-required-column', { ...names, constraint }, acknowledgeValidatedCheck('add-required-column', constraint, comment));
}

/** `ADD COLUMN "code" varchar(20) NOT NULL` → `varchar(20)`. */
function columnTypeOfClause(clause: string): string | undefined {
  const type = clause
    .replace(/^ADD\s+(COLUMN\s+)?(IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")*"|\S+)\s+/i, '')
    .replace(/\s+NOT\s+NULL\b/i, '')
    .trim();
  return type || undefined;
}
