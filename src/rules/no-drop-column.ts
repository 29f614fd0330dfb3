import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { dropColumnSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase } from '../core/lock-text.js';
import { tableHeadSpan } from '../core/rule-spans.js';

export default defineRule({
  id: 'no-drop-column',
  description: 'Disallow dropping a column that the running app version still reads and writes.',
  recommended: true,
  checkSchema({ diff }) {
    const findings: Finding[] = [];
    for (const { after, droppedColumns } of diff.tables) {
      const span = tableHeadSpan(after);
      if (!span) continue;
      for (const column of droppedColumns) {
        findings.push({
          ruleId: 'no-drop-column',
          message:
            `Column \`${column.name}\` is gone from \`${after.name}\`: drizzle-kit will drop it, which takes ${lockPhrase('drop-column', after.name)}, ` +
            `deletes its data for good, and breaks the old app version still running during the rolling deploy, whose queries still select and insert \`${column.name}\`.`,
          help:
            `Drop \`${column.name}\` in two releases: 1. make sure \`${column.name}\` is nullable or has a database default, remove every use of it from the code and deploy that code without the \`DROP COLUMN\` migration; ` +
            `2. once no running version mentions \`${column.name}\`, generate and apply the migration that drops it, acknowledging it with ` +
            `\`// eslint-disable-next-line drizzle-migrations/no-drop-column -- ${column.name} unused since <release>\` above the table.`,
          span,
          sql: dropColumnSql(after, column),
          lock: lockOf('drop-column'),
        });
      }
    }
    return findings;
  },
});
