/**
 * Entry of the SQL language alone. The Postgres parser loads on the first parse; `loadSqlParser()`
 * loads it now instead (optional), and rejects when it cannot load.
 */
export { loadSqlParser } from '../../migration/parse-sql.js';
export { sqlLanguage, type SqlLanguage } from './sql-language.js';
export { SqlSourceCode } from './sql-source-code.js';
export type { SqlComment, SqlProgram, SqlStatementNode } from './sql-ast.js';
