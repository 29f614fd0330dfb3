import { lexSql } from './lex-sql.js';
import { parsePlpgsql, parseSql, type ParsedStatement, type PgNode, type SqlToken } from './parse-sql.js';

/** What a `DO` block runs, when it runs plain SQL exactly as if the SQL were written outside it. */
export interface UnwrappedDoBlock {
  statements: ParsedStatement[];
  /** Comments inside the block's body, so `-- eslint-disable-next-line` works there too. */
  comments: SqlToken[];
}

/** Variables PL/pgSQL declares by itself (`FOUND`, and `SQLSTATE`/`SQLERRM` for an `EXCEPTION` clause). */
const IMPLICIT_VARIABLES = new Set(['found', 'sqlstate', 'sqlerrm']);
const DOLLAR_QUOTE = /^\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/;

/**
 * drizzle-kit up to 0.29 wrote every foreign key (and, earlier, every enum) as
 * `DO $$ BEGIN <statement>; EXCEPTION WHEN duplicate_object THEN null; END $$;`. The statement takes
 * the same locks and fails on the same errors as written plainly: the handler only swallows
 * "already exists". So rules read the statements inside such a block.
 *
 * Unwrapped only when PL/pgSQL itself reads the body as a list of plain SQL statements, optionally
 * in one block whose handlers catch only `duplicate_*` conditions with `null`, and optionally guarded
 * by `IF [NOT] EXISTS` on the system catalogs (whether the change is already there): no variables,
 * no other `IF`, no `PERFORM`, no `SELECT INTO`. Anything else stays one opaque `DO` statement.
 */
export function unwrapDoBlock(statement: ParsedStatement): UnwrappedDoBlock | undefined {
  if (statement.type !== 'DoStmt') return undefined;
  const body = bodyOf(statement);
  if (!body) return undefined;
  const queries = plainQueries(body.token.text);
  if (!queries) return undefined;
  const statements: ParsedStatement[] = [];
  let cursor = 0;
  for (const query of queries) {
    // PL/pgSQL keeps each statement's source text verbatim, so it is found in the body in order.
    const at = body.text.indexOf(query, cursor);
    if (at < 0) return undefined;
    const parsed = parseSql(query, body.start + at);
    if (!parsed.ok || parsed.statements.length !== 1 || !runsAsWritten(parsed.statements[0])) return undefined;
    statements.push(parsed.statements[0]);
    cursor = at + query.length;
  }
  const comments = lexSql(body.text, body.start).filter((token) => token.isComment);
  return { statements, comments };
}

/** The dollar-quoted body (text and file offset) of a `DO` block in PL/pgSQL. */
function bodyOf(statement: ParsedStatement): { token: SqlToken; text: string; start: number } | undefined {
  let source: string | undefined;
  for (const arg of (statement.node.args ?? []) as PgNode[]) {
    const { defname, arg: value } = arg.DefElem ?? {};
    if (defname === 'language' && value?.String?.sval?.toLowerCase() !== 'plpgsql') return undefined;
    if (defname === 'as') source = value?.String?.sval;
  }
  if (source === undefined) return undefined;
  const token = statement.tokens.find((candidate) => DOLLAR_QUOTE.test(candidate.text));
  const tag = token && DOLLAR_QUOTE.exec(token.text)?.[0];
  if (!token || !tag || token.text.slice(tag.length, token.text.length - tag.length) !== source) return undefined;
  return { token, text: source, start: token.start + tag.length };
}

/** The SQL statements of a body PL/pgSQL reads as plain SQL only (see `unwrapDoBlock`), else `undefined`. */
function plainQueries(dollarQuoted: string): string[] | undefined {
  const fn = parsePlpgsql(`DO ${dollarQuoted}`)?.[0]?.PLpgSQL_function as PgNode | undefined;
  if (!fn) return undefined;
  if (((fn.datums ?? []) as PgNode[]).some((datum) => !IMPLICIT_VARIABLES.has(datum.PLpgSQL_var?.refname))) return undefined;
  const body = (fn.action?.PLpgSQL_stmt_block?.body ?? []) as PgNode[];
  // PL/pgSQL appends an implicit `RETURN` to every function body.
  const own = body[body.length - 1]?.PLpgSQL_stmt_return ? body.slice(0, -1) : undefined;
  if (!own) return undefined;
  const block = own.length === 1 ? own[0].PLpgSQL_stmt_block : undefined;
  const statements = (block ? block.body ?? [] : own) as PgNode[];
  if (block && !onlyIgnoresDuplicates(block.exceptions)) return undefined;
  const queries: string[] = [];
  return collectQueries(statements, queries) && queries.length > 0 ? queries : undefined;
}

