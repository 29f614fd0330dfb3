import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { IndexModel, TableModel } from '../core/schema-model.js';
import { createIndexSql, dropIndexSql } from '../core/kit-sql.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { lockOf, lockPhrase } from '../core/lock-text.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

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
      const created = [
        ...diff.tables.flatMap((t) => t.addedIndexes.map((index) => ({ table: t.after, index }))),
        ...diff.addedTables.flatMap((table) => [...table.indexes.values()].map((index) => ({ table, index }))),
      ];
      for (const { table, index } of created) {
        const span = index.concurrently && (index.source?.modifiers.concurrently ?? index.source?.span);
        if (span) findings.push(inTransaction(table, index, kit, span));
      }
    }
    if (kit === '0.x') {
      for (const { after: table, changedIndexes } of diff.tables) {
        for (const { before, after: index, concurrentlyToggled, definitionChanged } of changedIndexes) {
          const span = concurrentlyToggled && !definitionChanged && (index.source?.modifiers.concurrently ?? index.source?.span);
          if (span) findings.push(toggled(table, before, index, kit, span));
        }
      }
    }
    return findings;
  },
  checkMigration(context) {
    if (context.settings.migrationsRunOutsideTransaction || !LOCK_FACTS['create-index-concurrently'].cannotRunInTransaction) return [];
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const { node } = statement;
      const creates = statement.type === 'IndexStmt' && node.concurrent === true;
      const drops = statement.type === 'DropStmt' && node.removeType === 'OBJECT_INDEX' && node.concurrent === true;
      if (!creates && !drops) continue;
      const verb = creates ? 'CREATE INDEX CONCURRENTLY' : 'DROP INDEX CONCURRENTLY';
      const plain = statement.text.replace(/\s+CONCURRENTLY\b/i, '');
      const outside = creates ? statement.text.replace(/\bCONCURRENTLY\s+(IF\s+NOT\s+EXISTS\s+)?/i, 'CONCURRENTLY IF NOT EXISTS ') : statement.text;
      findings.push({
        ruleId: RULE,
        message: `\`${verb}\` cannot run inside a transaction block, and ${IN_ONE_TRANSACTION}: the migration fails and every pending migration rolls back (drizzle-orm #860).`,
        help:
          `Run it outside the migrator: 1. run \`${outside};\` against each database; 2. change this statement to \`${plain.replace(/^(CREATE\s+(UNIQUE\s+)?INDEX\s+)(IF\s+NOT\s+EXISTS\s+)?/i, '$1IF NOT EXISTS ').replace(/^(DROP\s+INDEX\s+)(IF\s+EXISTS\s+)?/i, '$1IF EXISTS ')};\`. ${OUTSIDE_TRANSACTION_SETTING}`,
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
    help:
      `Remove \`.concurrently()\` and build \`${index.name}\` outside the migrator: 1. run \`${createIndexSql(table, index, kit).replace('CONCURRENTLY ', 'CONCURRENTLY IF NOT EXISTS ')}\` against each database; ` +
      `2. generate the migration and change its statement to \`CREATE INDEX IF NOT EXISTS\`. ${OUTSIDE_TRANSACTION_SETTING}`,
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
      `queries on \`${table.name}\` lose the index until it is rebuilt, and the rebuild ${index.concurrently ? 'cannot run in the migrator\'s transaction' : `holds a \`${lockOf('create-index')}\` lock that blocks writes`}.`,
    help: `Restore \`.concurrently()\` to how it was (${before.concurrently ? 'present' : 'absent'}) on \`${index.name}\`: the flag only matters when an index is created, and drizzle-kit 1.x ignores the toggle.`,
    span,
    sql: `${dropIndexSql(index)}\n${createIndexSql(table, index, kit)}`,
    lock: lockOf('drop-index'),
  };
}
