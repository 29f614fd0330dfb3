import type { Finding } from '../core/finding.js';
import { defineRule, type MigrationRuleContext } from '../core/rule.js';
import type { IndexModel, TableModel } from '../core/schema-model.js';
import { createIndexSql, dropIndexSql, indexTargetSql } from '../core/kit-sql.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { aLock, lockOf, lockPhrase } from '../core/lock-text.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp } from '../migration/recipes.js';
import { relationLabel, statementOnLine, stringValues, transactionOf } from '../migration/sql-rule-helpers.js';
import { transactionControl, type StatementTransaction } from '../migration/transaction-scopes.js';
import type { MigrationStatement } from '../migration/statement-types.js';

const RULE = 'no-concurrent-index-in-transaction';
const IN_ONE_TRANSACTION = "drizzle's migrator runs all pending migrations in one transaction";
const OUTSIDE_TRANSACTION_SETTING =
  'If your migrations do not run in one transaction (custom runner, `neon-http`), set `settings["drizzle-migrations"].migrationsRunOutsideTransaction` to `true`.';

const rule = defineRule({
  id: RULE,
  description: "Disallow `.concurrently()` indexes that drizzle's migrator cannot run, and toggling `.concurrently()` on existing indexes.",
  recommended: true,
  checkSchema({ diff, kit, settings }) {
    const findings: Finding[] = [];
    if (!settings.migrationsRunOutsideTransaction && LOCK_FACTS['create-index-concurrently'].cannotRunInTransaction) {
      // A new table's index is created in the same migration, so it fails just the same.
      const check = (table: TableModel, index: IndexModel) => {
        const span = index.concurrently && (index.source?.modifiers.concurrently ?? index.source?.span);
        if (span) findings.push(inTransaction(table, index, kit, span));
      };
      for (const { after: table, addedIndexes } of diff.changedTables) for (const index of addedIndexes) check(table, index);
      for (const table of diff.addedTables) for (const index of table.indexes.values()) check(table, index);
    }
    if (kit === '0.x') {
      for (const { after: table, changedIndexes } of diff.changedTables) {
        for (const { before, after: index, concurrentlyToggled, definitionChanged } of changedIndexes) {
          const span = concurrentlyToggled && !definitionChanged && (index.source?.modifiers.concurrently ?? index.source?.span);
          if (span) findings.push(toggled(table, before, index, kit, span));
        }
      }
    }
    return findings;
  },
  checkMigration(context) {
    if (!LOCK_FACTS['create-index-concurrently'].cannotRunInTransaction) return [];
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const { node } = statement;
      const creates = statement.type === 'IndexStmt' && node.concurrent === true;
      const drops = statement.type === 'DropStmt' && node.removeType === 'OBJECT_INDEX' && node.concurrent === true;
      if (!creates && !drops) continue;
      const transaction = transactionOf(context, statement);
      if (transaction.scope.kind === 'none') continue;
      const verb = creates ? 'CREATE INDEX CONCURRENTLY' : 'DROP INDEX CONCURRENTLY';
      const target = creates ? ` on \`${relationLabel(statement.table)}\`` : '';
      findings.push({
        ruleId: RULE,
        message: `\`${verb}\`${target} cannot run inside a transaction block, ${insideWhich(context.text, transaction)}: ${whatFails(context, transaction)}`,
        help: transaction.scope.kind === 'migrate-run' && !transaction.endedBefore ? (creates ? createOutsideHelp(statement) : dropOutsideHelp(statement)) : aloneHelp(transaction, verb),
        span: { file: context.file, ...statement.span },
        sql: statement.text,
        lock: lockOf('create-index-concurrently'),
      });
    }
    return findings;
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function inTransaction(table: TableModel, index: IndexModel, kit: '0.x' | '1.x', span: Finding['span']): Finding {
  return {
    ruleId: RULE,
    message:
      `Index \`${index.name}\` on \`${table.name}\` uses \`.concurrently()\`, but drizzle's migrator runs all pending migrations in one transaction and Postgres refuses \`CREATE INDEX CONCURRENTLY\` inside a transaction block: ` +
      `the migration fails and every pending migration rolls back (drizzle-orm #860).`,
    help: recipeHelp(
      `Remove \`.concurrently()\` from \`${index.name}\` and build it outside the migrator, against each database:`,
      'create-index-concurrently',
      { table: table.name, schema: table.schema, index: index.name, unique: index.unique, indexTarget: indexTargetSql(table, index, kit) },
      OUTSIDE_TRANSACTION_SETTING,
    ),
    span,
    sql: createIndexSql(table, index, kit),
    lock: lockOf('create-index-concurrently'),
  };
}

function toggled(table: TableModel, before: IndexModel, index: IndexModel, kit: '0.x' | '1.x', span: Finding['span']): Finding {
  const change = index.concurrently ? 'Adding' : 'Removing';
  return {
    ruleId: RULE,
    message:
      `${change} \`.concurrently()\` on existing index \`${index.name}\` makes drizzle-kit 0.31 drop and re-create it: \`DROP INDEX\` holds ${lockPhrase('drop-index', table.name)}, ` +
      `queries on \`${table.name}\` lose the index until it is rebuilt, and the rebuild ${index.concurrently ? "cannot run in the migrator's transaction" : `holds ${aLock(lockOf('create-index'))} that blocks writes`}.`,
    help: `Restore \`.concurrently()\` to how it was (${before.concurrently ? 'present' : 'absent'}) on \`${index.name}\`: the flag only matters when an index is created, and drizzle-kit 1.x ignores the toggle.`,
    span,
    sql: `${dropIndexSql(index)}\n${createIndexSql(table, index, kit)}`,
    lock: lockOf('drop-index'),
  };
}

function createOutsideHelp(statement: MigrationStatement): string {
  const { node } = statement;
  const table = statement.table;
  const index = typeof node.idxname === 'string' ? node.idxname : `${table?.name ?? 'table'}_idx`;
  const target = /\bON\s+(?:ONLY\s+)?([\s\S]*)$/i.exec(statement.text)?.[1]?.trim();
  return recipeHelp(
    'Build the index outside the migrator, against each database:',
    'create-index-concurrently',
    { table: table?.name ?? 'table', schema: table?.schema, index, unique: node.unique === true, indexTarget: target },
    OUTSIDE_TRANSACTION_SETTING,
  );
}

function dropOutsideHelp(statement: MigrationStatement): string {
  const names = stringValues(statement.node.objects?.[0]?.List?.items);
  const index = names[names.length - 1] ?? 'index';
  return recipeHelp('Drop the index outside the migrator, against each database:', 'drop-index-concurrently', { table: '', schema: names.length > 1 ? names[0] : undefined, index }, OUTSIDE_TRANSACTION_SETTING);
}

function insideWhich(text: string, { scope }: StatementTransaction): string {
  const begin = scope.begin && statementOnLine(text, scope.begin);
  switch (scope.kind) {
    case 'implicit':
      return 'and no `--> statement-breakpoint` separates it from the statements around it, so they are sent as one query, which Postgres runs as one transaction block';
    case 'block':
      return `and it runs inside the block ${begin ?? 'a `BEGIN`'} opens`;
    default:
      return begin ? `and it runs inside the transaction ${begin} opens, which drizzle's migrator commits only at the end of the run` : `and ${IN_ONE_TRANSACTION}`;
  }
}

/** What is left applied when the statement fails: everything, or what a `COMMIT` earlier in the file already settled. */
function whatFails({ text, statements }: MigrationRuleContext, { scope, endedBefore }: StatementTransaction): string {
  if (!endedBefore && scope.kind !== 'migrate-run') return 'the migration fails at this statement and the block rolls back.';
  if (!endedBefore) return 'the migration fails and every pending migration rolls back (drizzle-orm #860).';
  const ended = statementOnLine(text, endedBefore);
  if (endedBefore.kind === 'rollback') return `the migration fails, after ${ended} undid every earlier pending migration of the run.`;
  return (
    `the migration fails after ${ended} committed every earlier pending migration${statements.some((s) => s.span.start < endedBefore.span.start && !transactionControl(s)) ? " and this file's statements above it" : ''}; ` +
    'drizzle has not recorded this migration, so the next `migrate` runs the file again from its first statement.'
  );
}

function aloneHelp({ scope }: StatementTransaction, verb: string): string {
  const alone = `Send \`${verb}\` as a query of its own, outside any transaction block`;
  if (scope.kind === 'implicit') return `${alone}: put \`--> statement-breakpoint\` right before and right after it.`;
  return `${alone}: end the transaction before it and open it again after it, each in its own chunk: \`COMMIT;--> statement-breakpoint\`, then the statement and \`--> statement-breakpoint\`, then \`BEGIN;\`.`;
}
