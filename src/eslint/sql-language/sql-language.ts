import { readMigration } from '../../migration/statements.js';
import type { MigrationFile } from '../../migration/statements.js';
import { buildSqlAst, locator, type SqlProgram } from './sql-ast.js';
import { SqlSourceCode } from './sql-source-code.js';

interface SqlFile {
  body: string | Uint8Array;
  path: string;
}

type ParseResult = { ok: true; ast: SqlProgram } | { ok: false; errors: Array<{ message: string; line: number; column: number }> };

/**
 * ESLint language for drizzle-kit migration files (`languages.sql` of the plugin), after
 * @eslint/json's `JSONLanguage`. `parse` never throws: a syntax error is one fatal problem.
 */
export const sqlLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: { Program: ['body'] } as Record<string, string[]>,
  defaultLanguageOptions: {},

  validateLanguageOptions(options: unknown): void {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError('Expected languageOptions to be an object.');
    }
  },

  parse(file: SqlFile): ParseResult {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    let migration: MigrationFile;
    try {
      migration = readMigration(text);
    } catch (error) {
      // Only when the SQL parser cannot load (SqlParserUnavailableError): one fatal message that says so.
      return { ok: false, errors: [{ message: error instanceof Error ? error.message : String(error), line: 1, column: 1 }] };
    }
    if (migration.error) {
      const { line, column } = locator(text)(migration.error.offset);
      // ESLint prints parse errors as given: 1-based line and column.
      return { ok: false, errors: [{ message: migration.error.message, line, column: column + 1 }] };
    }
    return { ok: true, ast: buildSqlAst(text, migration) };
  },

  createSourceCode(file: SqlFile, parseResult: { ast: SqlProgram }): SqlSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new SqlSourceCode({ text, ast: parseResult.ast });
  },
};

export type SqlLanguage = typeof sqlLanguage;
