/** The separator drizzle-kit writes between statements when `breakpoints` is on (the default). */
export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

export interface MigrationChunk {
  /** Exactly what drizzle's migrator sends to Postgres in one `execute`. */
  text: string;
  /** Offset of `text` in the file. */
  start: number;
}

/**
 * Splits a migration file exactly as drizzle-orm's `readMigrationFiles` does
 * (`sql.split('--> statement-breakpoint')`, whatever the `breakpoints` setting), keeping offsets.
 */
export function splitMigration(text: string): MigrationChunk[] {
  const chunks: MigrationChunk[] = [];
  let start = 0;
  for (const part of text.split(STATEMENT_BREAKPOINT)) {
    chunks.push({ text: part, start });
    start += part.length + STATEMENT_BREAKPOINT.length;
  }
  return chunks;
}
