/** Per-rule recall and false positives over a replay, as plain text for the terminal and docs. */
import type { Expectation } from './ground-truth.js';
import type { ReportedFinding } from './run-linter.js';

export interface EditResult {
  commit: string;
  date: string;
  subject: string;
  outDir: string;
  migrations: string[];
  status: 'replayed' | 'skipped';
  reason?: string;
  snapshotVersion?: string;
  configReadable?: boolean;
  aliasHops?: string[];
  schemaFiles?: number;
  expectations?: Expectation[];
  unrecognised?: string[];
  findings?: ReportedFinding[];
  problems?: string[];
  fatal?: string[];
  eslintMismatch?: number;
  /** Findings of the syntax rules (not scored). */
  syntaxFindings?: number;
  truePositives?: Expectation[];
  falseNegatives?: Expectation[];
  falsePositives?: ReportedFinding[];
  optionalHits?: Expectation[];
  selfCheck?: ReportedFinding[];
}

export interface RuleTally {
  tp: number;
  fn: number;
  fp: number;
}

export function tallyByRule(results: EditResult[]): Map<string, RuleTally> {
  const tally = new Map<string, RuleTally>();
  const get = (rule: string) => tally.get(rule) ?? (tally.set(rule, { tp: 0, fn: 0, fp: 0 }), tally.get(rule)!);
  for (const result of results.filter((r) => r.status === 'replayed')) {
    for (const e of result.truePositives ?? []) get(e.ruleId).tp++;
    for (const e of result.falseNegatives ?? []) get(e.ruleId).fn++;
    for (const f of result.falsePositives ?? []) get(f.ruleId).fp++;
  }
  return tally;
}

export function summarize(repo: string, results: EditResult[], elapsedMs: number): string {
  const replayed = results.filter((r) => r.status === 'replayed');
  const skipped = results.filter((r) => r.status === 'skipped');
  const lines = [`# ${repo}: ${results.length} migration edits, ${replayed.length} replayed, ${skipped.length} skipped, ${(elapsedMs / 1000).toFixed(0)} s`];
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.reason!.replace(/\(.*$/, '').trim(), (reasons.get(s.reason!.replace(/\(.*$/, '').trim()) ?? 0) + 1);
  for (const [reason, count] of reasons) lines.push(`  skipped ${count}: ${reason}`);
  const versions = new Map<string, number>();
  for (const r of replayed) versions.set(r.snapshotVersion ?? '?', (versions.get(r.snapshotVersion ?? '?') ?? 0) + 1);
  lines.push(`  baseline snapshot versions: ${[...versions].map(([v, n]) => `v${v}×${n}`).join(', ')}`);
  lines.push(`  edits with project problems: ${replayed.filter((r) => (r.problems ?? []).length > 0).length}; ESLint/core mismatches: ${replayed.reduce((n, r) => n + (r.eslintMismatch ?? 0), 0)}; syntax-rule findings (not scored): ${replayed.reduce((n, r) => n + (r.syntaxFindings ?? 0), 0)}`);
  lines.push('', '| rule | TP | FN | recall | FP |', '| --- | ---: | ---: | ---: | ---: |');
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const [rule, t] of [...tallyByRule(results)].sort()) {
    lines.push(`| ${rule} | ${t.tp} | ${t.fn} | ${recall(t.tp, t.fn)} | ${t.fp} |`);
    tp += t.tp;
    fn += t.fn;
    fp += t.fp;
  }
  lines.push(`| **all** | ${tp} | ${fn} | ${recall(tp, fn)} | ${fp} |`, '');
  return `${lines.join('\n')}\n`;
}

function recall(tp: number, fn: number): string {
  return tp + fn === 0 ? '–' : `${((100 * tp) / (tp + fn)).toFixed(1)}%`;
}
