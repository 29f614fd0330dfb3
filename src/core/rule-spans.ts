/**
 * Where schema rules report. ESLint disable comments act on the reported start line, so table-level
 * findings start at the table declaration.
 */
import type { ColumnModel, SourceSpan, TableModel } from './schema-model.js';

/** `export const users = pgTable('users'` — starts on the declaration's first line. */
export function tableHeadSpan(table: TableModel): SourceSpan | undefined {
  const source = table.source;
  if (!source) return undefined;
  const end = source.name.end > source.declaration.start ? source.name.end : source.declaration.end;
  return { file: source.declaration.file, start: source.declaration.start, end };
}

export function columnSpan(column: ColumnModel, ...preferredModifiers: string[]): SourceSpan | undefined {
  const source = column.source;
  if (!source) return undefined;
  for (const name of preferredModifiers) if (source.modifiers[name]) return source.modifiers[name];
  return source.property;
}

export function fileStartSpan(file: string): SourceSpan {
  return { file, start: 0, end: 0 };
}

export function columnList(columns: string[]): string {
  return columns.map((c) => `\`${c}\``).join(', ');
}
