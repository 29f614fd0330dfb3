/**
 * The spans made while evaluating one declaration, or while building one table's model. Spans hold
 * absolute offsets; when an edit moves a remembered declaration without changing it, TypeScript moves
 * its nodes in place and `moveSpans` moves the booked spans with them, so the value, its table model,
 * the diff and the findings are kept instead of being computed again (src/schema/declaration-memo.ts).
 */
import type { SourceSpan } from '../core/schema-model.js';
import type { TableValue } from './values.js';

export interface SpanBook {
  spans: SourceSpan[];
  /** Tables made under this book: their table models' spans (`TableValue.modelSpans`) move too. */
  tables: TableValue[];
}

let open: SpanBook | undefined;

export function newSpanBook(): SpanBook {
  return { spans: [], tables: [] };
}

/** Runs `work` with the spans and tables it makes booked in `book` (an inner book takes its own). */
export function withSpanBook<T>(book: SpanBook, work: () => T): T {
  const outer = open;
  open = book;
  try {
    return work();
  } finally {
    open = outer;
  }
}

export function bookSpan(span: SourceSpan): SourceSpan {
  open?.spans.push(span);
  return span;
}

export function bookTable(table: TableValue): void {
  open?.tables.push(table);
}

/**
 * Moves by `delta` the booked spans of `file` that start after `movedAfter`: their nodes moved with
 * them. A span reaching into the edit belongs to a value that is evaluated again, so it is left alone.
 */
export function moveSpans(book: SpanBook, file: string, movedAfter: number, delta: number): void {
  moveEach(book.spans, file, movedAfter, delta);
  for (const table of book.tables) if (table.modelSpans) moveEach(table.modelSpans, file, movedAfter, delta);
}

function moveEach(spans: readonly SourceSpan[], file: string, movedAfter: number, delta: number): void {
  for (const span of spans) {
    if (span.start > movedAfter && span.file === file) {
      span.start += delta;
      span.end += delta;
    }
  }
}
