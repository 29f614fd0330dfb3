import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';

// Row locks taken by UPDATE/DELETE are held until the transaction ends:
// https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
export default defineRule({
  id: 'no-backfill-in-migration',
  description: 'Disallow `UPDATE` and `DELETE` of existing rows inside a migration.',
  recommended: true,
  checkMigration({ file, statements }) {
    const findings: Finding[] = [];
    for (const statement of statements) {
      const clause = statement.clauses.find((c) => c.kind === 'update-rows' || c.kind === 'delete-rows');
      if (!clause?.table || statement.tableCreatedInFile) continue;
      const verb = clause.kind === 'update-rows' ? 'UPDATE' : 'DELETE';
      const table = clause.table.name;
      findings.push({
        ruleId: 'no-backfill-in-migration',
        message:
          `\`${verb}\` of existing rows of \`${table}\` in a migration: drizzle's migrator runs every pending migration in one transaction, ` +
          `so each ${verb === 'UPDATE' ? 'updated' : 'deleted'} row stays locked until the whole migrate run commits, ` +
          `and the app's writes to those rows wait for the entire deploy step.`,
        help:
          `Move the ${verb === 'UPDATE' ? 'backfill' : 'clean-up'} of \`${table}\` out of the migrator: run it after the migration in batches ` +
          `(for example 1,000 rows per statement by primary key), each batch in its own transaction, from a script or a job.`,
        span: { file, ...clause.span },
        sql: statement.text,
        lock: 'ROW EXCLUSIVE',
      });
    }
    return findings;
  },
});
