import type { SqlChunk, Value } from './values.js';

/**
 * How drizzle renders a column inside `sql`: `default` (drizzle-kit refuses columns in defaults),
 * `qualified` (`"table"."col"`, checks, generated columns, 0.x index `where`) or `bare` (`"col"`, index expressions).
 */
export type SqlRenderMode = 'default' | 'qualified' | 'bare';

export type ColumnNamer = (ref: Extract<SqlChunk, { column: unknown }>['column']) => { table: string; schema?: string; column: string } | undefined;

export function renderSql(value: Value | undefined, mode: SqlRenderMode, name: ColumnNamer): { sql: string } | { unknown: string } {
  if (value?.kind !== 'sql') return { unknown: 'not a `sql` template' };
  let sql = '';
  for (const chunk of value.chunks) {
    if ('text' in chunk) sql += chunk.text;
    else if ('unknown' in chunk) return { unknown: chunk.unknown };
    else {
      const resolved = name(chunk.column);
      if (!resolved || mode === 'default') return { unknown: 'a column reference in this `sql` cannot be rendered' };
      if (mode === 'bare') sql += `"${resolved.column}"`;
      else sql += `${resolved.schema ? `"${resolved.schema}".` : ''}"${resolved.table}"."${resolved.column}"`;
    }
  }
  return { sql };
}