/**
 * Plain SQL statements, and `IF [NOT] EXISTS (SELECT … FROM <system catalog> …) THEN <plain SQL> END IF`:
 * a guard on whether the change is already there, so its statements run on the deploy that makes it.
 */
function collectQueries(statements: PgNode[], queries: string[]): boolean {
  for (const item of statements) {
    const guarded = item.PLpgSQL_stmt_if as PgNode | undefined;
    if (guarded) {
      if (guarded.elsif_list || guarded.else_body || !isCatalogGuard(guarded.cond?.PLpgSQL_expr?.query)) return false;
      if (!collectQueries(guarded.then_body ?? [], queries)) return false;
      continue;
    }
    const { sqlstmt, ...rest } = item.PLpgSQL_stmt_execsql ?? {};
    const query = sqlstmt?.PLpgSQL_expr?.query;
    if (typeof query !== 'string' || Object.keys(rest).some((key) => key !== 'lineno')) return false;
    queries.push(query);
  }
  return true;
}

/** `[NOT] EXISTS (SELECT … FROM …)` reading only `pg_catalog` and `information_schema`: whether an object exists, not data. */
function isCatalogGuard(condition: unknown): boolean {
  if (typeof condition !== 'string') return false;
  const parsed = parseSql(`SELECT ${condition}`);
  const target = parsed.ok && parsed.statements.length === 1 ? parsed.statements[0].node.targetList?.[0]?.ResTarget?.val : undefined;
  const negated = target?.BoolExpr?.boolop === 'NOT_EXPR' ? target.BoolExpr.args?.[0] : target;
  const sublink = negated?.SubLink;
  if (sublink?.subLinkType !== 'EXISTS_SUBLINK') return false;
  const relations: PgNode[] = [];
  collectRelations(sublink.subselect, relations);
  return relations.length > 0 && relations.every(isSystemCatalog);
}

function collectRelations(node: unknown, out: PgNode[]): void {
  if (Array.isArray(node)) for (const item of node) collectRelations(item, out);
  else if (node && typeof node === 'object') {
    const record = node as PgNode;
    if (record.RangeVar) out.push(record.RangeVar);
    for (const child of Object.values(record)) collectRelations(child, out);
  }
}

function isSystemCatalog(relation: PgNode): boolean {
  const schema = relation.schemaname as string | undefined;
  if (schema) return schema === 'pg_catalog' || schema === 'information_schema';
  return typeof relation.relname === 'string' && relation.relname.startsWith('pg_');
}

/** No handler, or handlers that only turn a `duplicate_*` error ("already exists") into `null`. */
function onlyIgnoresDuplicates(exceptions: PgNode | undefined): boolean {
  const handlers = (exceptions?.PLpgSQL_exception_block?.exc_list ?? []) as PgNode[];
  return handlers.every(({ PLpgSQL_exception: handler }) => {
    const conditions = (handler?.conditions ?? []) as PgNode[];
    const nullAction = (handler?.action ?? []).length === 0;
    return nullAction && conditions.length > 0 && conditions.every((c) => /^duplicate_[a-z_]+$/.test(c.PLpgSQL_condition?.condname ?? ''));
  });
}

/**
 * Statements that behave differently inside a function stay wrapped: transaction control, and
 * `CONCURRENTLY` index builds and `VACUUM`, which PostgreSQL refuses to run from a function.
 */
function runsAsWritten({ type, node }: ParsedStatement): boolean {
  if (type === 'TransactionStmt' || type === 'VacuumStmt') return false;
  if ((type === 'IndexStmt' || type === 'DropStmt') && node.concurrent === true) return false;
  if (type === 'ReindexStmt') return !((node.params ?? []) as PgNode[]).some((param) => param.DefElem?.defname === 'concurrently');
  return true;
}
