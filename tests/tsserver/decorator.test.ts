/**
 * In-process checks of the pieces tsserver cannot easily provoke: a failing analysis, plugin
 * options, code stability, and the refresh after the SQL parser loads. The language service is
 * TypeScript's real one; only the tsserver project around it is a small stand-in.
 */
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { decorateLanguageService } from '../../src/tsserver/decorate-language-service.js';
import { diagnosticCodeForRule } from '../../src/tsserver/diagnostic-codes.js';
import { readPluginOptions } from '../../src/tsserver/plugin-options.js';
import type { AnalyzeSchemaFile } from '../../src/tsserver/schema-analysis.js';

const FILE = '/virtual/schema.ts';
const TEXT = "export const users = { name: 'x' };\nconst n: number = 'not a number';\n";

function languageServiceWith(analyze: AnalyzeSchemaFile, config: Record<string, unknown> = {}) {
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({ strict: true, noLib: true }),
    getScriptFileNames: () => [FILE],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (f === FILE ? ts.ScriptSnapshot.fromString(TEXT) : undefined),
    getCurrentDirectory: () => '/virtual',
    getDefaultLibFileName: () => '/lib.d.ts',
    fileExists: (f) => f === FILE,
    readFile: (f) => (f === FILE ? TEXT : undefined),
  };
  const log = vi.fn<(line: string) => void>();
  const project = { getCurrentDirectory: () => '/virtual', refreshDiagnostics: vi.fn(), projectService: { logger: { info: log } } };
  const info = { config, languageService: ts.createLanguageService(host), languageServiceHost: host, project } as unknown as ts.server.PluginCreateInfo;
  const decorated = decorateLanguageService({ typescript: ts as unknown as Parameters<typeof decorateLanguageService>[0]["typescript"], info, analyze, rules });
  return { service: decorated.languageService, decorated, log, project, original: info.languageService };
}

const finding = (ruleId: string) => ({ ruleId, message: 'Message.', help: 'Help.', span: { file: FILE, start: 23, end: 27 }, sql: 'ALTER TABLE "users" DROP COLUMN "name";', lock: 'ACCESS EXCLUSIVE' });

describe('decorated language service', () => {
  it('answers with TypeScript alone and logs one line when the analysis throws', () => {
    const { service, log, original } = languageServiceWith(() => {
      throw new Error('boom');
    });
    const expected = original.getSemanticDiagnostics(FILE).map((d) => d.code);
    expect(expected).toContain(2322);
    expect(service.getSemanticDiagnostics(FILE).map((d) => d.code)).toEqual(expected);
    expect(service.getQuickInfoAtPosition(FILE, 24)?.displayParts).toBeDefined();
    expect(service.getApplicableRefactors(FILE, 24, undefined)).toEqual(original.getApplicableRefactors(FILE, 24, undefined));
    const failures = log.mock.calls.map(([line]) => line).filter((line) => line.includes('boom'));
    expect(failures).toHaveLength(3);
    expect(failures.every((line) => line.startsWith('[drizzle-migrations]') && !line.includes('\n'))).toBe(true);
  });

  it('applies rule levels from the plugin entry: error, suggestion, off', () => {
    const analyze: AnalyzeSchemaFile = () => ({ isSchemaFile: true, problems: [], findings: [finding('no-drop-column'), finding('no-set-not-null'), finding('no-drop-table')] });
    const { service } = languageServiceWith(analyze, { severity: 'suggestion', rules: { 'no-drop-column': 'error', 'drizzle-migrations/no-drop-table': 'off' } });
    const ours = (ds: readonly ts.Diagnostic[]) => ds.filter((d) => d.source === 'drizzle-migrations').map((d) => [String(d.messageText).split(']')[0], d.category]);
    expect(ours(service.getSemanticDiagnostics(FILE))).toEqual([['[drizzle-migrations/no-drop-column', ts.DiagnosticCategory.Error]]);
    expect(ours(service.getSuggestionDiagnostics(FILE))).toEqual([['[drizzle-migrations/no-set-not-null', ts.DiagnosticCategory.Suggestion]]);
  });

  it('re-reads options on configurePlugin and asks the client to re-check', () => {
    const analyze: AnalyzeSchemaFile = () => ({ isSchemaFile: true, problems: [], findings: [finding('no-drop-column')] });
    const { service, decorated, project } = languageServiceWith(analyze);
    expect(service.getSemanticDiagnostics(FILE).some((d) => d.source === 'drizzle-migrations')).toBe(true);
    decorated.reconfigure({ rules: { 'no-drop-column': 'off' } });
    expect(project.refreshDiagnostics).toHaveBeenCalledOnce();
    expect(service.getSemanticDiagnostics(FILE).some((d) => d.source === 'drizzle-migrations')).toBe(false);
  });
});

describe('plugin options', () => {
  it('turns on the recommended rules at the chosen severity and reports bad values', () => {
    const { options, warnings } = readPluginOptions({ severity: 'error', rules: { 'no-such-rule': 'error', 'no-drop-column': 'loud' }, migrationsRunOutsideTransaction: true }, '/p', rules);
    expect(options.levels.get('no-drop-column')).toBe('error');
    expect(options.levels.get('require-lock-timeout')).toBe('off');
    expect(options.settings).toMatchObject({ cwd: '/p', migrationsRunOutsideTransaction: true });
    expect(warnings).toHaveLength(2);
  });

  it('"strict" turns every rule on', () => {
    const { options } = readPluginOptions({ preset: 'strict' }, '/p', rules);
    expect([...options.levels.values()].every((level) => level === 'warning')).toBe(true);
  });
});

describe('diagnostic codes', () => {
  it('gives every shipped rule its own code in 88000–88999, from the id alone', () => {
    const codes = rules.map((r) => diagnosticCodeForRule(r.id));
    expect(new Set(codes).size).toBe(rules.length);
    expect(codes.every((c) => c >= 88000 && c <= 88999)).toBe(true);
    expect(diagnosticCodeForRule('no-drop-column')).toBe(diagnosticCodeForRule(['no', 'drop', 'column'].join('-')));
  });
});
