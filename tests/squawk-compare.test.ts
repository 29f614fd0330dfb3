/**
 * Pins how squawk 2.66 and this plugin classify the shared SQL corpus (bench/squawk-compare.ts), so a
 * change in either tool shows up here and in docs/compared-with-squawk.md. Both tools run for real.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, compareStatements, runPlugin, runSquawk, summarize, type StatementComparison } from '../bench/squawk-compare.js';

let rows: StatementComparison[];
let files: number;

beforeAll(async () => {
  const corpus = await buildCorpus(path.join(import.meta.dirname, '.tmp/squawk-compare'));
  files = corpus.length;
  rows = compareStatements(corpus, await runPlugin(corpus), runSquawk(corpus.map((c) => c.file)));
}, 180_000);

describe('squawk and drizzle-migrations on the same migrations', () => {
  it('read every file, and this plugin parses all of it', () => {
    expect(files).toBeGreaterThanOrEqual(60);
    expect(rows.flatMap((r) => r.ours).filter((rule) => rule.startsWith('(fatal)'))).toEqual([]);
  });

  it('agree and disagree where docs/compared-with-squawk.md says (statements per rule pair)', () => {
    const table = Object.fromEntries([...summarize(rows)].map(([pair, c]) => [pair, [c.both, c['ours only'], c['squawk only']]]));
    // [both, ours only, squawk only]
    expect(table).toEqual({
      'no-add-required-column ↔ adding-required-field': [1, 0, 0],
      'no-add-unique-constraint ↔ disallowed-unique-constraint': [7, 0, 0],
      'no-alter-column-type ↔ changing-column-type': [8, 0, 2],
      'no-backfill-in-migration (no squawk rule)': [0, 11, 0],
      'no-concurrent-index-in-transaction ↔ ban-concurrent-index-creation-in-transaction': [0, 2, 0],
      'no-drop-column ↔ ban-drop-column': [6, 0, 0],
      'no-drop-table ↔ ban-drop-table': [3, 0, 0],
      'no-foreign-key-type-mismatch (no squawk rule)': [0, 4, 0],
      'no-remove-enum-value (no squawk rule)': [0, 1, 0],
      'no-rename-column ↔ renaming-column': [1, 0, 0],
      'no-rename-table ↔ renaming-table': [1, 0, 0],
      'no-set-not-null ↔ adding-not-nullable-field': [4, 0, 0],
      'no-volatile-default ↔ adding-field-with-default': [4, 0, 0],
      'require-begin-after-commit (no squawk rule)': [0, 2, 0],
      'require-concurrent-index ↔ require-concurrent-index-creation': [16, 0, 0],
      'require-lock-timeout ↔ require-lock-timeout': [49, 49, 37],
      'require-not-valid-constraint ↔ adding-foreign-key-constraint / constraint-missing-not-valid': [16, 2, 7],
      'squawk ban-uncommitted-transaction': [0, 0, 4],
      'squawk prefer-bigint-over-int': [0, 0, 63],
      'squawk prefer-identity': [0, 0, 46],
      'squawk prefer-robust-stmts': [0, 0, 5],
      'squawk prefer-text-field': [0, 0, 11],
      'squawk prefer-timestamp-tz': [0, 0, 20],
      'squawk require-enum-value-ordering': [0, 0, 4],
      'squawk require-statement-timeout': [0, 0, 88],
      'squawk transaction-nesting': [0, 0, 11],
    });
  });

  it('squawk reports the unique constraints we report with no-add-unique-constraint also as constraint-missing-not-valid', () => {
    const unique = rows.filter((r) => r.ours.includes('no-add-unique-constraint'));
    expect(unique.length).toBeGreaterThan(0);
    expect(unique.every((r) => r.squawk.includes('disallowed-unique-constraint') && r.squawk.includes('constraint-missing-not-valid'))).toBe(true);
  });
});
