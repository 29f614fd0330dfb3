import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { columnTypeSql, setTypeSql } from '../core/kit-sql.js';
import { failsSentence, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { recipeHelp, type RecipeNames } from '../migration/recipes.js';
import { columnSpan } from '../core/rule-spans.js';
import { keepsTableFile } from '../core/type-change.js';
import { otherTypeSchema } from '../core/schema-diff.js';
import { clausesOnExistingTables, sqlFinding, tableBefore } from '../migration/sql-rule-helpers.js';
import { columnKey, columnsInEnumRecreation } from '../migration/enum-recreation.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

const rule = defineRule({
  id: 'no-alter-column-type',
  description: 'Disallow column type changes that rewrite the table.',
  recommended: true,
  checkTable({ after: table, changedColumns }, { kit }) {
    const findings: Finding[] = [];
    for (const { before, after: column, typeChanged } of changedColumns) {
      if (!typeChanged) continue;
      const sameTypeSchema = !otherTypeSchema(before, column);
      if (sameTypeSchema && !before.typeSchema && keepsTableFile(before.type, column.type)) continue;
      const span = columnSpan(column);
      if (!span) continue;
      findings.push({
        ruleId: 'no-alter-column-type',
        message: `Changing \`${table.name}.${column.name}\` from \`${before.type}\` to \`${column.type}\` ${rewriteEffect(table.name, `\`${before.type}\` values`)}`,
        help: typeChangeSteps({ table: table.name, schema: table.schema, column: column.name, type: columnTypeSql(column, kit) }),
        span,
        sql: setTypeSql(table, column, kit),
        lock: lockOf('alter-column-type-rewrite'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    const inEnumRecreation = columnsInEnumRecreation(context.statements);
    return clausesOnExistingTables(context.statements, ['alter-column-type']).flatMap((hit) => {
      const { table, column, targetType } = hit.clause;
      if (!table || !column || !targetType || inEnumRecreation.has(columnKey(table, column))) return [];
      const old = tableBefore(context.before, table)?.columns.get(column);
      const to = unquoteType(targetType);
      // Without the old type, a target that some narrower type widens to may be a widening: stay quiet.
      if (old ? !old.typeSchema && keepsTableFile(old.type, to) : keepsTableFile(to, to)) return [];
      const from = old ? `from \`${old.type}\` ` : '';
      return [
        sqlFinding(context, hit, {
          ruleId: 'no-alter-column-type',
          message: `Changing \`${table.name}.${column}\` ${from}to \`${to}\` ${rewriteEffect(table.name, old ? `\`${old.type}\` values` : 'values of the old type')}`,
          help: typeChangeSteps({ table: table.name, schema: table.schema, column, type: targetType }),
          lock: lockOf('alter-column-type-rewrite'),
        }),
      ];
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function rewriteEffect(table: string, oldValues: string): string {
  return (
    `holds ${lockPhrase('alter-column-type-rewrite', table)}${workPhrase('alter-column-type-rewrite')} and its indexes, so every query on \`${table}\` waits, ` +
    `and the old app version still running during the rolling deploy still reads and writes ${oldValues}.${failsSentence('alter-column-type-rewrite')}`
  );
}

function typeChangeSteps(names: RecipeNames): string {
  return recipeHelp(
    `Change the type of \`${names.column}\` in steps, each deployed before the next:`,
    'expand-contract-change-type',
    { ...names, newColumn: `${names.column}_new` },
    'Widening `varchar`, `varchar` to `text` and raising `numeric` precision at the same scale do not rewrite and are not reported.',
  );
}

/** `"public"."status"` → `public.status`; drizzle-kit model types are written unquoted. */
function unquoteType(type: string): string {
  return type.replace(/"((?:[^"]|"")*)"/g, (_, name: string) => name.replace(/""/g, '"')).trim();
}
