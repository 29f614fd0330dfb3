/**
 * Reads drizzle-kit's generated SQL (0.2x–0.31 and 1.0 spellings) into small facts:
 * which table and which object (column, index, constraint, enum) each statement touches.
 * A regex reader is enough here: drizzle-kit's output is very regular; hand-written SQL that it
 * does not recognise is kept as `other` and reported, never guessed at.
 */

export type StatementFact =
  | { kind: 'create-table'; table: string }
  | { kind: 'drop-table'; table: string }
  | { kind: 'rename-table'; table: string; to: string }
  | { kind: 'add-column'; table: string; column: string; rest: string }
  | { kind: 'drop-column'; table: string; column: string }
  | { kind: 'rename-column'; table: string; column: string; to: string }
  | { kind: 'set-not-null'; table: string; column: string }
  | { kind: 'set-type'; table: string; column: string; type: string }
  | { kind: 'create-index'; table: string; index: string; unique: boolean; concurrently: boolean }
  | { kind: 'add-constraint'; table: string; constraint: string; type: 'unique' | 'foreign-key' | 'check' | 'primary-key' | 'other'; notValid: boolean }
  | { kind: 'create-enum'; enumName: string }
  | { kind: 'drop-enum'; enumName: string }
  | { kind: 'rename-enum'; enumName: string; to: string }
  | { kind: 'other'; text: string };

export const IDENT = String.raw`"(?:[^"]|"")+"|[A-Za-z_][\w$]*`;
export const QUALIFIED = String.raw`(?:(?:${IDENT})\.)?(?:${IDENT})`;

/** Splits a migration file into statements (breakpoints first; `;` at line ends outside `$$` blocks). */
export function splitStatements(sql: string): string[] {
  const chunks = sql.split(/-->\s*statement-breakpoint/);
  const statements: string[] = [];
  for (const chunk of chunks) {
    if (chunk.includes('$$')) statements.push(chunk);
    else statements.push(...chunk.split(/;[ \t]*(?:\r?\n|$)/));
  }
  return statements.map(stripComments).map((s) => s.trim().replace(/;$/, '').trim()).filter(Boolean);
}

function stripComments(statement: string): string {
  return statement.replace(/^\s*--.*$/gm, '');
}

/** `"public"."users"` / `"users"` / `users` → `public.users`. */
export function tableKey(qualified: string): string {
  const parts = [...qualified.matchAll(new RegExp(IDENT, 'g'))].map((m) => unquote(m[0]));
  return parts.length === 2 ? `${parts[0]}.${parts[1]}` : `public.${parts[0]}`;
}

export function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident.toLowerCase();
}

const RE = {
  createTable: new RegExp(String.raw`^CREATE TABLE (?:IF NOT EXISTS )?(${QUALIFIED})`, 'i'),
  dropTable: new RegExp(String.raw`^DROP TABLE (?:IF EXISTS )?(${QUALIFIED})`, 'i'),
  alterTable: new RegExp(String.raw`ALTER TABLE (?:ONLY )?(?:IF EXISTS )?(${QUALIFIED}) ([^]*)$`, 'i'),
  createIndex: new RegExp(String.raw`^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(${IDENT}) ON (?:ONLY )?(${QUALIFIED})`, 'i'),
  createEnum: new RegExp(String.raw`^CREATE TYPE (${QUALIFIED}) AS ENUM`, 'i'),
  dropEnum: new RegExp(String.raw`^DROP TYPE (?:IF EXISTS )?(${QUALIFIED})`, 'i'),
  renameEnum: new RegExp(String.raw`^ALTER TYPE (${QUALIFIED}) RENAME TO (${IDENT})`, 'i'),
};

export function readStatement(statement: string): StatementFact {
  const text = unwrapDoBlock(statement).trim();
  let m: RegExpExecArray | null;
  if ((m = RE.createTable.exec(text))) return { kind: 'create-table', table: tableKey(m[1]!) };
  if ((m = RE.dropTable.exec(text))) return { kind: 'drop-table', table: tableKey(m[1]!) };
  if ((m = RE.createIndex.exec(text))) return { kind: 'create-index', index: unquote(m[3]!), table: tableKey(m[4]!), unique: Boolean(m[1]), concurrently: Boolean(m[2]) };
  if ((m = RE.createEnum.exec(text))) return { kind: 'create-enum', enumName: tableKey(m[1]!) };
  if ((m = RE.dropEnum.exec(text))) return { kind: 'drop-enum', enumName: tableKey(m[1]!) };
  if ((m = RE.renameEnum.exec(text))) return { kind: 'rename-enum', enumName: tableKey(m[1]!), to: unquote(m[2]!) };
  if ((m = RE.alterTable.exec(text))) return readAlterTable(tableKey(m[1]!), m[2]!.trim()) ?? { kind: 'other', text };
  return { kind: 'other', text };
}

function readAlterTable(table: string, action: string): StatementFact | undefined {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(String.raw`^RENAME TO (${IDENT})`, 'i').exec(action))) return { kind: 'rename-table', table, to: `${table.split('.')[0]}.${unquote(m[1]!)}` };
  if ((m = new RegExp(String.raw`^RENAME COLUMN (${IDENT}) TO (${IDENT})`, 'i').exec(action))) return { kind: 'rename-column', table, column: unquote(m[1]!), to: unquote(m[2]!) };
  if ((m = new RegExp(String.raw`^ADD COLUMN (?:IF NOT EXISTS )?(${IDENT}) ([^]*)$`, 'i').exec(action))) return { kind: 'add-column', table, column: unquote(m[1]!), rest: m[2]! };
  if ((m = new RegExp(String.raw`^DROP COLUMN (?:IF EXISTS )?(${IDENT})`, 'i').exec(action))) return { kind: 'drop-column', table, column: unquote(m[1]!) };
  if ((m = new RegExp(String.raw`^ALTER COLUMN (${IDENT}) SET NOT NULL`, 'i').exec(action))) return { kind: 'set-not-null', table, column: unquote(m[1]!) };
  if ((m = new RegExp(String.raw`^ALTER COLUMN (${IDENT}) (?:SET DATA )?TYPE ([^]*)$`, 'i').exec(action))) return { kind: 'set-type', table, column: unquote(m[1]!), type: m[2]!.trim() };
  if ((m = new RegExp(String.raw`^ADD CONSTRAINT (${IDENT}) ([^]*)$`, 'i').exec(action))) {
    const body = m[2]!;
    const type = /^UNIQUE/i.test(body) ? 'unique' : /^FOREIGN KEY/i.test(body) ? 'foreign-key' : /^CHECK/i.test(body) ? 'check' : /^PRIMARY KEY/i.test(body) ? 'primary-key' : 'other';
    return { kind: 'add-constraint', table, constraint: unquote(m[1]!), type, notValid: /\bNOT VALID\b/i.test(body) };
  }
  return undefined;
}

/** drizzle-kit < 0.30 wrapped FK additions in `DO $$ BEGIN … EXCEPTION WHEN duplicate_object …`. */
function unwrapDoBlock(statement: string): string {
  const m = /^DO \$\$\s*BEGIN\s*([^]*?);?\s*EXCEPTION\b[^]*END\s*\$\$/i.exec(statement.trim());
  return m ? m[1]! : statement;
}
