import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { columnTypeSql, convertThroughTextSql, renameEnumSql, replaceEnumSql, setTypeSql } from '../core/kit-sql.js';
import { failsSentence, lockOf, lockPhrase, workPhrase } from '../core/lock-text.js';
import { recipeHelp, type RecipeNames } from '../migration/recipes.js';
import { columnSpan } from '../core/rule-spans.js';
import { keepsTableFile, parseType } from '../core/type-change.js';
import { columnChangesWritten, otherTypeSchema } from '../core/schema-diff.js';
import { enumRenameOf, type EnumRename } from '../core/enum-diff.js';
import type { ColumnModel, DrizzleKitLine, SourceSpan, TableModel } from '../core/schema-model.js';
import { clausesOnExistingTables, relationLabel, sqlFinding, tableBefore } from '../migration/sql-rule-helpers.js';
import { columnKey, columnsInEnumRecreation, renamesEnum, replacesEnum } from '../migration/enum-recreation.js';
import type { MigrationStatement } from '../migration/statement-types.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';
import { elementType } from '../core/array-type.js';

const rule = defineRule({
  id: 'no-alter-column-type',
  description: 'Disallow column type changes that rewrite the table.',
  recommended: true,
  checkTable(tableDiff, { kit, renamedEnums }) {
    const table = tableDiff.after;
    const findings: Finding[] = [];
    for (const { before, after: column, typeChanged } of columnChangesWritten(tableDiff, kit)) {
      if (!typeChanged) continue;
      const sameTypeSchema = !otherTypeSchema(before, column);
      if (sameTypeSchema && !before.typeSchema && keepsTableFile(before.type, column.type)) continue;
      const span = columnSpan(column);
      if (!span) continue;
      const enumRename = enumRenameOf(renamedEnums, before, column);
      // Values removed or reordered: both answers convert the column, and no-remove-enum-value reports that.
      if (enumRename?.recreated) continue;
      if (enumRename) {
        findings.push(enumRenameFinding(table, column, enumRename, kit, span));
        continue;
      }
      findings.push({
        ruleId: 'no-alter-column-type',
        message: `Changing \`${table.name}.${column.name}\` from \`${before.type}\` to \`${column.type}\` ${rewriteEffect(table.name, `\`${before.type}\` values`, { from: before.type, to: column.type })}`,
        help: typeChangeSteps({ table: table.name, schema: table.schema, column: column.name, type: columnTypeSql(column, kit) }),
        span,
        sql: setTypeSql(table, column, kit),
        lock: lockOf('alter-column-type-rewrite'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    const inEnumRecreation = columnsInEnumRecreation(context.statements);
    return clausesOnExistingTables(context.statements, ['alter-column-type']).flatMap((hit) => {
      const { table, column, targetType } = hit.clause;
      if (!table || !column || !targetType || inEnumRecreation.has(columnKey(table, column))) return [];
      const old = tableBefore(context.before, table)?.columns.get(column);
      const to = unquoteType(targetType);
      // Without the old type, a target that some narrower type widens to may be a widening: stay quiet.
      if (old ? !old.typeSchema && keepsTableFile(old.type, to) : keepsTableFile(to, to)) return [];
      const from = old ? `from \`${old.type}\` ` : '';
      return [
        sqlFinding(context, hit, {
          ruleId: 'no-alter-column-type',
          message: `Changing \`${relationLabel(table)}.${column}\` ${from}to \`${to}\` ${rewriteEffect(relationLabel(table), old ? `\`${old.type}\` values` : 'values of the old type', old && { from: old.type, to })}`,
          help: migrationHelp(context.statements, { table: table.name, schema: table.schema, column, type: targetType }, to, old),
          lock: lockOf('alter-column-type-rewrite'),
        }),
      ];
    });
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function rewriteEffect(table: string, oldValues: string, types?: { from: string; to: string }): string {
  return (
    `holds ${lockPhrase('alter-column-type-rewrite', table)}${workPhrase('alter-column-type-rewrite')} and its indexes, so every query on \`${table}\` waits, ` +
    `and the old app version still running during the rolling deploy still reads and writes ${oldValues}.${failsSentence('alter-column-type-rewrite')}` +
    (types && isTimeZoneSwitch(types.from, types.to) ? ' Between `timestamp` and `timestamptz`, Postgres 12+ skips the rewrite only when the session `TimeZone` is `UTC`.' : '')
  );
}

// https://www.postgresql.org/docs/release/12.0/ : "when the session time zone is UTC".
function isTimeZoneSwitch(from: string, to: string): boolean {
  const [a, b] = [parseType(from), parseType(to)];
  const bases = new Set([a?.base, b?.base]);
  return bases.size === 2 && bases.has('timestamp') && bases.has('timestamp with time zone') && !a!.array && !b!.array;
}

/**
 * drizzle-kit asks whether the column's new enum is the old one renamed; its pre-selected answer
 * converts the column. drizzle-kit 0.31 converts an enum array column after the rename too.
 */
function enumRenameFinding(table: TableModel, column: ColumnModel, { before, after }: EnumRename, kit: DrizzleKitLine, span: SourceSpan): Finding {
  const name = `${table.name}.${column.name}`;
  const convert = convertThroughTextSql(table, column, after, kit);
  const retypedAnyway = kit === '0.x' && column.type.endsWith('[]');
  const renameSql = renameEnumSql(before, after, kit) + (retypedAnyway ? `\n${convert}` : '');
  const hint = JSON.stringify({ type: 'rename', kind: 'enum', from: [before.schema || 'public', before.name], to: [after.schema || 'public', after.name] });
  const rewrite = `holds ${lockPhrase('alter-column-type-rewrite', table.name)}${workPhrase('alter-column-type-rewrite')} and its indexes, so every query on \`${table.name}\` waits.`;
  const renameOnly = renameEnumSql(before, after, kit).replace(/\n/g, ' ');
  // A move to another schema keeps the name: then the schemas tell the two apart.
  const moved = (before.schema || 'public') !== (after.schema || 'public');
  const [from, to] = [before, after].map((e) => (moved ? `${e.schema || 'public'}.${e.name}` : e.name));
  return {
    ruleId: 'no-alter-column-type',
    message:
      `Enum \`${from}\` of \`${name}\` is gone and \`${to}\` is new, so drizzle-kit will ask whether \`${to}\` is created or renamed. ` +
      (retypedAnyway
        ? `Either answer converts the array column \`${name}\` through \`text\` (drizzle-kit 0.31 re-types an enum array even after the rename), which ${rewrite}`
        : `Answered "create", its pre-selected answer, it converts \`${name}\` to \`${after.name}\` through \`text\`, which ${rewrite}`),
    help:
      `Answer "rename" at drizzle-kit's prompt (drizzle-kit 1.0: pass the hint \`${hint}\`): \`${renameOnly}\` takes ${lockPhrase('rename-enum', table.name)}; it rewrites nothing. ` +
      (retypedAnyway
        ? `Then delete \`${convert}\` from the generated migration: the rename already gives \`${column.name}\` the type \`${after.name}[]\`. `
        : '') +
      `Raw SQL that names the type (\`::${before.name}\`) must change with it. To rename only in code, keep the database name: \`pgEnum('${before.name}', …)\`.`,
    span,
    sql: `${renameSql}\n-- or, answering "create":\n${replaceEnumSql(table, column, before, after, kit)}`,
    lock: lockOf('alter-column-type-rewrite'),
  };
}

/** The expand-contract steps, unless the file shows an enum rename or replacement that makes the move needless. */
function migrationHelp(statements: MigrationStatement[], names: RecipeNames & { column: string }, to: string, old: ColumnModel | undefined): string {
  const steps = typeChangeSteps(names);
  if (old?.typeSchema === undefined) return steps;
  const oldEnum = { schema: old.typeSchema, name: elementType(old.type) };
  if (renamesEnum(statements, oldEnum, to)) {
    return `Delete this statement: the \`ALTER TYPE … RENAME TO\` before it already gives \`${names.column}\` the type \`${to}\` (drizzle-kit 0.31 writes it for enum arrays after a rename).`;
  }
  if (!replacesEnum(statements, oldEnum, to)) return steps;
  return (
    `If \`${to}\` replaces enum \`${oldEnum.name}\`, delete this migration and generate it again answering "rename" at drizzle-kit's prompt: ` +
    `\`ALTER TYPE … RENAME TO\` takes ${lockPhrase('rename-enum', names.table)}; it rewrites nothing. Otherwise: ${steps}`
  );
}

function typeChangeSteps(names: RecipeNames): string {
  return recipeHelp(
    `Change the type of \`${names.column}\` in steps, each deployed before the next:`,
    'expand-contract-change-type',
    { ...names, newColumn: `${names.column}_new` },
    'Widening `varchar`, `varchar` to `text` and raising `numeric` precision at the same scale do not rewrite and are not reported.',
  );
}

/** `"public"."status"` → `public.status`; drizzle-kit model types are written unquoted. */
function unquoteType(type: string): string {
  return type.replace(/"((?:[^"]|"")*)"/g, (_, name: string) => name.replace(/""/g, '"')).trim();
}
