import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { lockOf } from '../core/lock-text.js';
import { recipeHelp } from '../migration/recipes.js';

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
        help: recipeHelp(
          `Move the ${verb === 'UPDATE' ? 'backfill' : 'clean-up'} of \`${table}\` out of the migration and run it after the migration is applied:`,
          verb === 'UPDATE' ? 'batched-backfill' : 'batched-delete',
          { table, schema: clause.table.schema, newColumn: updatedColumn(statement.node) },
          verb === 'UPDATE'
            ? 'Put the value this `UPDATE` assigns in place of `<value>`, and your primary key in place of `id`.'
            : 'Put the `WHERE` condition of this `DELETE` in place of `<condition>`, and your primary key in place of `id`.',
        ),
        span: { file, ...clause.span },
        sql: statement.text,
        lock: lockOf('update-rows'),
      });
    }
    return findings;
  },
});

/** First column an `UPDATE … SET` assigns. */
function updatedColumn(node: { targetList?: Array<{ ResTarget?: { name?: string } }> }): string | undefined {
  const name = node.targetList?.[0]?.ResTarget?.name;
  return typeof name === 'string' ? name : undefined;
}
