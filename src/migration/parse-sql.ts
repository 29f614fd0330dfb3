/**
 * The only module that parses with libpg-query (the real Postgres 18 parser, compiled to WASM).
 *
 * The parser loads synchronously on the first parse (libpg-query-sync.ts), so a lint that parses no
 * SQL never loads it, and ESLint's synchronous `parse()` and tsserver's diagnostics need no waiting.
 * When it cannot load, parsing throws `SqlParserUnavailableError`: callers turn it into one visible
 * problem, never into "no findings".
 */
import { lexSql } from './lex-sql.js';
import { loadLibpgQuery, type LibpgQueryApi } from './libpg-query-sync.js';
import { textOffsets, type TextOffsets } from './text-offsets.js';

/** A libpg_query node body, e.g. the object under `{ AlterTableStmt: {...} }`. */
export type PgNode = Record<string, any>;

export interface SqlToken {
  /** UTF-16 offsets into the parsed text. */
  start: number;
  end: number;
  text: string;
  isComment: boolean;
}

export interface ParsedStatement {
  /** Node type, e.g. `AlterTableStmt`. */
  type: string;
  /** Node body; every `location` inside is converted to a UTF-16 offset (-1 stays -1). */
  node: PgNode;
  /** From the first token to the last token, excluding comments, whitespace and the `;`. */
  start: number;
  end: number;
  /** The statement's tokens, comments excluded. */
  tokens: SqlToken[];
}

export type SqlParseResult =
  | { ok: true; statements: ParsedStatement[]; comments: SqlToken[] }
  | { ok: false; message: string; offset: number };

export class SqlParserUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `drizzle-migrations: the Postgres SQL parser (libpg-query) could not be loaded: ${(cause instanceof Error ? cause.message : String(cause)).replace(/\.?$/, '.')} ` +
        'Migration SQL and `sql` templates are not checked. Reinstall dependencies (`npm ci`); if it persists, please report it.',
      { cause },
    );
    this.name = 'SqlParserUnavailableError';
  }
}

let parser: LibpgQueryApi | undefined;
let failure: SqlParserUnavailableError | undefined;

/** libpg-query, loaded on first use; a failure is remembered, so it costs one attempt per process. */
function libpgQuery(): LibpgQueryApi {
  if (parser) return parser;
  if (failure) throw failure;
  try {
    parser = loadLibpgQuery();
    return parser;
  } catch (error) {
    throw (failure = new SqlParserUnavailableError(error));
  }
}

/**
 * Loads the parser now instead of at the first parse. Optional: parsing loads it anyway. Rejects with
 * `SqlParserUnavailableError` when it cannot load.
 */
export async function loadSqlParser(): Promise<void> {
  libpgQuery();
}

/** Whether the parser has been loaded in this process (a lint that parsed no SQL leaves it unloaded). */
export function isSqlParserLoaded(): boolean {
  return parser !== undefined;
}

/**
 * Parses SQL text (one or more statements). Syntax errors are returned, not thrown.
 * `baseOffset` is added to every offset in the result (the text's position in its file).
 */
export function parseSql(text: string, baseOffset = 0): SqlParseResult {
  if (text.trim() === '') return { ok: true, statements: [], comments: [] };
  const { parseSync } = libpgQuery();
  const offsets = shifted(textOffsets(text), baseOffset);
  let tree: { stmts?: Array<{ stmt: Record<string, PgNode>; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = parseSync(text) as typeof tree;
  } catch (error) {
    return syntaxError(error, offsets);
  }
  const tokens: SqlToken[] = lexSql(text, baseOffset);
  const code = tokens.filter((t) => !t.isComment);
  // Statements and tokens are both in text order: one pass hands each statement its tokens.
  let next = 0;
  const statements = (tree.stmts ?? []).map((raw) => {
    const [type, node] = Object.entries(raw.stmt)[0];
    if (!offsets.identity) convertLocations(node, offsets);
    const from = offsets.fromByte(raw.stmt_location ?? 0);
    // stmt_len 0 means "to the end of the text".
    const to = raw.stmt_len ? offsets.fromByte((raw.stmt_location ?? 0) + raw.stmt_len) : baseOffset + text.length;
    while (next < code.length && code[next].start < from) next++;
    const own: SqlToken[] = [];
    for (let i = next; i < code.length && code[i].start <= to; i++) if (code[i].end <= to) own.push(code[i]);
    while (own.length > 0 && own[own.length - 1].text === ';') own.pop();
    const start = own.length > 0 ? own[0].start : from;
    const end = own.length > 0 ? own[own.length - 1].end : from;
    return { type, node, start, end, tokens: own };
  });
  return { ok: true, statements, comments: tokens.filter((t) => t.isComment) };
}

/**
 * The PL/pgSQL parse tree of a `DO` statement or `CREATE FUNCTION` (libpg_query's `plpgsql_funcs`),
 * or `undefined` when PL/pgSQL rejects it. Locations are not converted: callers use it for shape only.
 */
export function parsePlpgsql(text: string): PgNode[] | undefined {
  const { parsePlPgSQLSync } = libpgQuery();
  try {
    return (parsePlPgSQLSync(text) as { plpgsql_funcs?: PgNode[] }).plpgsql_funcs;
  } catch {
    return undefined;
  }
}

function shifted(offsets: TextOffsets, base: number): TextOffsets {
  if (base === 0) return offsets;
  return {
    fromByte: (offset) => base + offsets.fromByte(offset),
    fromCodePoint: (offset) => base + offsets.fromCodePoint(offset),
  };
}

function syntaxError(error: unknown, offsets: TextOffsets): SqlParseResult {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (error instanceof Error ? error.message : String(error));
  return { ok: false, message, offset: offsets.fromCodePoint(details?.cursorPosition ?? 0) };
}

function convertLocations(value: unknown, offsets: TextOffsets): void {
  if (Array.isArray(value)) {
    for (const item of value) convertLocations(item, offsets);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      if (key === 'location' && typeof child === 'number') {
        if (child >= 0) record[key] = offsets.fromByte(child);
      } else {
        convertLocations(child, offsets);
      }
    }
  }
}
