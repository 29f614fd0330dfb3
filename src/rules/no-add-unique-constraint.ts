import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { addUniqueSql, dropConstraintSql } from '../core/kit-sql.js';
import { failsSentence, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { recipeHelp } from '../migration/recipes.js';
import { FIXED_IN_THE_MIGRATION } from '../core/schema-help.js';
import { columnList } from '../core/rule-spans.js';
import { clausesOnExistingTables, columnsAddedBefore, sqlFinding, stringValues } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

const rule = defineRule({
  id: 'no-add-unique-constraint',
  description: 'Disallow adding a unique constraint on existing columns of an existing table.',
  recommended: true,
  checkTable({ before, after: table, addedUniqueConstraints, recreatedUniqueConstraints }) {
    const findings: Finding[] = [];
    for (const unique of addedUniqueConstraints) {
      if (!unique.columns.every((c) => before.columns.has(c))) continue;
      const span = unique.source?.span ?? spanOfColumnUnique(table, unique.columns);
      if (!span) continue;
      // drizzle-kit drops and re-adds a unique constraint whose columns change.
      const recreated = recreatedUniqueConstraints.some((pair) => pair.after === unique);
      findings.push({
        ruleId: 'no-add-unique-constraint',
        message: uniqueMessage(unique.name, unique.columns, table.name, recreated),
        help: `${uniqueSteps(table.schema, table.name, unique.name, unique.columns)} ${FIXED_IN_THE_MIGRATION}`,
        span,
        sql: recreated ? `${dropConstraintSql(table, unique.name)}\n${addUniqueSql(table, unique)}` : addUniqueSql(table, unique),
        lock: lockOf('add-unique-constraint'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['add-unique-constraint']).flatMap((hit) => {
      const table = hit.clause.table;
      const position = hit.statement.clauses.indexOf(hit.clause);
      const columns = stringValues(hit.statement.node.cmds?.[position]?.AlterTableCmd?.def?.Constraint?.keys);
      const added = columnsAddedBefore(context.statements, hit.statement.index, table);
      // Mirrors the schema rule: a constraint only on columns added by this migration is not reported.
      if (!table || (columns.length > 0 && columns.every((c) => added.has(c)))) return [];
      const name = hit.clause.constraint ?? `${table.name}_${columns.join('_')}_key`;
      return [
        sqlFinding(context, hit, {
          ruleId: 'no-add-unique-constraint',
          message: uniqueMessage(name, columns, table.name),
          help: uniqueSteps(table.schema, table.name, name, columns),
          lock: lockOf('add-unique-constraint'),
        }),
      ];
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function spanOfColumnUnique(table: import('../core/schema-model.js').TableModel, columns: string[]) {
  if (columns.length !== 1) return table.source?.name;
  const source = table.columns.get(columns[0])?.source;
  return source?.modifiers.unique ?? source?.property ?? table.source?.name;
}

function uniqueMessage(name: string, columns: string[], table: string, recreated = false): string {
  const operation = recreated
    ? `Re-creating unique constraint \`${name}\` with other columns makes drizzle-kit drop it and add it back on ${columnList(columns)} of \`${table}\`, which`
    : `Adding unique constraint \`${name}\` on ${columnList(columns)} of \`${table}\``;
  return (
    `${operation} builds its index under ${lockPhrase('add-unique-constraint', table)}${workPhrase('add-unique-constraint')}, ` +
    `so every query on \`${table}\` waits.${failsSentence('add-unique-constraint')}`
  );
}

function uniqueSteps(schema: string | undefined, table: string, constraint: string, columns: string[]): string {
  return recipeHelp(
    "Build the index first, outside drizzle's migrator (which runs all pending migrations in one transaction), then let the constraint adopt it:",
    'unique-constraint-using-index',
    { table, schema, constraint, columns },
  );
}
