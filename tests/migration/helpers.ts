import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SQL_FIXTURES = join(import.meta.dirname, '../fixtures/sql');
export const PROJECT_FIXTURES = join(import.meta.dirname, '../fixtures/projects');

export function readSqlFixture(name: string): string {
  return readFileSync(join(SQL_FIXTURES, name), 'utf8');
}

/** The text of a range, for readable assertions on spans. */
export function at(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}
