import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { setNotNullSql } from '../core/kit-sql.js';
import { failsSentence, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { acknowledgeValidatedCheck, recipeHelp } from '../migration/recipes.js';
import { columnSpan } from '../core/rule-spans.js';
import { columnChangesWritten } from '../core/schema-diff.js';
import type { TableModel } from '../core/schema-model.js';
import { clausesOnExistingTables, relationLabel, sqlFinding, tableBefore } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

const rule = defineRule({
  id: 'no-set-not-null',
  description: 'Disallow adding `.notNull()` to an existing nullable column.',
  recommended: true,
  checkTable(tableDiff, { settings, kit }) {
    const table = tableDiff.after;
    const findings: Finding[] = [];
    for (const { after: column, notNullAdded } of columnChangesWritten(tableDiff, kit)) {
      const span = notNullAdded && columnSpan(column, 'notNull', 'primaryKey');
      if (!span) continue;
      findings.push({
        ruleId: 'no-set-not-null',
        message:
          `Adding \`.notNull()\` to \`${table.name}.${column.name}\` runs \`SET NOT NULL\`, which holds ${lockPhrase('set-not-null', table.name)}${workPhrase('set-not-null')}, ` +
          `so every query on \`${table.name}\` waits, and the old app version still running during the rolling deploy may still write NULL.${failsSentence('set-not-null')}`,
        help: notNullSteps(table.name, table.schema, column.name, settings.postgresVersion, '//'),
        span,
        sql: setNotNullSql(table, column),
        lock: lockOf('set-not-null'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['set-not-null']).flatMap((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = hit.clause.table?.name ?? 'the table';
      const label = relationLabel(hit.clause.table);
      if (context.settings.postgresVersion >= 12 && hasNotNullCheck(tableBefore(context.before, hit.clause.table), column)) return [];
      return [
        sqlFinding(context, hit, {
          ruleId: 'no-set-not-null',
          message:
            `\`SET NOT NULL\` on \`${label}.${column}\` holds ${lockPhrase('set-not-null', label)}${workPhrase('set-not-null')}, ` +
            `so every query on \`${label}\` waits, and the old app version still running during the rolling deploy may still write NULL.${failsSentence('set-not-null')}`,
          help: notNullSteps(table, hit.clause.table?.schema, column, context.settings.postgresVersion, '--'),
          lock: lockOf('set-not-null'),
        }),
      ];
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function notNullSteps(table: string, schema: string | undefined, column: string, postgresVersion: number, comment: '//' | '--'): string {
  const constraint = `${table}_${column}_not_null`;
  return recipeHelp(
    `Make \`${column}\` required in steps, because drizzle's migrator runs all pending migrations in one transaction:`,
    'not-null-via-check',
    { table, schema, column, constraint },
    [
      postgresVersion >= 12 ? '' : `Before Postgres 12 the \`SET NOT NULL\` step still scans \`${table}\`, but it finds no NULL and the check keeps new ones out.`,
      acknowledgeValidatedCheck('not-null-via-check', constraint, comment),
    ].filter(Boolean).join(' '),
  );
}

/** A validated `CHECK (col IS NOT NULL)` lets Postgres 12+ skip the scan: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL */
function hasNotNullCheck(table: TableModel | undefined, column: string): boolean {
  const wanted = `${column} is not null`;
  return [...(table?.checkConstraints.values() ?? [])].some((check) => check.expression.replace(/["()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase() === wanted.toLowerCase());
}
