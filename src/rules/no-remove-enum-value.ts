import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { DrizzleKitLine, EnumModel, SchemaModel, TableModel, ColumnModel } from '../core/schema-model.js';
import { quoteIdent, tableRef } from '../core/kit-sql.js';
import { lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';

export default defineRule({
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
      const fails = change.removedValues.length ? ` It fails if a row still holds ${change.removedValues.map((v) => `\`${v}\``).join(' or ')}, and the old app version still running during the rolling deploy may still write it.` : '';
      findings.push({
        ruleId: 'no-remove-enum-value',
        message:
          `${what} makes drizzle-kit drop and re-create the type (Postgres cannot remove or reorder enum values) and convert ${used} through \`text\`: ` +
          `each conversion holds ${lockPhrase('alter-column-type-rewrite', users[0].table.name)}${workPhrase('alter-column-type-rewrite')}.${fails}`,
        help: change.removedValues.length
          ? `Keep ${change.removedValues.map((v) => `\`${v}\``).join(', ')} in \`${name}\` and retire ${change.removedValues.length > 1 ? 'them' : 'it'} in the app: 1. deploy code that no longer writes ${change.removedValues.length > 1 ? 'them' : 'it'}; ` +
            `2. update existing rows in batches outside the migration; 3. leave the value in the type (it costs nothing), or move to a new enum type with the add-column / backfill / switch / drop steps.`
          : `Keep the existing order of \`${name}\` and add new values at the end (or with a position; \`ADD VALUE\` takes only \`${lockOf('add-enum-value')}\`).`,
        span,
        sql: recreateEnumSql(change.after, users, kit),
        lock: lockOf('alter-column-type-rewrite'),
      });
    }
    return findings;
  },
});

interface EnumUse {
  table: TableModel;
  column: ColumnModel;
}

function columnsOfEnum(model: SchemaModel, enumModel: EnumModel): EnumUse[] {
  const uses: EnumUse[] = [];
  for (const table of model.tables.values()) {
    for (const column of table.columns.values()) {
      const base = column.type.replace(/(\[\])+$/, '').replace(/^"|"$/g, '');
      if (base === enumModel.name && (column.typeSchema ?? 'public') === (enumModel.schema || 'public')) uses.push({ table, column });
    }
  }
  return uses;
}

function recreateEnumSql(enumModel: EnumModel, uses: EnumUse[], kit: DrizzleKitLine): string {
  const type = kit === '0.x' || (enumModel.schema && enumModel.schema !== 'public') ? `${quoteIdent(enumModel.schema || 'public')}.${quoteIdent(enumModel.name)}` : quoteIdent(enumModel.name);
  const values = enumModel.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return [
    ...uses.map(({ table, column }) => `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DATA TYPE text;`),
    `DROP TYPE ${type};`,
    `CREATE TYPE ${type} AS ENUM(${values});`,
    ...uses.map(({ table, column }) => `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DATA TYPE ${type} USING ${quoteIdent(column.name)}::${type};`),
  ].join('\n');
}
