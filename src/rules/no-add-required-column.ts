import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { ColumnModel } from '../core/schema-model.js';
import { addColumnSql } from '../core/kit-sql.js';
import { failsWhen, lockOf } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

// serial types carry their own sequence default: https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL
const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

const rule = defineRule({
  id: 'no-add-required-column',
  description: 'Disallow adding a NOT NULL column without a database default to an existing table.',
  recommended: true,
  checkSchema({ diff, kit }) {
    const findings: Finding[] = [];
    for (const { after: table, addedColumns } of diff.tables) {
      for (const column of addedColumns) {
        const span = isRequiredWithoutDefault(column) && columnSpan(column, 'notNull', 'primaryKey');
        if (!span) continue;
        const appDefault = column.source?.modifiers.$defaultFn ?? column.source?.modifiers.$default;
        const appNote = appDefault ? ' `$defaultFn` runs in the app, so it is not a database default.' : '';
        findings.push({
          ruleId: 'no-add-required-column',
          message: requiredColumnMessage(column.name, table.name, appNote),
          help:
            `Give \`${column.name}\` a constant database default with \`.default(…)\` (Postgres 11+ adds it without rewriting the table), ` +
            `or add it in steps: 1. add \`${column.name}\` without \`.notNull()\`; 2. deploy code that writes it; 3. backfill existing rows in batches outside the migration; ` +
            `4. make it NOT NULL in a later release (see no-set-not-null).`,
          span,
          sql: addColumnSql(table, column, kit),
          lock: lockOf('add-column-not-null-no-default'),
        });
      }
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['add-column-not-null-no-default']).map((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = relationLabel(hit.clause.table);
      return sqlFinding(context, hit, {
        ruleId: 'no-add-required-column',
        message: requiredColumnMessage(column, table, ''),
        help:
          `Give \`${column}\` a constant \`DEFAULT\` in this statement (Postgres 11+ adds it without rewriting the table), ` +
          `or add it in steps: 1. add \`${column}\` without \`NOT NULL\`; 2. deploy code that writes it; 3. backfill existing rows in batches outside the migration; ` +
          `4. make it NOT NULL in a later release (see no-set-not-null).`,
        lock: lockOf('add-column-not-null-no-default'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function isRequiredWithoutDefault(column: ColumnModel): boolean {
  const unknown = column.unknown ?? {};
  if (!column.notNull || unknown.notNull || unknown.default || unknown.identity || unknown.generated || unknown.type) return false;
  return column.default === undefined && !column.identity && !column.generated && !SERIAL_TYPES.has(column.type.toLowerCase());
}

function requiredColumnMessage(column: string, table: string, note: string): string {
  return (
    `Adding required column \`${column}\` to \`${table}\` without a database default fails if ${failsWhen('add-column-not-null-no-default')}, ` +
    `and the old app version still running during the rolling deploy cannot insert into \`${table}\` because it does not send \`${column}\`.${note}`
  );
}
