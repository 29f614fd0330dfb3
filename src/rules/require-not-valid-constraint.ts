import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import type { SourceSpan, TableModel } from '../core/schema-model.js';
import { addCheckSql, addForeignKeySql, dropConstraintSql } from '../core/kit-sql.js';
import { aLock, failsSentence, lockOf, workPhrase } from '../core/lock-text.js';
import { recipeHelp, type RecipeNames } from '../migration/recipes.js';
import { FIXED_IN_THE_MIGRATION } from '../core/schema-help.js';
import { LOCK_FACTS } from '../migration/lock-catalogue.js';
import { columnList } from '../core/rule-spans.js';
import type { MigrationRuleContext } from '../core/rule.js';
import { clausesOnExistingTables, constraintDefinition, relationLabel, sqlFinding, statementOnLine, transactionOf, transactionsIn } from '../migration/sql-rule-helpers.js';
import { sameTransaction } from '../migration/transaction-scopes.js';
import type { MigrationStatement } from '../migration/statement-types.js';
import { checkSqlTemplates } from '../migration/sql-templates.js';

const RULE = 'require-not-valid-constraint';

const rule = defineRule({
  id: RULE,
  description: 'Require foreign keys and check constraints added to existing tables to be added `NOT VALID` and validated later.',
  recommended: true,
  checkTable({ after: table, addedForeignKeys, addedCheckConstraints, recreatedForeignKeys, recreatedCheckConstraints }, { kit }) {
    const findings: Finding[] = [];
    for (const fk of addedForeignKeys) {
      const span = fk.source?.span ?? columnModifierSpan(table, fk.columns, 'references');
      if (!span || fk.unknown?.target) continue;
      const sql = addForeignKeySql(table, fk, kit);
      const fact = LOCK_FACTS['add-foreign-key'];
      // drizzle-kit drops and re-adds a foreign key whose columns, target or actions change.
      const recreated = recreatedForeignKeys.some((pair) => pair.after === fk);
      const operation = recreated
        ? `Re-creating foreign key \`${fk.name}\` (${columnList(fk.columns)} → \`${fk.foreignTable}\`) with a new definition makes drizzle-kit drop it and add it back; the \`ADD CONSTRAINT\``
        : `Adding foreign key \`${fk.name}\` (${columnList(fk.columns)} → \`${fk.foreignTable}\`) to existing table \`${table.name}\``;
      findings.push({
        ruleId: RULE,
        message:
          `${operation} holds ${aLock(fact.lock)} on \`${table.name}\` and on \`${fk.foreignTable}\`${workPhrase('add-foreign-key')}, ` +
          `so every insert, update and delete on both tables waits.${failsSentence('add-foreign-key')}`,
        help: `${notValidHelp('foreign-key-not-valid', { table: table.name, schema: table.schema, constraint: fk.name, definition: constraintDefinition(sql) })} ${FIXED_IN_THE_MIGRATION}`,
        span,
        sql: recreated ? `${dropConstraintSql(table, fk.name)}\n${sql}` : sql,
        lock: fact.lock,
      });
    }
    for (const check of addedCheckConstraints) {
      const span = check.source?.span ?? table.source?.name;
      if (!span) continue;
      const sql = addCheckSql(table, check.name, check.expression);
      const recreated = recreatedCheckConstraints.some((pair) => pair.after === check);
      const operation = recreated
        ? `Re-creating check constraint \`${check.name}\` with a new expression makes drizzle-kit drop it and add it back; the \`ADD CONSTRAINT\``
        : `Adding check constraint \`${check.name}\` to existing table \`${table.name}\``;
      findings.push({
        ruleId: RULE,
        message:
          `${operation} holds ${aLock(lockOf('add-check'))}${workPhrase('add-check')}, ` +
          `so every query on \`${relationLabel(table)}\` waits.${failsSentence('add-check')}`,
        help: `${notValidHelp('check-not-valid', { table: table.name, schema: table.schema, constraint: check.name, definition: constraintDefinition(sql) })} ${FIXED_IN_THE_MIGRATION}`,
        span,
        sql: recreated ? `${dropConstraintSql(table, check.name)}\n${sql}` : sql,
        lock: lockOf('add-check'),
      });
    }
    return findings;
  },
  checkMigration(context) {
    const findings: Finding[] = [];
    for (const hit of clausesOnExistingTables(context.statements, ['add-foreign-key', 'add-check'])) {
      const table = hit.clause.table;
      if (!table) continue;
      const name = hit.clause.constraint ?? 'the constraint';
      const isForeignKey = hit.clause.kind === 'add-foreign-key';
      const clauseText = context.text.slice(hit.clause.span.start, hit.clause.span.end);
      findings.push(
        sqlFinding(context, hit, {
          ruleId: RULE,
          message: isForeignKey
            ? `Adding foreign key \`${name}\` to existing table \`${relationLabel(table)}\` without \`NOT VALID\` holds ${aLock(lockOf('add-foreign-key'))} on \`${relationLabel(table)}\` and on the referenced table${workPhrase('add-foreign-key')}, ` +
              `so every insert, update and delete on both tables waits.${failsSentence('add-foreign-key')}`
            : `Adding check constraint \`${name}\` to existing table \`${relationLabel(table)}\` without \`NOT VALID\` holds ${aLock(lockOf('add-check'))}${workPhrase('add-check')}, ` +
              `so every query on \`${relationLabel(table)}\` waits.${failsSentence('add-check')}`,
          help: notValidHelp(isForeignKey ? 'foreign-key-not-valid' : 'check-not-valid', { table: table.name, schema: table.schema, constraint: name, definition: constraintDefinition(clauseText) }),
          lock: lockOf(isForeignKey ? 'add-foreign-key' : 'add-check'),
        }),
      );
    }
    findings.push(...validatedInSameTransaction(context));
    return findings;
  },
  checkTypeScript: (context) => checkSqlTemplates(context, rule),
});

