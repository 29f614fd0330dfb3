import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { quoteIdent, setNotNullSql, tableRef } from '../core/kit-sql.js';
import { failsWhen, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';

export default defineRule({
  id: 'no-set-not-null',
  description: 'Disallow adding `.notNull()` to an existing nullable column.',
  recommended: true,
  checkSchema({ diff, settings }) {
    const findings: Finding[] = [];
    for (const { after: table, changedColumns } of diff.tables) {
      for (const { after: column, notNullAdded } of changedColumns) {
        const span = notNullAdded && columnSpan(column, 'notNull', 'primaryKey');
        if (!span) continue;
        const check = `${table.name}_${column.name}_not_null`;
        const ref = tableRef(table);
        const col = quoteIdent(column.name);
        const skipNote = settings.postgresVersion >= 12 ? 'Postgres 12+ then skips the scan because the valid check proves it' : 'Postgres before 12 still scans, but no NULL can be found';
        findings.push({
          ruleId: 'no-set-not-null',
          message:
            `Adding \`.notNull()\` to \`${table.name}.${column.name}\` runs \`SET NOT NULL\`, which holds ${lockPhrase('set-not-null', table.name)}${workPhrase('set-not-null')}, ` +
            `so every query on \`${table.name}\` waits; it fails if ${failsWhen('set-not-null')}, and the old app version still running during the rolling deploy may still write NULL.`,
          help:
            `Make \`${column.name}\` required in steps, because drizzle's migrator runs all pending migrations in one transaction: ` +
            `1. deploy code that always writes \`${column.name}\` and backfill NULLs in batches outside the migration; ` +
            `2. in a custom migration (\`drizzle-kit generate --custom\`) add \`ALTER TABLE ${ref} ADD CONSTRAINT ${quoteIdent(check)} CHECK (${col} IS NOT NULL) NOT VALID;\`; ` +
            `3. in a LATER migration run \`ALTER TABLE ${ref} VALIDATE CONSTRAINT ${quoteIdent(check)};\` (\`${lockOf('validate-constraint')}\`, reads and writes continue); ` +
            `4. then add \`.notNull()\`: ${skipNote}; drop \`${check}\` afterwards.`,
          span,
          sql: setNotNullSql(table, column),
          lock: lockOf('set-not-null'),
        });
      }
    }
    return findings;
  },
});
