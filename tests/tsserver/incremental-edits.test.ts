/**
 * The editor path keeps state from one keystroke to the next (parse cache, declaration and table
 * memos, per-table diffs and findings). After every edit of a random sequence its diagnostics must be
 * exactly those of a fresh analysis of the same text, made with every cache emptied first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { clearAllCaches } from '../../src/core/cache.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { rules } from '../../src/rules/index.js';
import { decorateLanguageService } from '../../src/tsserver/decorate-language-service.js';
import { readPluginOptions } from '../../src/tsserver/plugin-options.js';
import { copyFixture } from '../core/temp-project.js';
import { seededRandom } from '../support/seeded-random.js';

const PLUGIN_CONFIG = { preset: 'strict' };
const shop = copyFixture('shop', 'tsserver-incremental-edits');
const file = join(shop.dir, 'schema.ts');
const diskText = readFileSync(file, 'utf8');

beforeAll(() => loadSqlParser());
afterAll(() => {
  clearAllCaches();
  shop.cleanup();
});

const SNIPPETS = ['x', ' ', '\n', '(', ')', ',', "'", '.notNull()', '0', '{', '}', '//'];
const COLUMN_LINE = /^ +\w+: \w+\(.*,$/gm;

/** One random edit of `text`: typing, deleting, column changes, number changes, or going back to an earlier text. */
function edit(text: string, history: string[], next: () => number): string {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const at = Math.floor(next() * (text.length + 1));
  const columns = [...text.matchAll(COLUMN_LINE)];
  const numbers = [...text.matchAll(/\b\d+\b/g)];
  switch (Math.floor(next() * 8)) {
    case 0:
      return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 8));
    case 2: {
      const line = columns.length ? pick(columns) : undefined;
      return line ? text.slice(0, line.index) + text.slice(line.index + line[0].length + 1) : text;
    }
    case 3: {
      const line = columns.length ? pick(columns) : undefined;
      if (!line) return text;
      const end = line.index + line[0].length - 1;
      return text.slice(0, end) + '.notNull()' + text.slice(end);
    }
    case 4: {
      const line = columns.length ? pick(columns) : undefined;
      const name = `extra_${Math.floor(next() * 1000)}`;
      const added = `${line?.[0].match(/^ +/)?.[0] ?? '  '}${name}: integer('${name}')${next() < 0.5 ? '.notNull()' : ''},\n`;
      return line ? text.slice(0, line.index) + added + text.slice(line.index) : text;
    }
    case 5: {
      const number = numbers.length ? pick(numbers) : undefined;
      return number ? text.slice(0, number.index) + String(Math.floor(next() * 300)) + text.slice(number.index + number[0].length) : text;
    }
    case 6:
      return pick(history);
    default:
      return diskText;
  }
}

function sequence(seed: number, length: number): string[] {
  const next = seededRandom(seed);
  const texts = [diskText];
  while (texts.length <= length) texts.push(edit(texts[texts.length - 1], texts, next));
  return texts.slice(1);
}

interface Shown {
  start: number | undefined;
  length: number | undefined;
  text: string;
}

/** What a fresh analysis of `text` (every cache emptied) says the plugin must show. */
function freshExpectation(text: string): Shown[] {
  clearAllCaches();
  const { settings } = readPluginOptions(PLUGIN_CONFIG, shop.dir, rules).options;
  const analysis = analyzeSchemaFile({ file, text, settings });
  const shown: Shown[] = [];
  if (analysis.problems.length > 0) shown.push({ start: 0, length: undefined, text: analysis.problems.map((p) => p.message).join(' | ') });
  if (!analysis.isSchemaFile) return shown;
  for (const finding of analysis.findings) {
    if (finding.span.file !== file) continue;
    shown.push({ start: finding.span.start, length: finding.span.end - finding.span.start, text: `[drizzle-migrations/${finding.ruleId}] ${finding.message}\n${finding.help}` });
  }
  return shown;
}

function editorSession() {
  let current = { text: diskText, version: 1 };
  const host = {
    getScriptVersion: () => String(current.version),
    getScriptSnapshot: () => ts.ScriptSnapshot.fromString(current.text),
  } as unknown as ts.LanguageServiceHost;
  // TypeScript's own answers are not under test: an empty service stands in for it.
  const service = { getSemanticDiagnostics: () => [], getSuggestionDiagnostics: () => [], getProgram: () => undefined } as unknown as ts.LanguageService;
  const project = { getCurrentDirectory: () => shop.dir, refreshDiagnostics: () => {}, projectService: { logger: { info: () => {} } } };
  const info = { config: PLUGIN_CONFIG, languageService: service, languageServiceHost: host, project } as unknown as ts.server.PluginCreateInfo;
  const decorated = decorateLanguageService({ typescript: ts as unknown as Parameters<typeof decorateLanguageService>[0]['typescript'], info, analyze: analyzeSchemaFile, rules });
  return {
    type(text: string) {
      current = { text, version: current.version + 1 };
    },
    shown(): Shown[] {
      return decorated.languageService.getSemanticDiagnostics(file).map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        // A project problem is one diagnostic listing every problem: compare the problems' own messages.
        return d.start === 0 && text.includes('Drizzle project problem') ? { start: 0, length: undefined, text } : { start: d.start, length: d.length, text };
      });
    },
  };
}

function sameAsFresh(shown: Shown[], fresh: Shown[]): void {
  const problem = shown.find((s) => s.length === undefined);
  const expectedProblem = fresh.find((s) => s.length === undefined);
  expect(Boolean(problem)).toBe(Boolean(expectedProblem));
  for (const message of expectedProblem?.text.split(' | ') ?? []) expect(problem!.text).toContain(message);
  const findings = (list: Shown[]) => list.filter((s) => s.length !== undefined).sort((a, b) => a.start! - b.start! || a.text.localeCompare(b.text));
  expect(findings(shown)).toEqual(findings(fresh));
}

describe('tsserver plugin over a sequence of edits', () => {
  it.each([1, 2, 3])('gives what a fresh analysis gives after every edit (seed %i)', (seed) => {
    const texts = sequence(seed, 40);
    const fresh = texts.map(freshExpectation);
    expect(fresh.filter((expected) => expected.some((s) => s.length !== undefined)).length).toBeGreaterThan(5);

    clearAllCaches();
    const session = editorSession();
    session.shown();
    texts.forEach((text, i) => {
      session.type(text);
      const shown = session.shown();
      sameAsFresh(shown, fresh[i]);
      // Asked again for the same version (tsserver re-checks open files): the same answer.
      if (i % 5 === 0) expect(session.shown()).toEqual(shown);
    });
  });
});
