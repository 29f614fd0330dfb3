/** Compares findings with the ground truth per (rule, table, object). */
import type { Expectation } from './ground-truth.js';
import type { ReportedFinding } from './run-linter.js';

export interface EditScore {
  truePositives: Array<{ expectation: Expectation; finding: ReportedFinding }>;
  falseNegatives: Expectation[];
  falsePositives: ReportedFinding[];
  /** Findings matching an optional (debatable) expectation. */
  optionalHits: Array<{ expectation: Expectation; finding: ReportedFinding }>;
}

export function scoreEdit(expectations: Expectation[], findings: ReportedFinding[]): EditScore {
  const unused = new Set(findings);
  const take = (expectation: Expectation): ReportedFinding | undefined => {
    const exact = [...unused].find((f) => f.ruleId === expectation.ruleId && sameTarget(expectation, f));
    const loose = exact ?? [...unused].find((f) => f.ruleId === expectation.ruleId && mentions(f, expectation));
    if (loose) unused.delete(loose);
    return loose;
  };
  const score: EditScore = { truePositives: [], falseNegatives: [], falsePositives: [], optionalHits: [] };
  for (const expectation of expectations.filter((e) => !e.optional)) {
    const finding = take(expectation);
    if (finding) score.truePositives.push({ expectation, finding });
    else score.falseNegatives.push(expectation);
  }
  for (const expectation of expectations.filter((e) => e.optional)) {
    const finding = take(expectation);
    if (finding) score.optionalHits.push({ expectation, finding });
  }
  score.falsePositives = [...unused];
  return score;
}

function sameTarget(expectation: Expectation, finding: ReportedFinding): boolean {
  const tables = [expectation.table, ...(expectation.ruleId === 'no-rename-table' ? expectation.aliases : [])];
  const objects = [expectation.object, ...(expectation.ruleId === 'no-rename-table' ? [] : expectation.aliases)];
  return tables.includes(finding.table ?? '') && (expectation.object === '' || objects.includes(finding.object ?? ''));
}

/** Fallback when a finding carries no SQL: its message names the table and the object. */
function mentions(finding: ReportedFinding, expectation: Expectation): boolean {
  if (finding.table !== undefined) return false;
  const text = `${finding.message} ${finding.sql ?? ''}`;
  const name = (qualified: string) => qualified.split('.').at(-1)!;
  const tableNamed = [expectation.table, ...expectation.aliases].some((t) => text.includes(name(t)));
  const objectNamed = expectation.object === '' || [expectation.object, ...expectation.aliases].some((o) => text.includes(name(o)));
  return tableNamed && objectNamed;
}
