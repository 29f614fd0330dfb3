/**
 * Re-scores a finished replay without linting again: recomputes the ground truth from the git history
 * (after a classifier fix) and compares it with the findings saved in `results.json`.
 *
 *   npx tsx bench/replay/rescore.ts <git-dir> <results.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { showFile } from './git.js';
import { groundTruth } from './ground-truth.js';
import { readSnapshotAt } from './baseline-types.js';
import { findMigrationEdits } from './history.js';
import { scoreEdit } from './score.js';
import { summarize, type EditResult } from './summary.js';

const [gitDir, resultsFile] = process.argv.slice(2);
if (!gitDir || !resultsFile) throw new Error('usage: rescore.ts <git-dir> <results.json>');
const saved = JSON.parse(readFileSync(resultsFile, 'utf8')) as { repo: string; elapsedMs: number; results: EditResult[] };
const edits = new Map(findMigrationEdits(gitDir).map((edit) => [edit.commit, edit]));
for (const result of saved.results) {
  const edit = edits.get(result.commit);
  if (result.status !== 'replayed' || !edit) continue;
  const sqlTexts = edit.newSqlFiles.map((file) => showFile(gitDir, edit.commit, file) ?? '');
  const truth = groundTruth(sqlTexts, readSnapshotAt(gitDir, edit.parent, edit.outDir).types);
  const score = scoreEdit(truth.expectations, result.findings ?? []);
  Object.assign(result, {
    expectations: truth.expectations,
    unrecognised: truth.unrecognised,
    truePositives: score.truePositives.map((t) => t.expectation),
    falseNegatives: score.falseNegatives,
    falsePositives: score.falsePositives,
    optionalHits: score.optionalHits.map((t) => t.expectation),
  });
}
writeFileSync(resultsFile.replace(/\.json$/, '.rescored.json'), JSON.stringify(saved, null, 2));
process.stdout.write(summarize(saved.repo, saved.results, saved.elapsedMs));
