import type { MigrationFile, MigrationStatement } from '../../migration/statements.js';

export interface Position {
  line: number;
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

interface Located {
  range: [number, number];
  loc: SourceLocation;
}

/** One statement. `type` is the libpg_query node type (`AlterTableStmt`, `IndexStmt`…), so rules can visit `AlterTableStmt(node)`. */
export interface SqlStatementNode extends Located {
  type: string;
  statement: MigrationStatement;
}

export interface SqlComment extends Located {
  type: 'Comment';
  /** The comment without its delimiters (`--`, `/*`, `*\/`). */
  value: string;
}

export interface SqlProgram extends Located {
  type: 'Program';
  body: SqlStatementNode[];
  comments: SqlComment[];
  migration: MigrationFile;
}

export type SqlNode = SqlProgram | SqlStatementNode;

/** Line 1, column 0 based, the same as ESLint's JavaScript language. */
/**
 * Line ends of a SQL file: LF, CRLF and a lone CR, as Postgres ends a `--` comment and as LSP clients
 * (the ESLint extension) count lines; U+2028 inside a quoted name is not a line end here.
 */
export const SQL_LINE_END = /\r\n?|\n/g;

export function locator(text: string): (offset: number) => Position {
  const lineStarts = [0];
  for (const match of text.matchAll(SQL_LINE_END)) lineStarts.push(match.index + match[0].length);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] };
  };
}

export function buildSqlAst(text: string, migration: MigrationFile): SqlProgram {
  const position = locator(text);
  const located = (start: number, end: number): Located => ({ range: [start, end], loc: { start: position(start), end: position(end) } });
  return {
    type: 'Program',
    ...located(0, text.length),
    body: migration.statements.map((statement) => ({ type: statement.type, statement, ...located(statement.span.start, statement.span.end) })),
    comments: migration.comments.map((comment) => ({ type: 'Comment', value: commentValue(comment.text), ...located(comment.start, comment.end) })),
    migration,
  };
}

function commentValue(text: string): string {
  return text.startsWith('--') ? text.slice(2) : text.slice(2, -2);
}
