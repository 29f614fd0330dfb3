import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { SourceSpan, TableModel } from '../core/schema-model.js';
import { addCheckSql, addForeignKeySql, quoteIdent, tableRef } from '../core/kit-sql.js';
import { failsWhen, lockOf, workPhrase } from '../core/lock-text.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { columnList } from '../core/rule-spans.js';

const RULE = 'require-not-valid-constraint';

export default defineRule({
  id: RULE,
  description: 'Require foreign keys and check constraints added to existing tables to be added `NOT VALID` and validated later.',
  recommended: true,
  checkSchema({ diff, kit }) {
    const findings: Finding[] = [];
    for (const { after: table, addedForeignKeys, addedCheckConstraints } of diff.tables) {
      for (const fk of addedForeignKeys) {
        const span = fk.source?.span ?? columnModifierSpan(table, fk.columns, 'references');
        if (!span || fk.unknown?.target) continue;
        const sql = addForeignKeySql(table, fk, kit);
        const fact = LOCK_FACTS['add-foreign-key'];
        findings.push({
          ruleId: RULE,
          message:
            `Adding foreign key \`${fk.name}\` (${columnList(fk.columns)} → \`${fk.foreignTable}\`) to existing table \`${table.name}\` holds a \`${fact.lock}\` lock on \`${table.name}\` and on \`${fk.foreignTable}\`${workPhrase('add-foreign-key')}, ` +
            `so every insert, update and delete on both tables waits; it fails if ${failsWhen('add-foreign-key')}.`,
          help: notValidHelp(table, fk.name, sql),
          span,
          sql,
          lock: fact.lock,
        });
      }
      for (const check of addedCheckConstraints) {
        const span = check.source?.span ?? table.source?.name;
        if (!span) continue;
        const sql = addCheckSql(table, check.name, check.expression);
        findings.push({
          ruleId: RULE,
          message:
            `Adding check constraint \`${check.name}\` to existing table \`${table.name}\` holds a \`${lockOf('add-check')}\` lock${workPhrase('add-check')}, ` +
            `so every query on \`${table.name}\` waits; it fails if ${failsWhen('add-check')}.`,
          help: notValidHelp(table, check.name, sql),
          span,
          sql,
          lock: lockOf('add-check'),
        });
      }
    }
    return findings;
  },
});

function notValidHelp(table: TableModel, name: string, sql: string): string {
  return (
    `drizzle-kit never writes \`NOT VALID\`: 1. generate the migration and end its statement with \`NOT VALID\` (\`${sql.replace(/;$/, ' NOT VALID;')}\`), which skips the scan; ` +
    `2. in a LATER migration (drizzle's migrator runs all pending migrations in one transaction) run \`ALTER TABLE ${tableRef(table)} VALIDATE CONSTRAINT ${quoteIdent(name)};\`, ` +
    `which takes only \`${lockOf('validate-constraint')}\` so reads and writes continue.`
  );
}

function columnModifierSpan(table: TableModel, columns: string[], modifier: string): SourceSpan | undefined {
  const source = columns.length === 1 ? table.columns.get(columns[0])?.source : undefined;
  return source?.modifiers[modifier] ?? source?.property ?? table.source?.name;
}
