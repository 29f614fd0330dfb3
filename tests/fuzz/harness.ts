/**
 * Runs one input through the real ESLint Node API (plugin `strict` config + SQL language) and through
 * the tsserver plugin's decorated language service, and checks the robustness property: no exception
 * escapes, no fatal message except a SQL syntax error, every location inside the file.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { ESLint } from 'eslint';
import * as typescriptParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint/index.js';
import { cacheSettings, clearAllCaches } from '../../src/core/cache.js';
import { createBenchLanguageService, type BenchLanguageService } from '../../bench/support/language-service.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A throwaway copy of a fixture project under tests/.tmp (gitignored). */
export function copyFixture(name: string, tag: string): { dir: string; remove(): void } {
  const dir = path.join(repoRoot, 'tests/.tmp', `${tag}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  cpSync(path.join(repoRoot, 'tests/fixtures/projects', name), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Files change between runs: make every cache look at the disk again. */
export function freshCaches(): void {
  cacheSettings.refreshIntervalMs = 0;
  clearAllCaches();
}

export function eslintFor(cwd: string, settings: Record<string, unknown> = {}): ESLint {
  const overrideConfig: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: typescriptParser } },
    ...plugin.configs.strict,
    { settings: { 'drizzle-migrations': settings } },
  ];
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig });
}

export interface Violation {
  input: string;
  problem: string;
}

/** Lints `text` as `file`; returns property violations (empty when the run is sound). */
export async function checkEslint(eslint: ESLint, file: string, text: string): Promise<string[]> {
  let results: ESLint.LintResult[];
  try {
    results = await eslint.lintText(text, { filePath: file });
  } catch (error) {
    return [`ESLint threw: ${error instanceof Error ? error.stack : String(error)}`];
  }
  const problems: string[] = [];
  // Line ends as the language counts them: JavaScript's for TypeScript, LF / CRLF / CR for SQL (sql-ast.ts).
  const lines = text.split(file.endsWith('.sql') ? /\r\n?|\n/ : /\r\n|[\n\r\u2028\u2029]/);
  for (const message of results[0]?.messages ?? []) {
    // The only fatal allowed is the parser's syntax error about a broken input (SQL, or TypeScript via typescript-eslint).
    const isSyntaxError = message.ruleId === null && (file.endsWith('.sql') || message.message.startsWith('Parsing error:'));
    if (message.fatal && !isSyntaxError) problems.push(`fatal: ${message.message}`);
    if (/TypeError|Cannot read propert|is not a function|Maximum call stack|\(reading '/.test(message.message)) problems.push(`crash text in message: ${message.message}`);
    if (/internal error/i.test(message.message)) problems.push(`internal error reported: ${message.message}`);
    // Parser errors carry the parser's own position; only our rules' locations are checked.
    if (message.ruleId === null) continue;
    if (!locationInside(message.line, message.column, lines)) problems.push(`bad start ${message.line}:${message.column} (${message.ruleId})`);
    if (message.endLine !== undefined && !locationInside(message.endLine, message.endColumn ?? 1, lines, true)) problems.push(`bad end ${message.endLine}:${message.endColumn} (${message.ruleId})`);
  }
  return problems;
}

/** ESLint lines and columns are 1-based; an end column may sit one past the last character. */
function locationInside(line: number, column: number, lines: string[], isEnd = false): boolean {
  if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || line > Math.max(1, lines.length) || column < 1) return false;
  return column <= (lines[line - 1]?.length ?? 0) + 1 || (isEnd && column === 1);
}

/** Asks the tsserver plugin for semantic and suggestion diagnostics and a hover of `file` after setting its text. */
export function checkTsserver(service: BenchLanguageService, file: string, text: string): string[] {
  service.edit(file, text);
  const problems: string[] = [];
  try {
    const diagnostics = [...service.pluginOnly.getSemanticDiagnostics(file), ...service.pluginOnly.getSuggestionDiagnostics(file)];
    for (const diagnostic of diagnostics) {
      const start = diagnostic.start ?? 0;
      const length = diagnostic.length ?? 0;
      if (start < 0 || length < 0 || start + length > text.length) problems.push(`tsserver diagnostic outside the file: ${start}+${length} of ${text.length}`);
    }
    service.pluginOnly.getQuickInfoAtPosition(file, Math.floor(text.length / 2));
  } catch (error) {
    problems.push(`tsserver plugin threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
  return problems;
}

export async function tsserverFor(dir: string, subfolder: string): Promise<BenchLanguageService> {
  return createBenchLanguageService(dir, subfolder);
}