export default rule;

function notValidHelp(recipe: 'foreign-key-not-valid' | 'check-not-valid', names: RecipeNames): string {
  return recipeHelp("drizzle-kit never writes `NOT VALID`, and drizzle's migrator runs all pending migrations in one transaction, so add the constraint in two runs:", recipe, names);
}

/** `ADD … NOT VALID` then `VALIDATE` in one transaction: the add's lock is still held during the scan. */
function validatedInSameTransaction(context: MigrationRuleContext): Finding[] {
  const findings: Finding[] = [];
  const addedNotValid = new Map<string, { kind: 'add-foreign-key-not-valid' | 'add-check-not-valid'; definition: string; statement: MigrationStatement }>();
  for (const statement of context.statements) {
    for (const clause of statement.clauses) {
      const key = `${clause.table?.schema ?? 'public'}.${clause.table?.name}.${clause.constraint}`;
      if ((clause.kind === 'add-foreign-key-not-valid' || clause.kind === 'add-check-not-valid') && clause.constraint) {
        const definition = constraintDefinition(context.text.slice(clause.span.start, clause.span.end)).replace(/\s+NOT\s+VALID$/i, '');
        addedNotValid.set(key, { kind: clause.kind, definition, statement });
      }
      const added = clause.kind === 'validate-constraint' ? addedNotValid.get(key) : undefined;
      if (!added || statement.tableCreatedInFile) continue;
      // A `COMMIT` between them released the add's lock: the two steps done in one file.
      if (!sameTransaction(transactionsIn(context), added.statement, statement)) continue;
      const table = clause.table?.name ?? 'the table';
      findings.push({
        ruleId: RULE,
        message:
          `\`VALIDATE CONSTRAINT ${clause.constraint}\` runs in the same ${sharedTransaction(context, statement)}, ` +
          `so the \`${lockOf(added.kind)}\` lock the \`ADD CONSTRAINT\` took on \`${relationLabel(clause.table)}\` is still held while the validation reads the whole table, and \`NOT VALID\` gains nothing.`,
        help: recipeHelp(
          `Move \`VALIDATE CONSTRAINT ${clause.constraint}\` to a later migration, applied by a later \`migrate\` run, as in these steps:`,
          added.kind === 'add-foreign-key-not-valid' ? 'foreign-key-not-valid' : 'check-not-valid',
          { table, schema: clause.table?.schema, constraint: clause.constraint, definition: added.definition },
        ),
        span: { file: context.file, ...clause.span },
        sql: statement.text,
        lock: lockOf('validate-constraint'),
      });
    }
  }
  return findings;
}

function columnModifierSpan(table: TableModel, columns: string[], modifier: string): SourceSpan | undefined {
  const source = columns.length === 1 ? table.columns.get(columns[0])?.source : undefined;
  return source?.modifiers[modifier] ?? source?.property ?? table.source?.name;
}

/** Why the add and the validation share a transaction, after "runs in the same". */
function sharedTransaction(context: MigrationRuleContext, validate: MigrationStatement): string {
  const { scope } = transactionOf(context, validate);
  const begin = scope.begin && statementOnLine(context.text, scope.begin);
  if (scope.kind === 'implicit') return 'query that added it `NOT VALID`: no `--> statement-breakpoint` separates them, and Postgres runs one query of several statements as one transaction';
  if (begin) return `transaction that added it \`NOT VALID\`, the one ${begin} opens`;
  return "migration that added it `NOT VALID`: drizzle's migrator runs all pending migrations in one transaction";
}
