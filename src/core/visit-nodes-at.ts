import ts from 'typescript';

/** Where `needle` occurs in `text`, ascending. */
export function offsetsOf(text: string, needle: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

/**
 * Calls `visit` on each node whose text (with its leading trivia) holds one of `offsets` (ascending),
 * parents before children, and skips every subtree that holds none. A rule that looks for a construct
 * with a telltale character (a template's backtick, the name `raw`) visits the few paths down to those
 * characters, not the whole tree: most files that import drizzle-orm are query code with few or none.
 * `'all'` visits every node.
 */
export function visitNodesAt(sourceFile: ts.SourceFile, offsets: readonly number[] | 'all', visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    visit(node);
    ts.forEachChild(node, (child) => {
      if (offsets === 'all' || holdsOffset(offsets, child.pos, child.end)) walk(child);
    });
  };
  if (offsets === 'all' || offsets.length > 0) walk(sourceFile);
}

function holdsOffset(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (offsets[middle] < start) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && offsets[low] < end;
}
