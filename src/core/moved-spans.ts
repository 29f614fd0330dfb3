/**
 * Counts the edits that moved remembered spans in place (src/schema/span-book.ts). A memo that copied
 * offsets out of spans (a finding's own span, a suggestion's edits) is stale once the count changes.
 */
let moves = 0;

export function noteSpansMoved(): void {
  moves++;
}

export function spanMoves(): number {
  return moves;
}
