import { alterTableCommandTokens, rangeOfTokens, tokensAfterKeyword } from './clause-spans.js';
import { classifyAddColumn } from './column-default.js';
import type { ParsedStatement, PgNode, SqlToken } from './parse-sql.js';
import type { ClauseKind, MigrationClause, RelationName, TextRange } from './statement-types.js';

export interface StatementFacts {
  clauses: MigrationClause[];
  table?: RelationName;
}

/** Derives the clauses of one parsed statement. `text` is the whole file (spans are file offsets). */
export function classifyStatement(statement: ParsedStatement, text: string): StatementFacts {
  const { node, type } = statement;
  const whole: TextRange = { start: statement.start, end: statement.end };
  const clause = (kind: ClauseKind, extra: Partial<MigrationClause> = {}): MigrationClause => ({ kind, span: whole, ...extra });

  switch (type) {
    case 'AlterTableStmt':
      return alterTable(statement, text);
    case 'RenameStmt':
      return rename(node, clause);
    case 'CreateStmt': {
      const table = relationName(node.relation);
      return { table, clauses: [clause('create-table', { table })] };
    }
    case 'IndexStmt': {
      const table = relationName(node.relation);
      const kind = node.concurrent ? 'create-index-concurrently' : 'create-index';
      return { table, clauses: [clause(kind, { table, index: node.idxname })] };
    }
    case 'DropStmt':
      return drop(node, clause);
    case 'AlterEnumStmt':
      if (!node.newVal) return { clauses: [clause('other')] };
      return { clauses: [clause('add-enum-value', { enumType: qualifiedName(node.typeName), enumValue: node.newVal })] };
    case 'UpdateStmt':
    case 'DeleteStmt': {
      const table = relationName(node.relation);
      return { table, clauses: [clause(type === 'UpdateStmt' ? 'update-rows' : 'delete-rows', { table })] };
    }
    case 'VariableSetStmt':
      return { clauses: [lockTimeoutClause(node, statement.tokens, clause)] };
    case 'TransactionStmt':
      return { clauses: [clause(transactionKind(node.kind))] };
    default:
      return { clauses: [clause('other')] };
  }
}

function alterTable(statement: ParsedStatement, text: string): StatementFacts {
  const { node } = statement;
  const table = relationName(node.relation);
  const commands: PgNode[] = (node.cmds ?? []).map((c: PgNode) => c.AlterTableCmd ?? {});
  const groups = node.objtype === 'OBJECT_TABLE' ? alterTableCommandTokens(statement.tokens, node.relation?.location) : undefined;
  const aligned = groups && groups.length === commands.length ? groups : undefined;
  const clauses = commands.map((command, i) => {
    const tokens = aligned?.[i];
    const span = tokens ? rangeOfTokens(tokens) : { start: statement.start, end: statement.end };
    return { span, table, ...alterTableCommand(command, tokens ?? statement.tokens, text) };
  });
  if (node.objtype !== 'OBJECT_TABLE') return { table, clauses: [{ kind: 'other', span: { start: statement.start, end: statement.end }, table }] };
  return { table, clauses };
}

function alterTableCommand(command: PgNode, tokens: SqlToken[], text: string): Omit<MigrationClause, 'span' | 'table'> {
  const column: string | undefined = command.name;
  const cascade = command.behavior === 'DROP_CASCADE';
  switch (command.subtype) {
    case 'AT_AddColumn': {
      const def: PgNode = command.def?.ColumnDef ?? {};
      return { kind: classifyAddColumn(def), column: def.colname };
    }
    case 'AT_DropColumn':
      return { kind: 'drop-column', column, cascade };
    case 'AT_SetNotNull':
      return { kind: 'set-not-null', column };
    case 'AT_DropNotNull':
      return { kind: 'drop-not-null', column };
    case 'AT_ColumnDefault':
      return { kind: command.def ? 'set-default' : 'other', column };
    case 'AT_AlterColumnType': {
      const typeTokens = tokensAfterKeyword(tokens, 'TYPE', ['USING', 'COLLATE']);
      const targetType = typeTokens.length > 0 ? text.slice(typeTokens[0].start, typeTokens[typeTokens.length - 1].end) : undefined;
      return { kind: 'alter-column-type', column, targetType };
    }
    case 'AT_AddConstraint':
      return addConstraint(command.def?.Constraint ?? {});
    case 'AT_ValidateConstraint':
      return { kind: 'validate-constraint', constraint: command.name };
    case 'AT_DropConstraint':
      return { kind: 'drop-constraint', constraint: command.name, cascade };
    default:
      return { kind: 'other', column };
  }
}

