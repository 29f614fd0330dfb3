import type { Finding, Suggestion } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { ColumnRename } from '../core/schema-diff.js';
import type { TableModel } from '../core/schema-model.js';
import { addColumnSql, columnTypeSql, dropColumnSql, renameColumnSql } from '../core/kit-sql.js';
import { failsWhen, lockOf, lockPhrase } from '../core/lock-text.js';
import { isRequiredWithoutDefault } from '../core/required-column.js';
import { columnSpan } from '../core/rule-spans.js';
import { clausesOnExistingTables, relationLabel, sqlFinding, tableBefore } from '../migration/sql-rule-helpers.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { recipeHelp, type RecipeNames } from '../migration/recipes.js';

// Modifiers that must not be copied onto the kept old column: they would create a second constraint.
const NOT_COPIED = ['unique', 'primaryKey', 'references', 'generatedAlwaysAsIdentity', 'generatedByDefaultAsIdentity'];

const rule = defineRule({
  id: 'no-rename-column',
  description: 'Disallow renaming a column while the running app version still uses the old name.',
  recommended: true,
  hasSuggestions: true,
  checkSchema({ diff, kit, sourceText }) {
    const findings: Finding[] = [];
    for (const { after: table, renamedColumns } of diff.changedTables) {
      for (const rename of renamedColumns) {
        const span = columnSpan(rename.after);
        if (!span) continue;
        const from = rename.before.name;
        const to = rename.after.name;
        const head = rename.sameKey
          ? `Renaming column \`${from}\` of \`${table.name}\` to \`${to}\``
          : `Column \`${from}\` is gone from \`${table.name}\` and \`${to}\` is new, so drizzle-kit will ask whether \`${to}\` is created or renamed. A rename`;
        const suggestion = sourceText && keepOldColumnSuggestion(rename, table, sourceText);
        const lost = kit === '0.x' ? changesLostByRename(rename) : undefined;
        const addFails = isRequiredWithoutDefault(rename.after) ? `, and adding \`${to}\` as \`NOT NULL\` without a default fails if ${failsWhen('add-column-not-null-no-default')}.` : '.';
        findings.push({
          ruleId: 'no-rename-column',
          message:
            `${head} (\`RENAME COLUMN\`) holds ${lockPhrase('rename-column', table.name)} and breaks the old app version still running during the rolling deploy, whose queries still use \`${from}\`; ` +
            `answering "create" instead drops \`${from}\` and its data${addFails}` +
            (lost ? ` Answered "rename", drizzle-kit 0.31 writes the \`RENAME COLUMN\` alone: the ${lost} made with it goes into the snapshot but never reaches the database (drizzle-orm #3826).` : ''),
          help:
            (lost ? `Rename in one \`drizzle-kit generate\` and make the ${lost} in the next, so that each is written. ` : '') +
            renameSteps(
              { table: table.name, schema: table.schema, column: from, newColumn: to, type: columnTypeSql(rename.after, kit) },
              `To rename only in code, keep the database name: give the new key the explicit name \`'${from}'\`.`,
            ),
          span,
          suggestions: suggestion ? [suggestion] : undefined,
          sql: rename.sameKey
            ? renameColumnSql(table, from, to)
            : `${renameColumnSql(table, from, to)}\n-- or, answering "create":\n${addColumnSql(table, rename.after, kit)}\n${dropColumnSql(table, rename.before)}`,
          lock: lockOf('rename-column'),
        });
      }
    }
    return findings;
  },
  checkMigration(context) {
    return clausesOnExistingTables(context.statements, ['rename-column']).map((hit) => {
      const table = relationLabel(hit.clause.table);
      const from = hit.clause.column ?? 'the column';
      const to = hit.clause.newName ?? 'the new name';
      return sqlFinding(context, hit, {
        ruleId: 'no-rename-column',
        message:
          `\`RENAME COLUMN ${from} TO ${to}\` on \`${table}\` holds ${lockPhrase('rename-column', table)} ` +
          `and breaks the old app version still running during the rolling deploy, whose queries still use \`${from}\`.`,
        help: renameSteps(
          { table: hit.clause.table?.name ?? table, schema: hit.clause.table?.schema, column: from, newColumn: to, type: tableBefore(context.before, hit.clause.table)?.columns.get(from)?.type ?? `<type of ${from}>` },
          `To rename only in code, keep the database name \`${from}\` and drop this statement.`,
        ),
        lock: lockOf('rename-column'),
      });
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

/** "type change to `bigint` and `NOT NULL`": what a rename carries besides the name, in words. */
function changesLostByRename({ change }: ColumnRename): string | undefined {
  if (!change) return undefined;
  const parts = [
    change.typeChanged ? `type change to \`${change.after.type}\`` : '',
    change.notNullAdded ? '`NOT NULL`' : change.notNullDropped ? 'dropped `NOT NULL`' : '',
    change.defaultChanged ? (change.after.default === undefined ? 'dropped default' : `default \`${change.after.default}\``) : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** Inserts the old column (same builder and modifiers, old database name) just above the new one. */
function keepOldColumnSuggestion(rename: ColumnRename, table: TableModel, sourceText: (file: string) => string | undefined): Suggestion | undefined {
  const source = rename.after.source;
  const text = source && sourceText(source.property.file);
  if (!source || text === undefined || source.builder.start < source.property.start || source.builder.end > source.property.end) return undefined;
  const builder = withColumnName(text.slice(source.builder.start, source.builder.end), rename.before.name);
  if (!builder) return undefined;
  const modifiers = Object.entries(source.modifiers)
    .filter(([name, span]) => !NOT_COPIED.includes(name) && span.start >= source.builder.end && span.end <= source.property.end)
    .sort((a, b) => a[1].start - b[1].start)
    .map(([, span]) => text.slice(span.start, span.end))
    .map((call) => (call.startsWith('.') ? call : `.${call}`));
  const lineStart = text.lastIndexOf('\n', source.property.start - 1) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart, source.property.start))![0];
  const key = propertyKey(rename, table);
  return {
    title: `Keep \`${rename.before.name}\` and add \`${rename.after.name}\` beside it`,
    edits: [{ file: source.property.file, start: source.property.start, end: source.property.start, text: `${key}: ${builder}${modifiers.join('')},\n${indent}` }],
  };
}

/** `text('full_name')` → `text('name')`; `varchar({ length: 9 })` → `varchar('name', { length: 9 })`. */
function withColumnName(builder: string, name: string): string | undefined {
  const literal = `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const named = /^([\w$.]+\s*\(\s*)(['"`])(?:\\.|(?!\2).)*\2/s.exec(builder);
  if (named) return named[1] + literal + builder.slice(named[0].length);
  const call = /^([\w$.]+\s*\(\s*)/.exec(builder);
  if (!call) return undefined;
  const rest = builder.slice(call[0].length);
  return call[1] + literal + (rest.startsWith(')') ? '' : ', ') + rest;
}

function propertyKey(rename: ColumnRename, table: TableModel): string {
  const keyIsName = rename.after.source?.key === rename.after.name;
  let key = keyIsName ? rename.before.name : rename.before.name.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  const taken = new Set([...table.columns.values()].map((c) => c.source?.key));
  while (taken.has(key)) key = `${key}Old`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
}

function renameSteps(names: RecipeNames, closing: string): string {
  return recipeHelp(`Rename \`${names.column}\` to \`${names.newColumn}\` in steps, each deployed before the next:`, 'expand-contract-rename-column', names, closing);
}
