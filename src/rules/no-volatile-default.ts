import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { addColumnSql, columnTypeSql } from '../core/kit-sql.js';
import { lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp, type RecipeNames } from '../migration/recipes.js';

// Volatile functions get evaluated per row, so Postgres 11+ cannot store one value in the catalog:
// https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES ; now()/CURRENT_TIMESTAMP are stable.
const VOLATILE_CALL = /\b(gen_random_uuid|uuid_generate_v[1-5]\w*|gen_random_bytes|random|clock_timestamp|timeofday|nextval|txid_current|uuidv[47])\s*\(/i;

function isVolatileDefault(sql: string): boolean {
  return VOLATILE_CALL.test(sql);
}

const rule = defineRule({
  id: 'no-volatile-default',
  description: 'Disallow adding a column with a volatile default (such as `gen_random_uuid()`) to an existing table.',
  recommended: true,
  checkTable({ after: table, addedColumns }, { kit }) {
    const findings: Finding[] = [];
    for (const column of addedColumns) {
      if (column.unknown?.default || column.default === undefined || !isVolatileDefault(column.default)) continue;
      const span = columnSpan(column, 'defaultRandom', 'default');
      if (!span) continue;
      findings.push({
        ruleId: 'no-volatile-default',
        message:
          `Adding column \`${column.name}\` to \`${table.name}\` with the volatile default \`${column.default}\` holds ${lockPhrase('add-column-volatile-default', table.name)}${workPhrase('add-column-volatile-default')} ` +
          `to give every existing row its own value, so every query on \`${table.name}\` waits.`,
        help: volatileSteps({ table: table.name, schema: table.schema, column: column.name, type: columnTypeSql(column, kit), value: column.default }, column.notNull),
        span,
        sql: addColumnSql(table, column, kit),
        lock: lockOf('add-column-volatile-default'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['add-column-volatile-default']).map((hit) => {
      const column = hit.clause.column ?? 'the column';
      const table = relationLabel(hit.clause.table);
      const clauseText = context.text.slice(hit.clause.span.start, hit.clause.span.end);
      return sqlFinding(context, hit, {
        ruleId: 'no-volatile-default',
        message:
          `\`${clauseText}\` on \`${table}\` fills every existing row with its own value (a volatile default, an identity, a serial or a generated column), ` +
          `which holds ${lockPhrase('add-column-volatile-default', hit.clause.table?.name ?? table)}${workPhrase('add-column-volatile-default')}, so every query on \`${table}\` waits.`,
        help: volatileSteps({ table: hit.clause.table?.name ?? table, schema: hit.clause.table?.schema, column, ...typeAndDefault(clauseText) }, /\bNOT\s+NULL\b/i.test(clauseText)),
        lock: lockOf('add-column-volatile-default'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function volatileSteps(names: RecipeNames, required: boolean): string {
  return recipeHelp(
    `Add \`${names.column}\` in steps, each deployed before the next:`,
    'volatile-default-in-steps',
    names,
    required ? `Then make \`${names.column}\` required with the steps \`no-set-not-null\` gives (a \`NOT VALID\` check, validated in a later run, then \`SET NOT NULL\`).` : '',
  );
}

/** `ADD COLUMN "token" uuid DEFAULT gen_random_uuid() NOT NULL` → type `uuid`, value `gen_random_uuid()`. */
function typeAndDefault(clause: string): Pick<RecipeNames, 'type' | 'value'> {
  const rest = clause.replace(/^ADD\s+(COLUMN\s+)?(IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")*"|\S+)\s+/i, '');
  const type = /^(.*?)(?=\s+(DEFAULT|GENERATED|NOT\s+NULL|NULL|PRIMARY|UNIQUE|REFERENCES|CONSTRAINT|CHECK)\b|$)/is.exec(rest)?.[1]?.trim();
  const value = /\bDEFAULT\s+(.+?)(?=\s+(NOT\s+NULL|NULL|PRIMARY|UNIQUE|REFERENCES|CONSTRAINT|CHECK|GENERATED)\b|$)/is.exec(rest)?.[1]?.trim();
  return { type: type || undefined, value: value ?? '<default>' };
}
