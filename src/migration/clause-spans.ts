import type { SqlToken } from './parse-sql.js';
import type { TextRange } from './statement-types.js';

/**
 * Token groups of the subcommands of `ALTER TABLE name cmd, cmd, …`, in order. libpg_query gives
 * subcommands no location, so they are found from the tokens: after the table name, split on
 * commas outside parentheses. Returns undefined when the shape is unexpected.
 */
export function alterTableCommandTokens(tokens: SqlToken[], relationLocation: number): SqlToken[][] | undefined {
  let index = tokens.findIndex((t) => t.start === relationLocation);
  if (index < 0) return undefined;
  index++;
  while (tokens[index]?.text === '.' && tokens[index + 1]) index += 2;
  if (tokens[index]?.text === '*') index++;
  const groups: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(index)) {
    if (token.text === '(' || token.text === '[') depth++;
    if (token.text === ')' || token.text === ']') depth--;
    if (token.text === ',' && depth === 0) groups.push([]);
    else groups[groups.length - 1].push(token);
  }
  return groups.every((g) => g.length > 0) ? groups : undefined;
}

export function rangeOfTokens(tokens: SqlToken[]): TextRange {
  return { start: tokens[0].start, end: tokens[tokens.length - 1].end };
}

/** Text of the tokens after the keyword sequence `after` (e.g. `TYPE`), up to one of `until`. */
export function tokensAfterKeyword(tokens: SqlToken[], after: string, until: string[]): SqlToken[] {
  const index = tokens.findIndex((t) => t.text.toUpperCase() === after);
  if (index < 0) return [];
  const rest = tokens.slice(index + 1);
  const stop = rest.findIndex((t) => until.includes(t.text.toUpperCase()));
  return stop < 0 ? rest : rest.slice(0, stop);
}
