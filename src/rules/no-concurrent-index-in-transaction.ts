import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { IndexModel, TableModel } from '../core/schema-model.js';
import { createIndexSql, dropIndexSql } from '../core/kit-sql.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { lockOf, lockPhrase } from '../core/lock-text.js';

const RULE = 'no-concurrent-index-in-transaction';

export default defineRule({
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
});

function inTransaction(table: TableModel, index: IndexModel, kit: '0.x' | '1.x', span: Finding['span']): Finding {
  return {
    ruleId: RULE,
    message:
      `Index \`${index.name}\` on \`${table.name}\` uses \`.concurrently()\`, but drizzle's migrator runs all pending migrations in one transaction and Postgres refuses \`CREATE INDEX CONCURRENTLY\` inside a transaction block: ` +
      `the migration fails and every pending migration rolls back (drizzle-orm #860).`,
    help:
      `Remove \`.concurrently()\` and build \`${index.name}\` outside the migrator: 1. run \`${createIndexSql(table, index, kit).replace('CONCURRENTLY ', 'CONCURRENTLY IF NOT EXISTS ')}\` against each database; ` +
      `2. generate the migration and change its statement to \`CREATE INDEX IF NOT EXISTS\`. ` +
      `If your migrations do not run in one transaction (custom runner, \`neon-http\`), set \`settings["drizzle-migrations"].migrationsRunOutsideTransaction\` to \`true\`.`,
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
