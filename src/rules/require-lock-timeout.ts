import type { Finding } from '../core/finding.js';
import { defineRule, type MigrationRuleContext } from '../core/rule.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { recipeHelp } from '../migration/recipes.js';
import { relationLabel, statementOnLine, transactionOf } from '../migration/sql-rule-helpers.js';
import type { ClauseKind, MigrationStatement } from '../migration/statement-types.js';
import type { StatementTransaction, TransactionScope } from '../migration/transaction-scopes.js';

// A statement waiting for ACCESS EXCLUSIVE makes every later lock request on the table queue behind
// it, reads included; lock_timeout bounds the wait: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
export default defineRule({
  id: 'require-lock-timeout',
  description: 'Require `SET lock_timeout` before a statement that takes an `ACCESS EXCLUSIVE` lock on an existing table.',
  recommended: false,
  checkMigration(context) {
    const findings: Finding[] = [];
    const timeout = new TimeoutState();
    for (const statement of context.statements) {
      const transaction = transactionOf(context, statement);
      timeout.apply(statement, transaction.scope);
      if (timeout.covers(transaction.scope) || statement.tableCreatedInFile) continue;
      const clause = statement.clauses.find((c) => c.table && takesAccessExclusive(c.kind));
      if (!clause?.table) continue;
      const table = relationLabel(clause.table);
      findings.push({
        ruleId: 'require-lock-timeout',
        message:
          `This statement needs an \`ACCESS EXCLUSIVE\` lock on \`${table}\` and no \`lock_timeout\` is set: while it waits behind any ` +
          `open transaction on \`${table}\`, every later query on \`${table}\`, reads included, queues behind it and the app stalls.`,
        help:
          transaction.scope.kind === 'none'
            ? // Outside a transaction block `SET LOCAL` only warns and changes nothing: https://www.postgresql.org/docs/current/sql-set.html
              `Bound how long \`${table}\` can be blocked: ${whyOutside(context, transaction)}, so start the migration with \`SET lock_timeout = '5s';\` and end it with \`RESET lock_timeout;\` so the setting does not stay on a pooled connection; if it fails with SQLSTATE \`55P03\`, run it again later.`
            : recipeHelp(`Bound how long \`${table}\` can be blocked:`, 'lock-timeout', { table: clause.table.name, schema: clause.table.schema }),
        span: { file: context.file, ...clause.span },
        sql: statement.text,
        lock: 'ACCESS EXCLUSIVE',
      });
    }
    return findings;
  },
});

function takesAccessExclusive(kind: ClauseKind): boolean {
  if (kind === 'alter-column-type') return true;
  const fact = (LOCK_FACTS as Partial<Record<string, { lock: string }>>)[kind];
  return fact?.lock === 'ACCESS EXCLUSIVE';
}

function whyOutside({ text, settings }: MigrationRuleContext, { endedBefore }: StatementTransaction): string {
  if (settings.migrationsRunOutsideTransaction || !endedBefore) return 'your migrations run outside a transaction';
  return `this statement runs outside a transaction, after ${statementOnLine(text, endedBefore)}`;
}

/**
 * The `lock_timeout` in effect: plain `SET` lasts for the session once its transaction commits (a
 * `ROLLBACK` undoes it); `SET LOCAL` lasts until its transaction ends and does nothing outside one.
 * https://www.postgresql.org/docs/current/sql-set.html
 */
class TimeoutState {
  /** The transaction a session-level `SET` ran in. */
  private session?: TransactionScope;
  private local?: TransactionScope;

  apply(statement: MigrationStatement, scope: TransactionScope): void {
    switch (statement.kind) {
      case 'set-lock-timeout':
        if (!statement.node.is_local) this.session = scope;
        else if (scope.kind !== 'none') this.local = scope;
        return;
      case 'reset-lock-timeout':
        this.session = this.local = undefined;
        return;
      case 'rollback':
        if (this.session === scope && scope.kind !== 'none') this.session = undefined;
        return;
    }
  }

  covers(scope: TransactionScope): boolean {
    return this.session !== undefined || (this.local !== undefined && this.local === scope);
  }
}
