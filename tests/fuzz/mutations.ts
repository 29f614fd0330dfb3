/** fast-check arbitraries that mutate real inputs: byte-level edits, truncation, token swaps, JSON edits. */
import fc from 'fast-check';

const TOKENS = ['(', ')', '{', '}', '[', ']', ',', '.', '...', "'", '"', '`', '${', '=>', ';', '\n', '\u2028', '\0', 'notNull()', '.default(', 'pgTable(', 'sql`', 'export * from "./x";', 'NaN', '-1', '1e309', '"\\ud800"', '/*', '*/', '--', '$$', 'export default ', 'import ', 'null', 'undefined', 'true', 'BEGIN ', 'EXCEPTION WHEN ', 'END; ', '$x$', 'COMMIT;--> statement-breakpoint\n', 'BEGIN;', 'ROLLBACK AND CHAIN;'];

/** One textual mutation of `text`: delete, insert a token, duplicate or truncate a slice. */
export function mutatedText(text: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: text.length });
  const one = fc.oneof(
    fc.tuple(at, fc.nat({ max: 40 })).map(([start, length]) => (source: string) => source.slice(0, start) + source.slice(start + length)),
    fc.tuple(at, fc.constantFrom(...TOKENS)).map(([start, token]) => (source: string) => source.slice(0, start) + token + source.slice(start)),
    fc.tuple(at, fc.nat({ max: 200 })).map(([start, length]) => (source: string) => source.slice(0, start) + source.slice(start, start + length) + source.slice(start)),
    at.map((end) => (source: string) => source.slice(0, end)),
    fc.tuple(at, fc.string({ maxLength: 12 })).map(([start, junk]) => (source: string) => source.slice(0, start) + junk + source.slice(start)),
  );
  return fc.array(one, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce((source, edit) => edit(source), text));
}

/** A structural JSON mutation: a value replaced by another type, a key dropped, or the text truncated. */
export function mutatedJson(json: string): fc.Arbitrary<string> {
  const value = JSON.parse(json) as unknown;
  const paths = collectPaths(value).slice(0, 400);
  const replacement = fc.constantFrom<unknown>(null, 0, -1, '', 'x', [], {}, true, [null], { unknown: 1 }, 'a'.repeat(1000));
  const structural = fc.tuple(fc.constantFrom(...paths), replacement, fc.boolean()).map(([path, next, drop]) => JSON.stringify(setAt(structuredClone(value), path, next, drop)));
  return fc.oneof(structural, mutatedText(json));
}

type Path = (string | number)[];

function collectPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 0) out.push(prefix);
  if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) collectPaths(child, [...prefix, Array.isArray(value) ? Number(key) : key], out);
  return out;
}

function setAt(root: unknown, path: Path, next: unknown, drop: boolean): unknown {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (drop && !Array.isArray(node)) delete node[last];
  else node[last] = next;
  return root;
}
