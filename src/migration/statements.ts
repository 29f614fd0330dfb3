import { classifyStatement } from './classify-statement.js';
import { unwrapDoBlock } from './do-block.js';
import { parseSql, type ParsedStatement, type SqlParseResult, type SqlToken } from './parse-sql.js';
import { splitMigration, STATEMENT_BREAKPOINT, type MigrationChunk } from './split.js';
import type { MigrationFile, MigrationStatement, RelationName, TextRange } from './statement-types.js';

export type * from './statement-types.js';

type ParsedChunk = { statements: ParsedStatement[]; comments: MigrationFile['comments'] };

/**
 * Reads a migration file into statements with file offsets, as drizzle's migrator would run them:
 * split on `--> statement-breakpoint`, each chunk parsed by the real Postgres parser (a chunk may
 * hold several statements). Stops at the first syntax error, which the migrator would stop at too.
 * Throws only `SqlParserUnavailableError` (see `parse-sql.ts`).
 *
 * The file is parsed once as a whole when that is provably the same as parsing chunk by chunk
 * (see `parseWhole`); otherwise chunk by chunk, as `readMigrationByChunks` always does.
 */
export function readMigration(text: string): MigrationFile {
  return readMigrationWhole(text) ?? readMigrationByChunks(text);
}

/** The one-parse reading of a file with breakpoints, or `undefined` when it might differ from the chunk-by-chunk one. */
export function readMigrationWhole(text: string): MigrationFile | undefined {
  const chunks = splitMigration(text);
  const parsed = chunks.length > 1 ? parseWhole(text, chunks) : undefined;
  return parsed && build(text, parsed);
}

/** The reference reading: one parse per chunk, exactly the texts the migrator executes. */
export function readMigrationByChunks(text: string): MigrationFile {
  return build(text, parseChunks(splitMigration(text)));
}

/**
 * One parse of the whole file, accepted only when it equals the chunk-by-chunk parse: the file
 * parses, every breakpoint is a whole `--` comment token of its own (not inside a string, a block
 * comment or a longer comment whose rest the migrator would run as SQL), and no statement has
 * tokens on both sides of a breakpoint. Then each chunk holds whole statements plus comments and
 * whitespace, and the lexer starts each chunk in the state it is in after a comment.
 */
function parseWhole(text: string, chunks: MigrationChunk[]): ParsedChunk[] | undefined {
  const parsed = parseSql(text);
  if (!parsed.ok) return undefined;
  const breakpoints = chunks.slice(1).map((chunk) => chunk.start - STATEMENT_BREAKPOINT.length);
  const breakpointComments = new Set<number>();
  let b = 0;
  for (const comment of parsed.comments) {
    while (b < breakpoints.length && breakpoints[b] < comment.start) {
      if (!breakpointComments.has(breakpoints[b])) return undefined;
      b++;
    }
    if (b < breakpoints.length && comment.start === breakpoints[b]) {
      if (comment.end !== comment.start + STATEMENT_BREAKPOINT.length) return undefined;
      breakpointComments.add(comment.start);
    }
  }
  if (breakpointComments.size !== breakpoints.length) return undefined;
  const result: ParsedChunk[] = chunks.map(() => ({ statements: [], comments: [] }));
  const chunkAt = chunkLocator(chunks);
  for (const comment of parsed.comments) {
    if (!breakpointComments.has(comment.start)) result[chunkAt(comment.start)].comments.push({ start: comment.start, end: comment.end, text: comment.text });
  }
  for (const statement of parsed.statements) {
    const first = statement.tokens[0];
    const last = statement.tokens[statement.tokens.length - 1];
    const chunk = chunkAt(first?.start ?? statement.start);
    if (last && chunkAt(last.start) !== chunk) return undefined;
    result[chunk].statements.push(statement);
  }
  return result;
}

/** Chunk index of a file offset; offsets are asked in increasing order. */
function chunkLocator(chunks: MigrationChunk[]): (offset: number) => number {
  let index = 0;
  return (offset) => {
    if (offset < chunks[index].start) index = 0;
    while (index + 1 < chunks.length && chunks[index + 1].start <= offset) index++;
    return index;
  };
}

function parseChunks(chunks: MigrationChunk[]): ParsedChunk[] | { done: ParsedChunk[]; error: { message: string; offset: number } } {
  const done: ParsedChunk[] = [];
  for (const chunk of chunks) {
    const parsed: SqlParseResult = parseSql(chunk.text, chunk.start);
    if (!parsed.ok) return { done, error: { message: parsed.message, offset: parsed.offset } };
    done.push({ statements: parsed.statements, comments: parsed.comments.map(({ start, end, text }) => ({ start, end, text })) });
  }
  return done;
}

function build(text: string, parsed: ReturnType<typeof parseChunks>): MigrationFile {
  const chunks = Array.isArray(parsed) ? parsed : parsed.done;
  const statements: MigrationStatement[] = [];
  const comments: MigrationFile['comments'] = [];
  const createdTables = new Set<string>();
  let commentsInBlocks = false;
  for (const [chunkIndex, chunk] of chunks.entries()) {
    comments.push(...chunk.comments);
    for (const { statement, doBlock } of withDoBlocksUnwrapped(chunk.statements)) {
      if (doBlock?.comments.length) {
        commentsInBlocks = true;
        comments.push(...doBlock.comments.map(({ start, end, text }) => ({ start, end, text })));
      }
      const { clauses, table } = classifyStatement(statement, text);
      const tableCreatedInFile = table !== undefined && createdTables.has(relationKey(table));
      for (const clause of clauses) {
        if (clause.kind === 'create-table' && clause.table) createdTables.add(relationKey(clause.table));
        if (clause.kind === 'rename-table' && clause.newName && tableCreatedInFile) {
          createdTables.add(relationKey({ schema: table?.schema, name: clause.newName }));
        }
      }
      statements.push({
        index: statements.length,
        chunk: chunkIndex,
        text: text.slice(statement.start, statement.end),
        span: { start: statement.start, end: statement.end },
        type: statement.type,
        node: statement.node,
        kind: clauses[0].kind,
        clauses,
        table,
        tableCreatedInFile,
        ...(doBlock && { doBlock: doBlock.span }),
      });
    }
  }
  if (commentsInBlocks) comments.sort((a, b) => a.start - b.start);
  return Array.isArray(parsed) ? { statements, comments } : { statements, comments, error: parsed.error };
}

/** Each statement, with the statements of an unwrappable `DO` block (see `unwrapDoBlock`) in its place. */
function* withDoBlocksUnwrapped(
  statements: ParsedStatement[],
): Generator<{ statement: ParsedStatement; doBlock?: { span: TextRange; comments: SqlToken[] } }> {
  for (const statement of statements) {
    const unwrapped = statement.type === 'DoStmt' ? unwrapDoBlock(statement) : undefined;
    if (!unwrapped) {
      yield { statement };
      continue;
    }
    const span = { start: statement.start, end: statement.end };
    // The block's comments go with its first statement, so they are added once.
    for (const [i, inner] of unwrapped.statements.entries()) yield { statement: inner, doBlock: { span, comments: i === 0 ? unwrapped.comments : [] } };
  }
}

/** `schema.name`, with unqualified names in `public` (drizzle-kit's default `search_path`). */
export function relationKey(relation: RelationName): string {
  return `${relation.schema ?? 'public'}.${relation.name}`;
}
