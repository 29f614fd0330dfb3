import { renderSql, type ColumnNamer } from './sql-render.js';
import type { Value } from './values.js';
import type { DrizzleKitLine } from '../core/schema-model.js';

type Js = string | number | boolean | null | Js[] | { [key: string]: Js };

function toJs(value: Value): Js | undefined {
  if (value.kind === 'literal') return value.value === undefined ? undefined : value.value;
  if (value.kind === 'array') {
    const items = value.items.map(toJs);
    return items.every((item) => item !== undefined) ? (items as Js[]) : undefined;
  }
  if (value.kind === 'object' && !value.partial) {
    const result: Record<string, Js> = {};
    for (const [key, prop] of value.props) {
      const item = toJs(prop.value);
      if (item === undefined) return undefined;
      result[key] = item;
    }
    return result;
  }
  return undefined;
}

const allNumbers = (items: Js[]): boolean => items.every((item) => (Array.isArray(item) ? allNumbers(item) : typeof item === 'number'));

/** drizzle-kit 0.31 `buildArrayString`: the `{…}` text inside an array default. */
function arrayLiteral(items: Js[]): string {
  const parts = items.map((item) => {
    if (typeof item === 'number') return item.toString();
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    if (Array.isArray(item)) return arrayLiteral(item);
    if (typeof item === 'object') return `"${JSON.stringify(item).replaceAll('"', '\\"')}"`;
    return `"${item}"`;
  });
  return `{${parts.join(',')}}`;
}

/** The column default as drizzle-kit 0.31 writes it in a snapshot (`pgSerializer.ts`). */
export function encodeDefault(value: Value, sqlType: string | undefined, name: ColumnNamer, kit: DrizzleKitLine): { sql: string } | { unknown: string } {
  if (value.kind === 'sql') return renderSql(value, 'default', name);
  const js = toJs(value);
  if (js === undefined || js === null) return { unknown: 'the default value is not a literal' };
  if (typeof js === 'string') return { sql: `'${js.replace(/'/g, "''")}'` };
  if (sqlType === undefined) return { unknown: 'the column type is unknown' };
  const lowered = sqlType.toLowerCase();
  if (lowered === 'json' || lowered === 'jsonb') {
    // 1.x drops the cast and doubles single quotes inside the JSON text.
    return { sql: kit === '0.x' ? `'${JSON.stringify(js)}'::${lowered}` : `'${JSON.stringify(js).replace(/'/g, "''")}'` };
  }
  if (/\[\d*\]/.test(lowered) && Array.isArray(js)) {
    if (kit === '1.x' && !allNumbers(js)) return { unknown: 'drizzle-kit 1.x array literal quoting is not modelled' };
    return { sql: `'${arrayLiteral(js)}'` };
  }
  if (typeof js === 'number' || typeof js === 'boolean') return { sql: String(js) };
  return { unknown: 'the default value cannot be encoded' };
}
