import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { dropTableSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase } from '../core/lock-text.js';
import { fileStartSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { tableSwaps } from '../migration/table-swap.js';
import { relationKey } from '../migration/statements.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp } from '../migration/recipes.js';

const rule = defineRule({
  id: 'no-drop-table',
  description: 'Disallow dropping a table that the running app version still uses.',
  recommended: true,
  checkSchema({ diff, kit, primaryFile }) {
    return diff.droppedTables.map((table): Finding => {
      const label = table.schema && table.schema !== 'public' ? `${table.schema}.${table.name}` : table.name;
      const cascade = kit === '0.x' ? ' drizzle-kit 0.31 writes `DROP TABLE … CASCADE`, which also silently drops foreign keys and views that depend on it.' : '';
      return {
        ruleId: 'no-drop-table',
        message:
          `Table \`${label}\` is gone from the schema: drizzle-kit will drop it, which takes ${lockPhrase('drop-table', table.name)}, deletes all its rows for good, ` +
          `and breaks the old app version still running during the rolling deploy, whose queries still use \`${label}\`.${cascade}`,
        help: dropTableSteps(
          table.name,
          table.schema,
          kit === '0.x',
          "If the table was only moved to another schema file, make sure that file is listed in the drizzle config's `schema`. " +
            `When this is that last step, acknowledge it at the end of this file's first line with \`// eslint-disable-line drizzle-migrations/no-drop-table -- ${table.name} unused since <release>\`, and remove the comment after \`drizzle-kit generate\`.`,
        ),
        span: fileStartSpan(primaryFile),
        sql: dropTableSql(table, kit),
        lock: lockOf('drop-table'),
      };
    });
  },
  checkMigration(context) {
    const { copiedAway } = tableSwaps(context.statements);
    const hits = clausesOnExistingTables(context.statements, ['drop-table']).filter((hit) => !(hit.clause.table && copiedAway.has(relationKey(hit.clause.table))));
    return hits.map((hit) => {
      const label = relationLabel(hit.clause.table);
      const cascade = hit.clause.cascade ? ' `CASCADE` also silently drops foreign keys and views that depend on it.' : '';
      return sqlFinding(context, hit, {
        ruleId: 'no-drop-table',
        message:
          `\`DROP TABLE ${label}\` takes ${lockPhrase('drop-table', label)}, deletes all its rows for good, ` +
          `and breaks the old app version still running during the rolling deploy, whose queries still use \`${label}\`.${cascade}`,
        help: dropTableSteps(hit.clause.table?.name ?? label, hit.clause.table?.schema, hit.clause.cascade === true, 'When this migration is that last step, acknowledge it with `-- eslint-disable-next-line drizzle-migrations/no-drop-table -- <why>` above the statement.'),
        lock: lockOf('drop-table'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function dropTableSteps(table: string, schema: string | undefined, cascade: boolean, closing: string): string {
  const label = schema && schema !== 'public' ? `${schema}.${table}` : table;
  return recipeHelp(`Drop \`${label}\` in two releases, so no running app version still uses it:`, 'drop-table-two-releases', { table, schema, cascade }, closing);
}
