import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { addColumnSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

// Volatile functions get evaluated per row, so Postgres 11+ cannot store one value in the catalog:
// https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES ; now()/CURRENT_TIMESTAMP are stable.
const VOLATILE_CALL = /\b(gen_random_uuid|uuid_generate_v[1-5]\w*|gen_random_bytes|random|clock_timestamp|timeofday|nextval|txid_current|uuidv[47])\s*\(/i;

function isVolatileDefault(sql: string): boolean {
  return VOLATILE_CALL.test(sql);
}

const rule = defineRule({
  id: 'no-volatile-default',
  description: 'Disallow adding a column with a volatile default (such as `gen_random_uuid()`) to an existing table.',
  recommended: true,
  checkSchema({ diff, kit }) {
    const findings: Finding[] = [];
    for (const { after: table, addedColumns } of diff.tables) {
      for (const column of addedColumns) {
        if (column.unknown?.default || column.default === undefined || !isVolatileDefault(column.default)) continue;
        const span = columnSpan(column, 'defaultRandom', 'default');
        if (!span) continue;
        findings.push({
          ruleId: 'no-volatile-default',
          message:
            `Adding column \`${column.name}\` to \`${table.name}\` with the volatile default \`${column.default}\` holds ${lockPhrase('add-column-volatile-default', table.name)}${workPhrase('add-column-volatile-default')} ` +
            `to give every existing row its own value, so every query on \`${table.name}\` waits.`,
          help: volatileSteps(column.name),
          span,
          sql: addColumnSql(table, column, kit),
          lock: lockOf('add-column-volatile-default'),
        });
      }
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['add-column-volatile-default']).map((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = relationLabel(hit.clause.table);
      const clauseText = context.text.slice(hit.clause.span.start, hit.clause.span.end);
      return sqlFinding(context, hit, {
        ruleId: 'no-volatile-default',
        message:
          `\`${clauseText}\` on \`${table}\` fills every existing row with its own value (a volatile default, an identity, a serial or a generated column), ` +
          `which holds ${lockPhrase('add-column-volatile-default', hit.clause.table?.name ?? table)}${workPhrase('add-column-volatile-default')}, so every query on \`${table}\` waits.`,
        help: volatileSteps(column),
        lock: lockOf('add-column-volatile-default'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function volatileSteps(column: string): string {
  return (
    `Add it in steps: 1. add \`${column}\` without the database default (an app-side \`.$defaultFn(…)\` is fine); ` +
    `2. backfill existing rows in batches outside the migration; 3. add the default in a later migration: \`SET DEFAULT\` only affects new rows and does not rewrite.`
  );
}
