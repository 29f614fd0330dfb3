import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { renameTableSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase } from '../core/lock-text.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { tableSwaps } from '../migration/table-swap.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp } from '../migration/recipes.js';

const rule = defineRule({
  id: 'no-rename-table',
  description: 'Disallow renaming a table while the running app version still queries the old name.',
  recommended: true,
  checkSchema({ diff, kit }) {
    const findings: Finding[] = [];
    for (const { before, after } of diff.renamedTables) {
      if (!after.source) continue;
      const from = qualified(before.schema, before.name);
      const to = qualified(after.schema, after.name);
      const crashes = kit === '0.x' && diff.changedTables.some((t) => t.before === before && t.after === after && t.changedColumns.length > 0);
      findings.push({
        ruleId: 'no-rename-table',
        message:
          `Table \`${from}\` is now declared as \`${to}\` with the same columns: drizzle-kit will ask whether it is renamed. ` +
          `\`RENAME\` takes ${lockPhrase('rename-table', before.name)}, and the old app version still running during the rolling deploy keeps querying \`${from}\`, which no longer exists; answering "create" instead drops \`${from}\` and its rows.` +
          (crashes
            ? ` Answered "rename", drizzle-kit 0.31 stops with \`TypeError: Cannot read properties of undefined (reading 'columns')\` and writes no migration, because columns of the table changed too (drizzle-orm #3539).`
            : ''),
        help:
          (crashes ? `Rename the table in one \`drizzle-kit generate\` and change its columns in the next. ` : '') +
          renameTableSteps(before.name, before.schema, after.name, kit === '0.x', `To rename only in code, keep the database name: \`pgTable('${before.name}', …)\` under the new export name.`),
        span: after.source.name,
        sql: renameTableSql(before, after),
        lock: lockOf('rename-table'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    const swaps = tableSwaps(context.statements);
    const hits = clausesOnExistingTables(context.statements, ['rename-table']).filter((hit) => !swaps.renames.has(hit.clause));
    return hits.map((hit) => {
      const from = relationLabel(hit.clause.table);
      const to = hit.clause.newName ?? 'the new name';
      return sqlFinding(context, hit, {
        ruleId: 'no-rename-table',
        message:
          `\`ALTER TABLE ${from} RENAME TO ${to}\` takes ${lockPhrase('rename-table', from)}, ` +
          `and the old app version still running during the rolling deploy keeps querying \`${from}\`, which no longer exists.`,
        help: renameTableSteps(hit.clause.table?.name ?? from, hit.clause.table?.schema, to, true, `To rename only in code, keep the database name \`${from}\` and drop this statement.`),
        lock: lockOf('rename-table'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function qualified(schema: string, name: string): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

function renameTableSteps(table: string, schema: string | undefined, newTable: string, cascade: boolean, inCodeOnly: string): string {
  return recipeHelp(`${inCodeOnly} To rename it in the database, go in steps, each deployed before the next:`, 'expand-contract-rename-table', { table, schema, newTable, cascade });
}
