import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { DrizzleKitLine, EnumModel, SchemaModel, TableModel, ColumnModel } from '../core/schema-model.js';
import { enumRef, quoteIdent, renameEnumSql, tableRef } from '../core/kit-sql.js';
import { lockPhrase, lockOf, workPhrase } from '../core/lock-text.js';
import { recipeHelp } from '../migration/recipes.js';
import { tableKey } from '../core/schema-model.js';
import { isColumnOfEnum } from '../core/enum-diff.js';
import { enumRecreations } from '../migration/enum-recreation.js';
import { relationLabel } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import type { MigrationStatement } from '../migration/statement-types.js';

const rule = defineRule({
  id: 'no-remove-enum-value',
  description: 'Disallow removing or reordering values of an enum that existing columns use.',
  recommended: true,
  checkSchema({ diff, before, kit }) {
    const findings: Finding[] = [];
    for (const change of diff.changedEnums) {
      if (!change.removedValues.length && !change.reordered) continue;
      const users = columnsOfEnum(before, change.before);
      const span = change.after.source?.values ?? change.after.source?.declaration;
      if (!users.length || !span) continue;
      const name = change.after.name;
      const used = users.map(({ table, column }) => `\`${table.name}.${column.name}\``).join(', ');
      const what = change.removedValues.length
        ? `Removing ${change.removedValues.map((v) => `\`${v}\``).join(', ')} from enum \`${name}\``
        : `Reordering the values of enum \`${name}\``;
      const fails = removedFails(change.removedValues);
      findings.push({
        ruleId: 'no-remove-enum-value',
        message:
          `${what} makes drizzle-kit drop and re-create the type (Postgres cannot remove or reorder enum values) and convert ${used} through \`text\`: ` +
          `each conversion holds ${lockPhrase('alter-column-type-rewrite', users[0].table.name)}${workPhrase('alter-column-type-rewrite')}.${fails}`,
        help: change.removedValues.length
          ? keepValuesSteps(name, change.removedValues, users.map(({ table, column }) => ({ table: table.name, schema: table.schema, column: column.name })))
          : keepOrderHelp(name, change.after.schema, change.after.values.filter((v) => !change.before.values.includes(v))),
        span,
        sql: [renameEnumSql(change.before, change.after, kit), recreateEnumSql(change.after, users, kit)].filter(Boolean).join('\n'),
        lock: lockOf('alter-column-type-rewrite'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    const findings: Finding[] = [];
    for (const recreation of enumRecreations(context.statements)) {
      const { type, retired, values } = recreation;
      const old = context.before?.enum(tableKey(type.schema, type.name));
      const removed = old ? old.values.filter((v) => !values.includes(v)) : [];
      const reordered = old !== undefined && removed.length === 0 && values.filter((v) => old.values.includes(v)).join('\0') !== old.values.join('\0');
      if (old && removed.length === 0 && !reordered) continue;
      // No column is converted: none uses the type any more (`DROP TYPE` without `CASCADE` would fail otherwise), so no row is touched.
      if (recreation.convertedColumns.length === 0 && recreation.retired.node.behavior !== 'DROP_CASCADE') continue;
      if (recreation.convertedColumns.length === 0) {
        findings.push(cascadeFinding(context.file, type.name, recreation.retired));
        continue;
      }
      const users = recreation.convertedColumns.map(({ table, column }) => `\`${relationLabel(table)}.${column}\``);
      const what = removed.length
        ? `Removing ${list(removed)} from enum \`${type.name}\``
        : reordered
          ? `Reordering the values of enum \`${type.name}\``
          : `Re-creating enum \`${type.name}\``;
      findings.push({
        ruleId: 'no-remove-enum-value',
        message:
          `${what} by dropping and re-creating the type (Postgres cannot remove or reorder enum values) converts ${users.join(', ')} through \`text\`: ` +
          `each conversion holds ${lockPhrase('alter-column-type-rewrite', relationLabel(recreation.convertedColumns[0].table))}${workPhrase('alter-column-type-rewrite')}.${removedFails(removed)}`,
        help: removed.length
          ? keepValuesSteps(type.name, removed, recreation.convertedColumns.map(({ table, column }) => ({ table: table.name, schema: table.schema, column })))
          : keepOrderHelp(type.name, type.schema, old ? values.filter((v) => !old.values.includes(v)) : []),
        span: { file: context.file, ...retired.span },
        sql: retired.text,
        lock: lockOf('alter-column-type-rewrite'),
      });
    }
    return findings;
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

interface EnumUse {
  table: TableModel;
  column: ColumnModel;
}

function columnsOfEnum(model: SchemaModel, enumModel: EnumModel): EnumUse[] {
  const uses: EnumUse[] = [];
  for (const table of model.tables.values()) for (const column of table.columns.values()) if (isColumnOfEnum(column, enumModel)) uses.push({ table, column });
  return uses;
}

function recreateEnumSql(enumModel: EnumModel, uses: EnumUse[], kit: DrizzleKitLine): string {
  const type = enumRef(enumModel, kit);
  const values = enumModel.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return [
    ...uses.map(({ table, column }) => `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DATA TYPE text;`),
    `DROP TYPE ${type};`,
    `CREATE TYPE ${type} AS ENUM(${values});`,
    ...uses.map(({ table, column }) => `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DATA TYPE ${type} USING ${quoteIdent(column.name)}::${type};`),
  ].join('\n');
}

function cascadeFinding(file: string, type: string, retired: MigrationStatement): Finding {
  return {
    ruleId: 'no-remove-enum-value',
    message:
      `\`DROP TYPE … CASCADE\` on enum \`${type}\` drops every column still of that type, with its data, before the type is re-created: ` +
      `the old app version still running during the rolling deploy fails on those columns.`,
    help: `Convert each column of \`${type}\` to the new type in this migration (\`ALTER COLUMN … SET DATA TYPE text\` before the \`DROP TYPE\`, then \`SET DATA TYPE … USING\` after the \`CREATE TYPE\`), and drop the type without \`CASCADE\`, so a column left over fails the migration instead of losing its data.`,
    span: { file, ...retired.span },
    sql: retired.text,
  };
}

function list(values: string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

function removedFails(removed: string[]): string {
  return removed.length ? ` It fails if a row still holds ${removed.map((v) => `\`${v}\``).join(' or ')}, and the old app version still running during the rolling deploy may still write it.` : '';
}

interface EnumColumn {
  table: string;
  schema?: string;
  column: string;
}

function keepValuesSteps(name: string, removed: string[], columns: EnumColumn[]): string {
  const first = columns[0] ?? { table: 'table', column: 'column' };
  const others = [...removed.slice(1).map((v) => `\`${v}\``), ...columns.slice(1).map((c) => `\`${c.table}.${c.column}\``)];
  return recipeHelp(
    `Keep ${list(removed)} in \`${name}\` and retire ${removed.length > 1 ? 'them' : 'it'} in the app instead:`,
    'retire-enum-value',
    { ...first, enumName: name, enumValue: removed[0], replacement: '<replacement>' },
    others.length ? `Repeat steps 1 and 2 for ${others.join(', ')}.` : '',
  );
}

function keepOrderHelp(name: string, schema: string | undefined, added: string[]): string {
  return recipeHelp(
    `Keep the existing order of \`${name}\`: Postgres can only add values, and \`ADD VALUE\` rewrites nothing.`,
    'add-enum-value',
    { table: '', schema: schema || 'public', enumName: name, enumValue: added[0] ?? '<new value>' },
  );
}
