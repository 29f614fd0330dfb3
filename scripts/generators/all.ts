import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../src/rules/index.js';
import { renderPostgresLocksDoc } from './postgres-locks-doc.js';
import { HEADER_BEGIN, HEADER_END, renderDocHeader } from './doc-header.js';
import { README_BEGIN, README_END, renderRulesTable, replaceBetween } from './readme-rules.js';

const repo = join(import.meta.dirname, '../..');

/** Every generated file other than src/rules/index.ts: [absolute path, expected text]. */
export function renderGeneratedFiles(): [string, string][] {
  const out: [string, string][] = [];
  const readme = join(repo, 'README.md');
  out.push([readme, replaceBetween(readFileSync(readme, 'utf8'), README_BEGIN, README_END, renderRulesTable(rules))]);
  for (const rule of rules) {
    const doc = join(repo, 'docs/rules', `${rule.id}.md`);
    let text: string;
    try {
      text = readFileSync(doc, 'utf8');
    } catch {
      continue; // conventions.test.ts reports the missing page
    }
    if (text.includes(HEADER_BEGIN)) out.push([doc, replaceBetween(text, HEADER_BEGIN, HEADER_END, renderDocHeader(rule))]);
  }
  out.push([join(repo, 'docs/postgres-locks.md'), renderPostgresLocksDoc()]);
  return out;
}
