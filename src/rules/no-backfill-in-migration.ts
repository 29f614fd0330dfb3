import type { Finding } from '../core/finding.js';
import { defineRule, type MigrationRuleContext } from '../core/rule.js';
import { lockOf } from '../core/lock-text.js';
import { recipeHelp } from '../migration/recipes.js';
import { relationLabel, statementOnLine, transactionOf } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { updateParts } from '../migration/update-parts.js';
import type { MigrationStatement } from '../migration/statement-types.js';

// Row locks taken by UPDATE/DELETE are held until the transaction ends:
// https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
const rule = defineRule({
  id: 'no-backfill-in-migration',
  description: 'Disallow `UPDATE` and `DELETE` of existing rows inside a migration, or as one constant statement in a `sql` template.',
  recommended: true,
  checkMigration: (context) => backfills(context, 'migration'),
  // In application code only a migration-style backfill counts: a constant statement (no `${…}` value) that
  // changes every matching row at once. `update … where id = ${id}` is an ordinary query.
  checkTypeScript: (context) => checkSqlTemplates(context, { checkMigration: (templateContext) => backfills(templateContext, 'template') }),
});

export default rule;

function backfills(context: MigrationRuleContext, where: 'migration' | 'template'): Finding[] {
  const { file, statements, text } = context;
  const findings: Finding[] = [];
  for (const statement of statements) {
    const clause = statement.clauses.find((c) => c.kind === 'update-rows' || c.kind === 'delete-rows');
    if (!clause?.table || statement.tableCreatedInFile) continue;
    if (where === 'template' && hasParameter(statement)) continue;
    const verb = clause.kind === 'update-rows' ? 'UPDATE' : 'DELETE';
    const table = relationLabel(clause.table);
    const rows = verb === 'UPDATE' ? 'updated' : 'deleted';
    // Without drizzle's one transaction around every pending migration, a row is held as long as its statement's transaction.
    const { scope } = transactionOf(context, statement);
    const begin = scope.begin && statementOnLine(text, scope.begin);
    const end = scope.kind === 'block' && scope.end && statementOnLine(text, scope.end);
    findings.push({
      ruleId: 'no-backfill-in-migration',
      message:
        where === 'migration' && scope.kind === 'migrate-run'
          ? `\`${verb}\` of existing rows of \`${table}\` in a migration: ${begin ? `it runs in the transaction ${begin} opens, which drizzle's migrator commits only at the end of the run` : "drizzle's migrator runs every pending migration in one transaction"}, ` +
            `so each ${rows} row stays locked until the whole migrate run commits, ` +
            `and the app's writes to those rows wait for the entire deploy step.`
          : `\`${verb}\` of every matching row of \`${table}\` in one statement: each ${rows} row stays locked until ${end || "the statement's transaction commits"}, ` +
            `so on a large table the app's writes to those rows wait for the whole backfill.`,
      help: batchHelp(
        where === 'migration'
          ? `Move the ${verb === 'UPDATE' ? 'backfill' : 'clean-up'} of \`${table}\` out of the migration and run it after the migration is applied:`
          : `Run the ${verb === 'UPDATE' ? 'backfill' : 'clean-up'} of \`${table}\` in small batches instead, each in its own transaction:`,
        statement,
        { table: clause.table.name, schema: clause.table.schema },
      ),
      span: { file, ...clause.span },
      sql: statement.text,
      lock: lockOf('update-rows'),
    });
  }
  return findings;
}

/**
 * The batched form of this very statement: its own assignments, and its own condition narrowed to the rows
 * the update has yet to change, so the repeat ends. Otherwise a key walk, described.
 */
function batchHelp(lead: string, statement: MigrationStatement, names: { table: string; schema?: string }): string {
  if (statement.type === 'DeleteStmt') {
    return recipeHelp(lead, 'batched-delete', names, 'Put the `WHERE` condition of this `DELETE` in place of `<condition>`, and your primary key in place of `id`.');
  }
  const parts = updateParts(statement);
  if (parts?.pending) {
    const condition = parts.condition ? `(${parts.condition}) AND (${parts.pending})` : parts.pending;
    return recipeHelp(lead, 'batched-update', { ...names, assignments: parts.assignments, condition }, 'Put your primary key in place of `id` if it is another column.');
  }
  return (
    `${lead} run it in its own transactions (autocommit \`psql\` or a script), a range of keys at a time: ` +
    `add \`"id" > <last id> AND "id" <= <last id> + 1000\` to its \`WHERE\` (with your primary key for \`id\`), and advance \`<last id>\` until it passes the largest key, ` +
    `so each batch holds its row locks only briefly. Repeating the statement until it updates 0 rows would not end here: the values it assigns ${parts ? 'are computed, or read the columns it assigns' : 'come from other tables or a `WITH`'}.`
  );
}

/** A `${…}` value in the statement (a `$n` parameter): an ordinary query, not a backfill. */
function hasParameter(statement: MigrationStatement): boolean {
  return JSON.stringify(statement.node).includes('"ParamRef"');
}

