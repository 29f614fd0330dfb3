import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { setTypeSql } from '../core/kit-sql.js';
import { failsWhen, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import { keepsTableFile } from '../core/type-change.js';

export default defineRule({
  id: 'no-alter-column-type',
  description: 'Disallow column type changes that rewrite the table.',
  recommended: true,
  checkSchema({ diff, kit }) {
    const findings: Finding[] = [];
    for (const { after: table, changedColumns } of diff.tables) {
      for (const { before, after: column, typeChanged } of changedColumns) {
        if (!typeChanged) continue;
        const sameTypeSchema = (before.typeSchema ?? '') === (column.typeSchema ?? '');
        if (sameTypeSchema && !before.typeSchema && keepsTableFile(before.type, column.type)) continue;
        const span = columnSpan(column);
        if (!span) continue;
        const temp = `${column.name}_new`;
        findings.push({
          ruleId: 'no-alter-column-type',
          message:
            `Changing \`${table.name}.${column.name}\` from \`${before.type}\` to \`${column.type}\` holds ${lockPhrase('alter-column-type-rewrite', table.name)}${workPhrase('alter-column-type-rewrite')} and its indexes, ` +
            `so every query on \`${table.name}\` waits; it fails if ${failsWhen('alter-column-type-rewrite')}, and the old app version still running during the rolling deploy still reads and writes \`${before.type}\` values.`,
          help:
            `Change the type in steps: 1. add \`${temp}\` (\`${column.type}\`) beside \`${column.name}\`; 2. deploy code that writes both; 3. backfill \`${temp}\` in batches outside the migration; ` +
            `4. switch reads to \`${temp}\`; 5. drop \`${column.name}\` in a later release. ` +
            `Widening \`varchar\`, \`varchar\` to \`text\` and raising \`numeric\` precision at the same scale do not rewrite and are not reported.`,
          span,
          sql: setTypeSql(table, column, kit),
          lock: lockOf('alter-column-type-rewrite'),
        });
      }
    }
    return findings;
  },
});
