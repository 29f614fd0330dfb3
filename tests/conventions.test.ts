import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuleIds, renderRuleIndex, RULES_DIR } from '../scripts/generators/rule-index.js';
import { renderGeneratedFiles } from '../scripts/generators/all.js';
import { rules } from '../src/rules/index.js';

const repo = join(import.meta.dirname, '..');
const CORE_DIRS = ['src/core', 'src/schema', 'src/snapshot', 'src/migration', 'src/rules'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('one id everywhere', () => {
  it.each(listRuleIds())('%s has its rule, doc page and test, and a conforming id', (id) => {
    expect(id).toMatch(/^(no|require|prefer)-[a-z0-9-]+$/);
    expect(existsSync(join(repo, 'docs/rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
    expect(existsSync(join(repo, 'tests/rules', `${id}.test.ts`)), `tests/rules/${id}.test.ts`).toBe(true);
    expect(rules.find((r) => r.id === id), `rule object with id ${id}`).toBeDefined();
  });

  it('has no doc page or rule test without a rule', () => {
    const ids = new Set(listRuleIds());
    const docs = readdirSync(join(repo, 'docs/rules')).map((f) => f.replace(/\.md$/, ''));
    const tests = readdirSync(join(repo, 'tests/rules')).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.test\.ts$/, ''));
    expect(docs.filter((d) => !ids.has(d))).toEqual([]);
    expect(tests.filter((t) => !ids.has(t))).toEqual([]);
  });
});

describe('generated files are current (run `npm run generate`)', () => {
  it('src/rules/index.ts', () => {
    expect(readFileSync(join(RULES_DIR, 'index.ts'), 'utf8')).toBe(renderRuleIndex());
  });

  it.each(renderGeneratedFiles().map(([file, text]) => [relative(repo, file), text] as const))('%s', (file, text) => {
    expect(readFileSync(join(repo, file), 'utf8')).toBe(text);
  });
});

describe('core before hosts', () => {
  const forbidden = [/from ['"]eslint['"]/, /from ['"]@eslint\//, /tsserverlibrary/, /from ['"][./]+\/(eslint|tsserver)\//, /require\(['"]eslint['"]\)/];
  const coreFiles = CORE_DIRS.flatMap((d) => (existsSync(join(repo, d)) ? filesUnder(join(repo, d)) : [])).filter((f) => f.endsWith('.ts'));

  it('finds the core files', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
  });

  it.each(coreFiles.map((f) => relative(repo, f)))('%s imports neither ESLint nor tsserver', (file) => {
    const text = readFileSync(join(repo, file), 'utf8');
    for (const pattern of forbidden) expect(text, `${file} matches ${pattern}`).not.toMatch(pattern);
  });
});
