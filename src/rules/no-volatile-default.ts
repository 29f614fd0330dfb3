import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { addColumnSql, columnTypeSql, quoteIdent } from '../core/kit-sql.js';
import { lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { columnSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding, tableBefore } from '../migration/sql-rule-helpers.js';
import { rowFiller, serialBaseType } from '../migration/column-default.js';
import type { PgNode } from '../migration/parse-sql.js';
import type { MigrationStatement } from '../migration/statement-types.js';
import type { TableModel } from '../core/schema-model.js';
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
      const def = addedColumnDef(hit.statement, column);
      const filler = def ? rowFiller(def) : 'default';
      const names: RecipeNames = { table: hit.clause.table?.name ?? table, schema: hit.clause.table?.schema, column, ...typeAndDefault(clauseText) };
      const primaryKey = /\bPRIMARY\s+KEY\b/i.test(clauseText);
      // The batches need a key that already holds a value, not the column being added: the table's primary key
      // from the snapshot before, else the row's physical address, which every table has.
      const key = primaryKeyBefore(tableBefore(context.before, hit.clause.table), column) ?? 'ctid';
      const required = /\bNOT\s+NULL\b/i.test(clauseText) || primaryKey;
      return sqlFinding(context, hit, {
        ruleId: 'no-volatile-default',
        message:
          `\`${clauseText}\` on \`${table}\` fills every existing row with its own value (a volatile default, an identity, a serial or a generated column), ` +
          `which holds ${lockPhrase('add-column-volatile-default', table)}${workPhrase('add-column-volatile-default')}, so every query on \`${table}\` waits.`,
        help:
          filler === 'generated'
            ? generatedHelp(column, names.type)
            : filler === 'default'
              ? volatileSteps({ ...names, key }, required, primaryKey)
              : sequenceSteps({ ...names, key, type: filler === 'serial' ? serialBaseType(def!) : names.type ?? 'bigint' }, filler, required, primaryKey),
        lock: lockOf('add-column-volatile-default'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function volatileSteps(names: RecipeNames, required: boolean, primaryKey = false): string {
  return recipeHelp(`Add \`${names.column}\` in steps, each deployed before the next:`, 'volatile-default-in-steps', names, requiredClosing(names.column!, required, primaryKey));
}

function requiredClosing(column: string, required: boolean, primaryKey: boolean): string {
  const notNull = `make \`${column}\` required with the steps \`no-set-not-null\` gives (a \`NOT VALID\` check, validated in a later run, then \`SET NOT NULL\`)`;
  if (primaryKey) return `Then ${notNull}, build a unique index on it with \`CREATE UNIQUE INDEX CONCURRENTLY\`, and make that index the primary key with \`ADD PRIMARY KEY USING INDEX\` (brief lock, no scan).`;
  return required ? `Then ${notNull}.` : '';
}

/** A serial or identity column: a plain column with a sequence default, the existing rows numbered in batches. */
function sequenceSteps(names: RecipeNames, filler: 'serial' | 'identity', required: boolean, primaryKey: boolean): string {
  const qualified = (name: string) => (names.schema && names.schema !== 'public' ? `${quoteIdent(names.schema)}.${quoteIdent(name)}` : quoteIdent(name));
  const table = qualified(names.table);
  const sequence = qualified(`${names.table}_${names.column}_seq`);
  // Quoted inside the literal too: `nextval('Name')` would look the lower-cased name up.
  const nextval = `nextval('${sequence.replace(/'/g, "''")}')`;
  const column = quoteIdent(names.column!);
  const key = quoteIdent(names.key ?? 'id');
  const what = filler === 'serial' ? 'a `serial`' : 'an identity';
  return (
    `Add \`${names.column}\` in steps, each deployed before the next: ` +
    `1. Add it as a plain \`${names.type}\` column with its own sequence as the default (in the schema, a default of \`${nextval}\` instead of ${what}), and put in the migration ` +
    `\`ALTER TABLE ${table} ADD COLUMN ${column} ${names.type};\`, \`CREATE SEQUENCE ${sequence} OWNED BY ${table}.${column};\` and ` +
    `\`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${nextval};\`: no rewrite, and new rows get their numbers at once. ` +
    `2. Number the existing rows outside the migrator, in batches: repeat \`UPDATE ${table} SET ${column} = ${nextval} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${column} IS NULL LIMIT 1000)\` in its own transaction until it updates 0 rows.` +
    (required || primaryKey ? ` ${requiredClosing(names.column!, required, primaryKey)}` : '')
  );
}

/** A stored generated column: Postgres computes it for every row when it is added; nothing avoids that. */
function generatedHelp(column: string, type: string | undefined): string {
  return (
    `Postgres computes a stored generated column for every existing row when it is added, and there is no way around that rewrite. ` +
    `Add \`${column}\` as a plain ${type ? `\`${type}\` ` : ''}column instead, keep it up to date from the app or a trigger, and fill the existing rows in batches outside the migrator; ` +
    `or, on a small table, acknowledge it with \`-- eslint-disable-next-line drizzle-migrations/no-volatile-default -- small table\`.`
  );
}

/** The `ColumnDef` an `ALTER TABLE … ADD COLUMN` clause adds. */
function addedColumnDef(statement: MigrationStatement, column: string): PgNode | undefined {
  for (const command of (statement.node.cmds ?? []) as PgNode[]) {
    const def = command.AlterTableCmd?.subtype === 'AT_AddColumn' ? command.AlterTableCmd.def?.ColumnDef : undefined;
    if (def?.colname === column) return def;
  }
  return undefined;
}

/** The table's single-column primary key before the migration, unless it is the column being added. */
function primaryKeyBefore(table: TableModel | undefined, added: string): string | undefined {
  if (!table) return undefined;
  const columns = table.primaryKey?.columns ?? [...table.columns.values()].filter((c) => c.primaryKey).map((c) => c.name);
  return columns.length === 1 && columns[0] !== added ? columns[0] : undefined;
}

/** `ADD COLUMN "token" uuid DEFAULT gen_random_uuid() NOT NULL` → type `uuid`, value `gen_random_uuid()`. */
function typeAndDefault(clause: string): Pick<RecipeNames, 'type' | 'value'> {
  const rest = clause.replace(/^ADD\s+(COLUMN\s+)?(IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")*"|\S+)\s+/i, '');
  const type = /^(.*?)(?=\s+(DEFAULT|GENERATED|NOT\s+NULL|NULL|PRIMARY|UNIQUE|REFERENCES|CONSTRAINT|CHECK)\b|$)/is.exec(rest)?.[1]?.trim();
  const value = /\bDEFAULT\s+(.+?)(?=\s+(NOT\s+NULL|NULL|PRIMARY|UNIQUE|REFERENCES|CONSTRAINT|CHECK|GENERATED)\b|$)/is.exec(rest)?.[1]?.trim();
  return { type: type || undefined, value: value ?? '<default>' };
}
