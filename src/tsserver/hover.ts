import type * as ts from 'typescript';
import type { Finding } from '../core/finding.js';
import { DIAGNOSTIC_SOURCE } from './to-diagnostic.js';

type TypeScript = typeof ts;

export function findingsAt(findings: readonly Finding[], position: number): Finding[] {
  return findings.filter((f) => f.span.start <= position && position <= f.span.end);
}

/** Markdown shown under TypeScript's own hover: per finding, its message, the SQL drizzle-kit will write and the lock it takes. */
export function hoverMarkdown(findings: readonly Finding[]): string {
  return findings.map(describeFinding).join('\n\n---\n\n');
}

function describeFinding(finding: Finding): string {
  const parts = [`**${DIAGNOSTIC_SOURCE}/${finding.ruleId}**: ${finding.message}`];
  if (finding.sql) parts.push(`\`drizzle-kit generate\` will write:\n\n\`\`\`sql\n${finding.sql.trim()}\n\`\`\``);
  if (finding.lock) parts.push(`Lock: \`${finding.lock}\` on the table until the migration's transaction commits.`);
  parts.push(finding.help);
  return parts.join('\n\n');
}

/** Adds our text to TypeScript's quick info, or makes one when TypeScript has none (e.g. inside a string). */
export function withFindingsHover(typescript: TypeScript, original: ts.QuickInfo | undefined, findings: readonly Finding[]): ts.QuickInfo | undefined {
  if (findings.length === 0) return original;
  const ours: ts.SymbolDisplayPart = { kind: 'text', text: hoverMarkdown(findings) };
  if (original) {
    const separator: ts.SymbolDisplayPart[] = original.documentation?.length ? [{ kind: 'lineBreak', text: '\n\n' }] : [];
    return { ...original, documentation: [...(original.documentation ?? []), ...separator, ours] };
  }
  const span = findings[0].span;
  return {
    kind: typescript.ScriptElementKind.unknown,
    kindModifiers: '',
    textSpan: { start: span.start, length: span.end - span.start },
    displayParts: [],
    documentation: [ours],
  };
}
