import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { IndexModel, TableModel } from '../core/schema-model.js';
import { createIndexSql, indexTargetSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { clausesOnExistingTables, relationLabel, sqlFinding, transactionOf } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp, type RecipeNames } from '../migration/recipes.js';
import { FIXED_IN_THE_MIGRATION } from '../core/schema-help.js';

const rule = defineRule({
  id: 'require-concurrent-index',
  description: 'Require new indexes on existing tables to be built without blocking writes.',
  recommended: true,
  hasSuggestions: true,
  checkTable({ after: table, addedIndexes, changedIndexes }, { kit, settings }) {
    const findings: Finding[] = [];
    const check = (index: IndexModel) => {
      if (index.concurrently || !index.source) return;
      findings.push({
        ruleId: 'require-concurrent-index',
        message: indexMessage(index.name, table.name),
        help: settings.migrationsRunOutsideTransaction
          ? `Add \`.concurrently()\` to \`${index.name}\` so drizzle-kit writes \`CREATE INDEX CONCURRENTLY\` (\`${lockOf('create-index-concurrently')}\`, writes continue).`
          : outOfBandHelp(table, index, kit),
        span: index.source.span,
        suggestions: settings.migrationsRunOutsideTransaction
          ? [{ title: 'Add `.concurrently()`', edits: [{ file: index.source.span.file, start: index.source.span.end, end: index.source.span.end, text: '.concurrently()' }] }]
          : undefined,
        sql: createIndexSql(table, index, kit),
        lock: lockOf('create-index'),
      });
    };
    for (const index of addedIndexes) check(index);
    for (const change of changedIndexes) if (change.definitionChanged) check(change.after);
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['create-index']).map((hit) => {
      const table = relationLabel(hit.clause.table);
      const index = hit.clause.index ?? 'the index';
      const target = /\bON\s+(?:ONLY\s+)?([\s\S]*)$/i.exec(hit.statement.text)?.[1]?.trim();
      const names = { table: hit.clause.table?.name ?? table, schema: hit.clause.table?.schema, index, unique: hit.statement.node.unique === true, indexTarget: target };
      return sqlFinding(context, hit, {
        ruleId: 'require-concurrent-index',
        message: indexMessage(index, table),
        // After a `COMMIT` in the file (or under another runner) the statement already runs outside a transaction block.
        help: transactionOf(context, hit.statement).scope.kind === 'none'
          ? `Write \`CREATE INDEX CONCURRENTLY\` (\`${lockOf('create-index-concurrently')}\`, writes continue).`
          : outOfBandSteps(names, '--'),
        lock: lockOf('create-index'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function outOfBandHelp(table: TableModel, index: IndexModel, kit: '0.x' | '1.x'): string {
  return `${outOfBandSteps({ table: table.name, schema: table.schema, index: index.name, unique: index.unique, indexTarget: indexTargetSql(table, index, kit) }, '//')} ${FIXED_IN_THE_MIGRATION}`;
}

function indexMessage(index: string, table: string): string {
  return (
    `Creating index \`${index}\` on existing table \`${table}\` without \`CONCURRENTLY\` holds ${lockPhrase('create-index', table)}${workPhrase('create-index')}, ` +
    `so every write from the running app waits until the index is built.`
  );
}

function outOfBandSteps(names: RecipeNames, comment: '//' | '--'): string {
  const label = names.schema && names.schema !== 'public' ? `${names.schema}.${names.table}` : names.table;
  return recipeHelp(
    "drizzle's migrator runs all pending migrations in one transaction, where `CONCURRENTLY` cannot run (drizzle-orm #860), so build the index outside it, against each database:",
    'create-index-concurrently',
    names,
    `On a small \`${label}\` table, acknowledge with \`${comment} eslint-disable-next-line drizzle-migrations/require-concurrent-index -- small table\` instead.`,
  );
}
