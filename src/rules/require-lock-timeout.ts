import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { recipeHelp } from '../migration/recipes.js';
import { relationLabel } from '../migration/sql-rule-helpers.js';
import type { ClauseKind, MigrationStatement } from '../migration/statement-types.js';

// A statement waiting for ACCESS EXCLUSIVE makes every later lock request on the table queue behind
// it, reads included; lock_timeout bounds the wait: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
export default defineRule({
  id: 'require-lock-timeout',
  description: 'Require `SET lock_timeout` before a statement that takes an `ACCESS EXCLUSIVE` lock on an existing table.',
  recommended: false,
  checkMigration({ file, statements, settings }) {
    const findings: Finding[] = [];
    let timeout: 'none' | 'session' | 'transaction' = 'none';
    // drizzle's migrator wraps the file in a transaction; a runner without one leaves each statement in autocommit.
    let inTransaction = !settings.migrationsRunOutsideTransaction;
    for (const statement of statements) {
      if (statement.kind === 'begin') inTransaction = true;
      timeout = nextTimeoutState(timeout, statement, inTransaction);
      if ((statement.kind === 'commit' || statement.kind === 'rollback') && settings.migrationsRunOutsideTransaction) inTransaction = false;
      if (timeout !== 'none' || statement.tableCreatedInFile) continue;
      const clause = statement.clauses.find((c) => c.table && takesAccessExclusive(c.kind));
      if (!clause?.table) continue;
      const table = relationLabel(clause.table);
      findings.push({
        ruleId: 'require-lock-timeout',
        message:
          `This statement needs an \`ACCESS EXCLUSIVE\` lock on \`${table}\` and no \`lock_timeout\` is set: while it waits behind any ` +
          `open transaction on \`${table}\`, every later query on \`${table}\`, reads included, queues behind it and the app stalls.`,
        help: settings.migrationsRunOutsideTransaction
          ? // Outside a transaction block `SET LOCAL` only warns and changes nothing: https://www.postgresql.org/docs/current/sql-set.html
            `Bound how long \`${table}\` can be blocked: your migrations run outside a transaction, so start the migration with \`SET lock_timeout = '5s';\` and end it with \`RESET lock_timeout;\` so the setting does not stay on a pooled connection; if it fails with SQLSTATE \`55P03\`, run it again later.`
          : recipeHelp(`Bound how long \`${table}\` can be blocked:`, 'lock-timeout', { table: clause.table.name, schema: clause.table.schema }),
        span: { file, ...clause.span },
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

/** `SET LOCAL` lasts until the transaction ends (and does nothing outside one); plain `SET` for the session. */
function nextTimeoutState(state: 'none' | 'session' | 'transaction', statement: MigrationStatement, inTransaction: boolean): 'none' | 'session' | 'transaction' {
  switch (statement.kind) {
    case 'set-lock-timeout':
      if (!statement.node.is_local) return 'session';
      return inTransaction ? 'transaction' : state;
    case 'reset-lock-timeout':
      return 'none';
    case 'commit':
    case 'rollback':
      return state === 'transaction' ? 'none' : state;
    default:
      return state;
  }
}
