import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { quoteIdent, setNotNullSql, tableRef } from '../core/kit-sql.js';
import { failsWhen, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import type { TableModel } from '../core/schema-model.js';
import { clausesOnExistingTables, sqlFinding, tableBefore } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

const rule = defineRule({
  id: 'no-set-not-null',
  description: 'Disallow adding `.notNull()` to an existing nullable column.',
  recommended: true,
  checkSchema({ diff, settings }) {
    const findings: Finding[] = [];
    for (const { after: table, changedColumns } of diff.tables) {
      for (const { after: column, notNullAdded } of changedColumns) {
        const span = notNullAdded && columnSpan(column, 'notNull', 'primaryKey');
        if (!span) continue;
        const ref = tableRef(table);
        findings.push({
          ruleId: 'no-set-not-null',
          message:
            `Adding \`.notNull()\` to \`${table.name}.${column.name}\` runs \`SET NOT NULL\`, which holds ${lockPhrase('set-not-null', table.name)}${workPhrase('set-not-null')}, ` +
            `so every query on \`${table.name}\` waits; it fails if ${failsWhen('set-not-null')}, and the old app version still running during the rolling deploy may still write NULL.`,
          help: notNullSteps(ref, table.name, column.name, settings.postgresVersion, 'add `.notNull()`'),
          span,
          sql: setNotNullSql(table, column),
          lock: lockOf('set-not-null'),
        });
      }
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['set-not-null']).flatMap((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = hit.clause.table?.name ?? 'the table';
      if (context.settings.postgresVersion >= 12 && hasNotNullCheck(tableBefore(context.before, hit.clause.table), column)) return [];
      const ref = hit.clause.table ? tableRef({ schema: hit.clause.table.schema ?? 'public', name: table }) : quoteIdent(table);
      return [
        sqlFinding(context, hit, {
          ruleId: 'no-set-not-null',
          message:
            `\`SET NOT NULL\` on \`${table}.${column}\` holds ${lockPhrase('set-not-null', table)}${workPhrase('set-not-null')}, ` +
            `so every query on \`${table}\` waits; it fails if ${failsWhen('set-not-null')}, and the old app version still running during the rolling deploy may still write NULL.`,
          help: notNullSteps(ref, table, column, context.settings.postgresVersion, 'run `SET NOT NULL`'),
          lock: lockOf('set-not-null'),
        }),
      ];
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function notNullSteps(ref: string, table: string, column: string, postgresVersion: number, lastStep: string): string {
  const check = `${table}_${column}_not_null`;
  const skipNote = postgresVersion >= 12 ? 'Postgres 12+ then skips the scan because the valid check proves it' : 'Postgres before 12 still scans, but no NULL can be found';
  return (
    `Make \`${column}\` required in steps, because drizzle's migrator runs all pending migrations in one transaction: ` +
    `1. deploy code that always writes \`${column}\` and backfill NULLs in batches outside the migration; ` +
    `2. in a custom migration (\`drizzle-kit generate --custom\`) add \`ALTER TABLE ${ref} ADD CONSTRAINT ${quoteIdent(check)} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID;\`; ` +
    `3. in a LATER migration run \`ALTER TABLE ${ref} VALIDATE CONSTRAINT ${quoteIdent(check)};\` (\`${lockOf('validate-constraint')}\`, reads and writes continue); ` +
    `4. then ${lastStep}: ${skipNote}; drop \`${check}\` afterwards.`
  );
}

/** A validated `CHECK (col IS NOT NULL)` lets Postgres 12+ skip the scan: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL */
function hasNotNullCheck(table: TableModel | undefined, column: string): boolean {
  const wanted = `${column} is not null`;
  return [...(table?.checkConstraints.values() ?? [])].some((check) => check.expression.replace(/["()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase() === wanted.toLowerCase());
}
