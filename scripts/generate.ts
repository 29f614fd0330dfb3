/**
 * Writes every generated file: src/rules/index.ts, the README rule table, the doc page headers,
 * docs/postgres-locks.md. `tests/conventions.test.ts` fails when one of them is stale.
 * Run: npm run generate
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_DIR, renderRuleIndex } from './generators/rule-index.js';

const repo = join(import.meta.dirname, '..');

function writeIfChanged(file: string, text: string): void {
  let old: string | undefined;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old !== text) {
    writeFileSync(file, text);
    console.log(`wrote ${file.slice(repo.length + 1)}`);
  }
}

writeIfChanged(join(RULES_DIR, 'index.ts'), renderRuleIndex());

// Imported after the index is written, so new rules are included.
const { renderGeneratedFiles } = await import('./generators/all.js');
for (const [file, text] of renderGeneratedFiles()) writeIfChanged(file, text);
