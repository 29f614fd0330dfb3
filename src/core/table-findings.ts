/**
 * Findings of per-table checks (`RuleDefinition.checkTable`), kept per `TableDiff` object. The diff
 * hands out the same object for the same (before, after) table models (src/core/schema-diff.ts),
 * and the reader keeps an unchanged table's model (src/schema/table-model-memo.ts), so on a
 * keystroke only the tables the edit changed are checked again; the others give back the same
 * finding objects.
 */
import { registerCache } from './cache.js';
import { spanMoves } from './moved-spans.js';
import type { Finding } from './finding.js';
import type { RuleDefinition, TableRuleContext } from './rule.js';
import type { EnumRename } from './enum-diff.js';
import type { TableDiff } from './schema-diff.js';

interface Kept {
  /** The rule list, settings and kit the findings were made with: all a per-table check may read besides the diff. */
  key: string;
  /** By position in the rule list; undefined until that rule has run on this table. */
  found: (Finding[] | undefined)[];
  /** Every rule has run on this table and found nothing (most tables of a large schema). */
  quiet: boolean;
  /** `spanMoves()` when the findings were made: findings copy offsets, so a move makes them stale. */
  moves: number;
}

/** Kept for every quiet (table, rule) pair of a large schema: one shared empty list, never written to. */
const NOTHING: Finding[] = [];

let kept = new WeakMap<TableDiff, Kept>();
registerCache(() => (kept = new WeakMap()));

export interface TableRulesRun {
  /** Per rule of `tableRules`, its findings on every table in table order (what its `checkSchema` returns). */
  findings: Finding[][];
  /** Rules that threw, with the first error; their findings are dropped. */
  failures: Map<RuleDefinition, unknown>;
}

/** `key` identifies `tableRules` and the settings; the kit and the enum renames are added here. Every rule must have `checkTable`. */
export function runTableRules(tableRules: readonly RuleDefinition[], tables: readonly TableDiff[], context: TableRuleContext, key: string): TableRulesRun {
  const run: TableRulesRun = { findings: tableRules.map(() => []), failures: new Map() };
  const fullKey = `${key}\0${context.kit}\0${enumRenamesKey(context.renamedEnums)}`;
  const moves = spanMoves();
  // Tables outside, rules inside: one memo lookup per table, not per table and rule.
  for (const table of tables) {
    let entry = kept.get(table);
    if (entry?.key !== fullKey || (entry.moves !== moves && !entry.quiet && entry.found.some(isFound))) kept.set(table, (entry = { key: fullKey, found: [], quiet: false, moves }));
    entry.moves = moves;
    if (entry.quiet) continue;
    let quiet = true;
    for (let i = 0; i < tableRules.length; i++) {
      const rule = tableRules[i];
      let found = entry.found[i];
      if (!found) {
        if (run.failures.has(rule)) {
          quiet = false;
          continue;
        }
        try {
          found = rule.checkTable!(table, context);
        } catch (error) {
          run.failures.set(rule, error);
          quiet = false;
          continue;
        }
        entry.found[i] = found.length === 0 ? NOTHING : found;
      }
      if (found.length > 0) quiet = false;
      for (const finding of found) run.findings[i].push(finding);
    }
    entry.quiet = quiet;
  }
  tableRules.forEach((rule, i) => {
    if (run.failures.has(rule)) run.findings[i] = [];
  });
  return run;
}

function isFound(found: Finding[] | undefined): boolean {
  return found !== undefined && found.length > 0;
}

/** Empty for almost every run; changes only when an enum rename appears, goes or changes kind. */
function enumRenamesKey(renames: readonly EnumRename[]): string {
  let key = '';
  for (const { before, after, recreated } of renames) key += `${before.schema}.${before.name}>${after.schema}.${after.name}${recreated ? '!' : ''};`;
  return key;
}
