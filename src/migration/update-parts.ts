/**
 * A single-table `UPDATE` taken apart as written, so a help can run the same change in batches:
 * its assignments, its condition, and a guard that turns false once a row holds the assigned values.
 */
import { lexSql } from './lex-sql.js';
import type { PgNode } from './parse-sql.js';
import type { MigrationStatement } from './statement-types.js';

export interface UpdateParts {
  /** The `SET` list as written. */
  assignments: string;
  /** The `WHERE` condition as written, if any. */
  condition?: string;
  /**
   * `"a" IS DISTINCT FROM (<value>) OR …`: true until the row holds the assigned values. Present only when
   * that ends: every value is a constant or reads only columns the statement does not assign (no function
   * call, no sub-query), so a row once updated stops matching.
   */
  pending?: string;
}

/** `undefined` for `WITH …`, `UPDATE … FROM`, `RETURNING`, `WHERE CURRENT OF` and multi-column assignments. */
export function updateParts(statement: MigrationStatement): UpdateParts | undefined {
  const { node, text } = statement;
  if (statement.type !== 'UpdateStmt' || node.withClause || (node.fromClause ?? []).length > 0 || node.returningClause || (node.returningList ?? []).length > 0) return undefined;
  const targets = ((node.targetList ?? []) as PgNode[]).map((item) => item.ResTarget as PgNode | undefined);
  if (targets.length === 0 || targets.some((target) => !target || typeof target.name !== 'string' || target.indirection || target.val?.MultiAssignRef)) return undefined;
  const tokens = lexSql(text).filter((token) => !token.isComment);
  const topLevel = (word: string) => {
    let depth = 0;
    return tokens.findIndex((token) => {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth--;
      return depth === 0 && token.text.toUpperCase() === word;
    });
  };
  const set = topLevel('SET');
  const where = topLevel('WHERE');
  if (set < 0 || node.whereClause?.CurrentOfExpr) return undefined;
  const assignments = text.slice(tokens[set].end, where < 0 ? text.length : tokens[where].start).trim();
  const condition = where < 0 ? undefined : text.slice(tokens[where].end).trim();
  const values = splitTopLevel(assignments).map((assignment) => assignment.slice(assignment.indexOf('=') + 1).trim());
  const assigned = new Set(targets.map((target) => target!.name as string));
  const settles = values.length === targets.length && targets.every((target) => isSettled(target!.val, assigned));
  const pending = settles ? targets.map((target, i) => `"${(target!.name as string).replace(/"/g, '""')}" IS DISTINCT FROM (${values[i]})`).join(' OR ') : undefined;
  return { assignments, condition, pending };
}

/** A value that stays the same from batch to batch and after the update: no call, no sub-query, no assigned column. */
function isSettled(value: unknown, assigned: Set<string>): boolean {
  if (Array.isArray(value)) return value.every((item) => isSettled(item, assigned));
  if (!value || typeof value !== 'object') return true;
  const record = value as PgNode;
  if (record.FuncCall || record.SubLink || record.SQLValueFunction || record.ParamRef) return false;
  const column = record.ColumnRef as PgNode | undefined;
  if (column) {
    const fields = (column.fields ?? []) as PgNode[];
    const name = fields[fields.length - 1]?.String?.sval;
    if (typeof name === 'string' && assigned.has(name)) return false;
  }
  return Object.values(record).every((child) => isSettled(child, assigned));
}

/** `a = 1, b = f(x, y)` → `['a = 1', 'b = f(x, y)']`, splitting only on commas outside parentheses and quotes. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (const token of lexSql(list)) {
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth--;
    else if (token.text === ',' && depth === 0) {
      parts.push(list.slice(from, token.start).trim());
      from = token.end;
    }
  }
  parts.push(list.slice(from).trim());
  return parts;
}
