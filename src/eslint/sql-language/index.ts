/**
 * ESM entry of the SQL language. The Postgres parser (WASM) loads asynchronously and ESLint parses
 * synchronously, so this module awaits the parser before it exports anything: once it is
 * imported, the first lint already has a parser. CommonJS cannot await at load: see parse-sql.ts.
 */
import { loadSqlParser } from '../../migration/parse-sql.js';

await loadSqlParser();

export { sqlLanguage, type SqlLanguage } from './sql-language.js';
export { SqlSourceCode } from './sql-source-code.js';
export type { SqlComment, SqlProgram, SqlStatementNode } from './sql-ast.js';
export { loadSqlParser };
