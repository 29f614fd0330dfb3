import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { dropColumnSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase } from '../core/lock-text.js';
import { tableHeadSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp } from '../migration/recipes.js';

const rule = defineRule({
  id: 'no-drop-column',
  description: 'Disallow dropping a column that the running app version still reads and writes.',
  recommended: true,
  checkTable({ after, droppedColumns }) {
    const findings: Finding[] = [];
    const span = tableHeadSpan(after);
    if (!span) return findings;
    for (const column of droppedColumns) {
      findings.push({
        ruleId: 'no-drop-column',
        message:
          `Column \`${column.name}\` is gone from \`${after.name}\`: drizzle-kit will drop it, which takes ${lockPhrase('drop-column', after.name)}, ` +
          `deletes its data for good, and breaks the old app version still running during the rolling deploy, whose queries still select and insert \`${column.name}\`.`,
        help: twoReleases(after.name, after.schema, column.name, `\`// eslint-disable-next-line drizzle-migrations/no-drop-column -- ${column.name} unused since <release>\` above the table`),
        span,
        sql: dropColumnSql(after, column),
        lock: lockOf('drop-column'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['drop-column']).map((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = relationLabel(hit.clause.table);
      return sqlFinding(context, hit, {
        ruleId: 'no-drop-column',
        message:
          `\`DROP COLUMN ${column}\` on \`${table}\` takes ${lockPhrase('drop-column', table)}, deletes its data for good, ` +
          `and breaks the old app version still running during the rolling deploy, whose queries still select and insert \`${column}\`.`,
        help: twoReleases(hit.clause.table?.name ?? table, hit.clause.table?.schema, column, `\`-- eslint-disable-next-line drizzle-migrations/no-drop-column -- ${column} unused since <release>\` above the statement`),
        lock: lockOf('drop-column'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function twoReleases(table: string, schema: string | undefined, column: string, acknowledgement: string): string {
  return recipeHelp(
    `Drop \`${column}\` in two releases, so no running app version still uses it:`,
    'drop-column-two-releases',
    { table, schema, column },
    `When the drop is that last step, acknowledge it with ${acknowledgement}.`,
  );
}
