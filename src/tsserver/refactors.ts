/**
 * Finding suggestions offered as refactors. tsserver clients ask `getSupportedCodeFixes` once,
 * without a file, and drop quick fixes for codes not in TypeScript's own list, so a plugin's code
 * fixes never reach VS Code; refactors do.
 */
import type * as ts from 'typescript';
import type { Finding, TextEdit } from '../core/finding.js';

export const REFACTOR_NAME = 'drizzle-migrations';
export const REFACTOR_KIND = 'refactor.rewrite.drizzle-migrations';

interface OfferedSuggestion {
  actionName: string;
  finding: Finding;
  suggestionIndex: number;
}

/** The action name identifies the suggestion again in `getEditsForRefactor` (a later, separate request). */
function offeredSuggestions(findings: readonly Finding[], range: ts.TextRange): OfferedSuggestion[] {
  return findings
    .filter((f) => f.span.start <= range.end && range.pos <= f.span.end)
    .flatMap((finding) =>
      (finding.suggestions ?? []).map((_, suggestionIndex) => ({
        actionName: `${finding.ruleId}@${finding.span.start}-${finding.span.end}#${suggestionIndex}`,
        finding,
        suggestionIndex,
      })),
    );
}

export function toRange(positionOrRange: number | ts.TextRange): ts.TextRange {
  return typeof positionOrRange === 'number' ? { pos: positionOrRange, end: positionOrRange } : positionOrRange;
}

/** Whether a client's `kind` filter (e.g. `refactor`, `refactor.rewrite`) admits our refactors. */
export function kindMatches(requested: string | undefined): boolean {
  return !requested || REFACTOR_KIND === requested || REFACTOR_KIND.startsWith(`${requested}.`);
}

export function applicableRefactors(findings: readonly Finding[], positionOrRange: number | ts.TextRange): ts.ApplicableRefactorInfo[] {
  const offered = offeredSuggestions(findings, toRange(positionOrRange));
  if (offered.length === 0) return [];
  return [
    {
      name: REFACTOR_NAME,
      description: 'Drizzle migrations: safe schema rewrite',
      actions: offered.map(({ actionName, finding, suggestionIndex }) => ({
        name: actionName,
        description: finding.suggestions![suggestionIndex].title,
        kind: REFACTOR_KIND,
      })),
    },
  ];
}

export function editsForRefactor(findings: readonly Finding[], positionOrRange: number | ts.TextRange, actionName: string): ts.RefactorEditInfo | undefined {
  const chosen = offeredSuggestions(findings, toRange(positionOrRange)).find((o) => o.actionName === actionName);
  if (!chosen) return undefined;
  return { edits: toFileTextChanges(chosen.finding.suggestions![chosen.suggestionIndex].edits) };
}

function toFileTextChanges(edits: readonly TextEdit[]): ts.FileTextChanges[] {
  const byFile = new Map<string, ts.TextChange[]>();
  for (const edit of edits) {
    const changes = byFile.get(edit.file) ?? [];
    changes.push({ span: { start: edit.start, length: edit.end - edit.start }, newText: edit.text });
    byFile.set(edit.file, changes);
  }
  return [...byFile].map(([fileName, textChanges]) => ({ fileName, textChanges }));
}