function addConstraint(constraint: PgNode): Omit<MigrationClause, 'span' | 'table'> {
  const notValid = constraint.skip_validation === true;
  const name: string | undefined = constraint.conname;
  switch (constraint.contype) {
    case 'CONSTR_UNIQUE':
      // `ADD CONSTRAINT … UNIQUE USING INDEX existing_index` only attaches a built index.
      return { kind: constraint.indexname ? 'other' : 'add-unique-constraint', constraint: name };
    case 'CONSTR_FOREIGN':
      return { kind: notValid ? 'add-foreign-key-not-valid' : 'add-foreign-key', constraint: name };
    case 'CONSTR_CHECK':
      return { kind: notValid ? 'add-check-not-valid' : 'add-check', constraint: name };
    default:
      return { kind: 'other', constraint: name };
  }
}

function rename(node: PgNode, clause: (kind: ClauseKind, extra?: Partial<MigrationClause>) => MigrationClause): StatementFacts {
  const table = node.relation ? relationName(node.relation) : undefined;
  if (node.renameType === 'OBJECT_COLUMN' && node.relationType === 'OBJECT_TABLE') {
    return { table, clauses: [clause('rename-column', { table, column: node.subname, newName: node.newname })] };
  }
  if (node.renameType === 'OBJECT_TABLE') {
    return { table, clauses: [clause('rename-table', { table, newName: node.newname })] };
  }
  if (node.renameType === 'OBJECT_TYPE') {
    return { clauses: [clause('rename-enum', { enumType: qualifiedName(node.object?.List?.items ?? []), newName: node.newname })] };
  }
  return { table, clauses: [clause('other', { table })] };
}

function drop(node: PgNode, clause: (kind: ClauseKind, extra?: Partial<MigrationClause>) => MigrationClause): StatementFacts {
  const cascade = node.behavior === 'DROP_CASCADE';
  const names: RelationName[] = (node.objects ?? []).map((o: PgNode) => qualifiedName(o.List?.items ?? []));
  if (node.removeType === 'OBJECT_TABLE') {
    return { table: names[0], clauses: names.map((table) => clause('drop-table', { table, cascade })) };
  }
  if (node.removeType === 'OBJECT_INDEX') {
    // DROP INDEX CONCURRENTLY is not catalogued as its own kind: it takes no ACCESS EXCLUSIVE lock.
    const kind = node.concurrent ? 'other' : 'drop-index';
    return { clauses: names.map((index) => clause(kind, { index: index.name })) };
  }
  return { clauses: [clause('other')] };
}

function lockTimeoutClause(
  node: PgNode,
  tokens: SqlToken[],
  clause: (kind: ClauseKind, extra?: Partial<MigrationClause>) => MigrationClause,
): MigrationClause {
  if (node.name !== 'lock_timeout') return clause('other');
  // `lock_timeout = 0` turns the timeout off: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
  if (node.kind !== 'VAR_SET_VALUE' || isZero(node.args?.[0]?.A_Const)) return clause('reset-lock-timeout');
  const valueTokens = tokens.filter((t) => t.start >= (node.args?.[0]?.A_Const?.location ?? Infinity));
  return clause('set-lock-timeout', { lockTimeout: valueTokens.map((t) => t.text).join(' ') || undefined });
}

function isZero(constant: PgNode | undefined): boolean {
  if (!constant) return false;
  if (constant.ival) return (constant.ival.ival ?? 0) === 0;
  if (constant.sval) return /^\s*0+(\.0*)?\s*[a-z]*\s*$/i.test(constant.sval.sval ?? '');
  return false;
}

function transactionKind(kind: string): ClauseKind {
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT') return 'commit';
  if (kind === 'TRANS_STMT_ROLLBACK') return 'rollback';
  return 'other';
}

export function relationName(relation: PgNode | undefined): RelationName | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname ? { schema: relation.schemaname, name: relation.relname } : { name: relation.relname };
}

export function qualifiedName(items: PgNode[]): RelationName {
  const parts: string[] = items.map((item) => item.String?.sval ?? '');
  const name = parts[parts.length - 1] ?? '';
  return parts.length > 1 ? { schema: parts[parts.length - 2], name } : { name };
}
