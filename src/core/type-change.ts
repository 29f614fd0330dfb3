/**
 * Whether `ALTER COLUMN … SET DATA TYPE` from one drizzle-kit type string to another keeps the table
 * file (binary-coercible, no rewrite and no index rebuild). Conservative: anything not listed here
 * rewrites. Each "keeps" case is asserted on a real server in tests/rules/no-alter-column-type.test.ts
 * (relfilenode of table and index unchanged).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
import { normaliseType } from './schema-diff.js';
import { elementType } from './array-type.js';

export interface ParsedType {
  base: string;
  args: number[];
  array: boolean;
}

const TEXT_LIKE = new Set(['text', 'varchar']);
// Types whose only modifier is a precision that can grow (or be dropped) without touching stored values.
const PRECISION_ONLY = new Set(['timestamp', 'timestamp with time zone', 'time', 'time with time zone', 'interval']);

export function keepsTableFile(from: string, to: string): boolean {
  const a = parseType(from);
  const b = parseType(to);
  if (!a || !b || a.array || b.array) return false;
  if (TEXT_LIKE.has(a.base) && TEXT_LIKE.has(b.base)) return widens(a.args[0], b.args[0]);
  if (a.base === 'varbit' && b.base === 'varbit') return widens(a.args[0], b.args[0]);
  if (a.base === 'numeric' && b.base === 'numeric') {
    if (b.args.length === 0) return true;
    if (a.args.length === 0) return false;
    return (a.args[1] ?? 0) === (b.args[1] ?? 0) && b.args[0] >= a.args[0];
  }
  if (PRECISION_ONLY.has(a.base) && a.base === b.base) return widens(a.args[0], b.args[0]);
  // Any other type (an extension's `vector(1536)` → `vector`): dropping the modifier is a relabel, no length
  // coercion runs (parse_coerce.c `coerce_type_typmod`: "A negative typmod means that no actual coercion is
  // needed"). Not for `char` and `bit`, where no modifier means a length of 1.
  if (a.base === b.base && a.args.length > 0 && b.args.length === 0) return !LENGTH_ONE_WITHOUT_MODIFIER.has(a.base);
  return false;
}

const LENGTH_ONE_WITHOUT_MODIFIER = new Set(['char', 'character', 'bpchar', 'bit']);

/** `undefined` length = unbounded; growing or removing the limit keeps stored values valid. */
function widens(from: number | undefined, to: number | undefined): boolean {
  if (to === undefined) return true;
  if (from === undefined) return false;
  return to >= from;
}

export function parseType(type: string): ParsedType | undefined {
  let text = normaliseType(type);
  const array = text.endsWith('[]');
  text = elementType(text);
  const match = /^([a-z ]+?)(?:\(([\d,]+)\))?( with(?:out)? time zone)?$/.exec(text);
  if (!match) return undefined;
  const base = canonicalBase(match[1].trim(), match[3]?.trim());
  const args = match[2] ? match[2].split(',').map(Number) : [];
  return { base, args, array };
}

function canonicalBase(name: string, zone: string | undefined): string {
  const aliases: Record<string, string> = {
    'character varying': 'varchar',
    'bit varying': 'varbit',
    decimal: 'numeric',
    timestamptz: 'timestamp with time zone',
    timetz: 'time with time zone',
  };
  const base = aliases[name] ?? name;
  if (zone === 'with time zone') return `${base} with time zone`;
  return base;
}
