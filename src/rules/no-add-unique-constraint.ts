import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { addUniqueSql, dropConstraintSql } from '../core/kit-sql.js';
import { failsSentence, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { recipeHelp } from '../migration/recipes.js';
import { FIXED_IN_THE_MIGRATION } from '../core/schema-help.js';
import { columnList } from '../core/rule-spans.js';
import { clausesOnExistingTables, columnsAddedBefore, relationLabel, sqlFinding, stringValues } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { isRequiredWithoutDefault } from '../core/required-column.js';

const rule = defineRule({
  id: 'no-add-unique-constraint',
  description: 'Disallow adding a unique constraint to an existing table.',
  recommended: true,
  checkTable({ after: table, addedColumns, addedUniqueConstraints, recreatedUniqueConstraints }) {
    const findings: Finding[] = [];
    for (const unique of addedUniqueConstraints) {
      // Not a renamed column: it keeps its rows (drizzle-kit 0.31 re-creates a constraint whose generated name follows it).
      const newColumns = unique.columns.filter((c) => addedColumns.some((column) => column.name === c));
      const added = newColumns.map((c) => table.columns.get(c));
      // A new NOT NULL column without a default already fails on a table with rows (no-add-required-column).
      if (added.some((c) => !c || isRequiredWithoutDefault(c))) continue;
      const span = unique.source?.span ?? spanOfColumnUnique(table, unique.columns);
      if (!span) continue;
      // drizzle-kit drops and re-adds a unique constraint whose columns change.
      const recreated = recreatedUniqueConstraints.some((pair) => pair.after === unique);
      // Only new nullable columns without a default: every row holds NULL, so no duplicates are possible.
      const cannotFail = newColumns.length === unique.columns.length && !unique.nullsNotDistinct && added.every((c) => c!.default === undefined && !c!.notNull);
      findings.push({
        ruleId: 'no-add-unique-constraint',
        message: uniqueMessage(unique.name, unique.columns, table.name, { recreated, newColumns, cannotFail }),
        help: `${uniqueSteps(table.schema, table.name, unique.name, unique.columns, newColumns)} ${FIXED_IN_THE_MIGRATION}`,
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
      const constraint = hit.statement.node.cmds?.[position]?.AlterTableCmd?.def?.Constraint;
      const columns = stringValues(constraint?.keys);
      if (!table) return [];
      const added = columnsAddedBefore(context.statements, hit.statement.index, table);
      const newColumns = columns.filter((c) => added.has(c));
      // Mirrors the schema rule: a new NOT NULL column without a default already fails on a table with rows.
      if (newColumns.some((c) => added.get(c) === 'add-column-not-null-no-default')) return [];
      const cannotFail = columns.length > 0 && !constraint?.nulls_not_distinct && columns.every((c) => added.get(c) === 'add-column-nullable');
      const name = hit.clause.constraint ?? `${table.name}_${columns.join('_')}_key`;
      return [
        sqlFinding(context, hit, {
          ruleId: 'no-add-unique-constraint',
          message: uniqueMessage(name, columns, relationLabel(table), { newColumns, cannotFail }),
          help: uniqueSteps(table.schema, table.name, name, columns, newColumns),
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

interface UniqueCase {
  recreated?: boolean;
  /** Columns the same change adds to the table. */
  newColumns?: string[];
  /** Every column is new, nullable and without a default: the build cannot meet a duplicate. */
  cannotFail?: boolean;
}

function uniqueMessage(name: string, columns: string[], table: string, { recreated = false, newColumns = [], cannotFail = false }: UniqueCase = {}): string {
  const operation = recreated
    ? `Re-creating unique constraint \`${name}\` with other columns makes drizzle-kit drop it and add it back on ${columnList(columns)} of \`${table}\`, which`
    : `Adding unique constraint \`${name}\` on ${columnList(columns)} of \`${table}\``;
  const newNote = newColumns.length > 0 ? ` (the new column${newColumns.length > 1 ? 's' : ''} ${columnList(newColumns)} included, since the index holds every existing row)` : '';
  return (
    `${operation} builds its index${newNote} under ${lockPhrase('add-unique-constraint', table)}${workPhrase('add-unique-constraint')}, ` +
    `so every query on \`${table}\` waits.${cannotFail ? '' : failsSentence('add-unique-constraint')}`
  );
}

function uniqueSteps(schema: string | undefined, table: string, constraint: string, columns: string[], newColumns: string[] = []): string {
  const build = "the index first, outside drizzle's migrator (which runs all pending migrations in one transaction), then let the constraint adopt it:";
  const intro = newColumns.length > 0 ? `First add ${columnList(newColumns)} without the unique constraint, generate that migration and deploy it. Then build ${build}` : `Build ${build}`;
  return recipeHelp(intro, 'unique-constraint-using-index', { table, schema, constraint, columns });
}
