import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { addUniqueSql, quoteIdent, tableRef } from '../core/kit-sql.js';
import { failsWhen, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnList } from '../core/rule-spans.js';

export default defineRule({
  id: 'no-add-unique-constraint',
  description: 'Disallow adding a unique constraint on existing columns of an existing table.',
  recommended: true,
  checkSchema({ diff }) {
    const findings: Finding[] = [];
    for (const { before, after: table, addedUniqueConstraints } of diff.tables) {
      for (const unique of addedUniqueConstraints) {
        if (!unique.columns.every((c) => before.columns.has(c))) continue;
        const span = unique.source?.span ?? spanOfColumnUnique(table, unique.columns);
        if (!span) continue;
        const ref = tableRef(table);
        const name = quoteIdent(unique.name);
        const cols = unique.columns.map(quoteIdent).join(', ');
        findings.push({
          ruleId: 'no-add-unique-constraint',
          message:
            `Adding unique constraint \`${unique.name}\` on ${columnList(unique.columns)} of \`${table.name}\` builds its index under ${lockPhrase('add-unique-constraint', table.name)}${workPhrase('add-unique-constraint')}, ` +
            `so every query on \`${table.name}\` waits; it fails if ${failsWhen('add-unique-constraint')}.`,
          help:
            `Build the index first, outside drizzle's migrator (which runs all pending migrations in one transaction): 1. run \`CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${ref} (${cols});\`; ` +
            `2. generate the migration and replace its statement with \`ALTER TABLE ${ref} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name};\`, which only needs a brief lock.`,
          span,
          sql: addUniqueSql(table, unique),
          lock: lockOf('add-unique-constraint'),
        });
      }
    }
    return findings;
  },
});

function spanOfColumnUnique(table: import('../core/schema-model.js').TableModel, columns: string[]) {
  if (columns.length !== 1) return table.source?.name;
  const source = table.columns.get(columns[0])?.source;
  return source?.modifiers.unique ?? source?.property ?? table.source?.name;
}
