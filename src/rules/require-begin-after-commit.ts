import type { Finding } from '../core/finding.js';
import { defineRule, type MigrationRuleContext } from '../core/rule.js';
import { leadingKeyword, statementOnLine, transactionOf } from '../migration/sql-rule-helpers.js';
import type { MigrationStatement } from '../migration/statement-types.js';
import { commitLeftOpen, transactionControl } from '../migration/transaction-scopes.js';

const RULE = 'require-begin-after-commit';

// drizzle's migrator runs every pending migration, and inserts each one's record, in one transaction
// (drizzle-orm pg-core dialect `migrate`); a `COMMIT` ends it and Postgres autocommits what follows.
const rule = defineRule({
  id: RULE,
  description: "Require a migration that ends drizzle's migrate transaction with `COMMIT` to open a new one with `BEGIN`, so the rest of the run stays atomic.",
  recommended: false,
  checkMigration(context) {
    if (context.settings.migrationsRunOutsideTransaction) return [];
    const commit = commitLeftOpen(context.statements);
    if (!commit) return [];
    const noOpBegin = beginInsideTheRun(context, commit);
    const finding: Finding = {
      ruleId: RULE,
      message:
        `\`${leadingKeyword(commit)}\` ends drizzle's migrate transaction and the file opens no new one: it commits every earlier pending migration, and what follows ` +
        `(the rest of this file, drizzle's record of this migration, every later pending migration) commits statement by statement. ` +
        `If any of it fails, what ran before the failure stays applied but the failing migration stays unrecorded, so the next \`migrate\` runs that migration again from its first statement.` +
        (noOpBegin ? ` ${capitalized(statementOnLine(context.text, noOpBegin))} opened no transaction of its own: the migrator's was already open, so Postgres only warned.` : ''),
      help: noOpBegin
        ? `Remove ${statementOnLine(context.text, noOpBegin)} and this \`${leadingKeyword(commit)}\`: the migrator's transaction already makes the statements between them atomic, together with the rest of the run.`
        : 'Open the transaction again after the statements that must run outside it (a `CONCURRENTLY` build): end the file with `--> statement-breakpoint` and `BEGIN;`, as in ' +
          '`COMMIT;--> statement-breakpoint CREATE INDEX CONCURRENTLY …;--> statement-breakpoint BEGIN;`. If nothing needs to run outside it, remove the `COMMIT`.',
      span: { file: context.file, ...commit.span },
      sql: commit.text,
    };
    return [finding];
  },
});

export default rule;

/** A `BEGIN` that ran inside the migrator's own transaction and that this `COMMIT` was meant to close. */
function beginInsideTheRun(context: MigrationRuleContext, commit: MigrationStatement): MigrationStatement | undefined {
  let begin: MigrationStatement | undefined;
  for (const statement of context.statements) {
    if (statement === commit) return begin;
    const { scope } = transactionOf(context, statement);
    const control = transactionControl(statement);
    if (control === 'begin' && scope.kind === 'migrate-run' && !scope.begin) begin = statement;
    if (control === 'end' || control === 'end-and-chain') begin = undefined;
  }
  return undefined;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
