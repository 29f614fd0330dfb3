/**
 * Wraps one project's language service: our findings join TypeScript's diagnostics, hovers and
 * refactors. Every override is guarded: on an internal error the original answer is returned and
 * one line goes to the tsserver log.
 */
import type * as ts from 'typescript';
import type { RuleDefinition } from '../core/rule.js';
import { applicableRefactors, editsForRefactor, kindMatches, REFACTOR_NAME } from './refactors.js';
import { findingsAt, withFindingsHover } from './hover.js';
import { readPluginOptions, type PluginOptions, type RuleLevel } from './plugin-options.js';
import { SchemaAnalysisCache, type AnalyzedFile, type AnalyzeSchemaFile } from './schema-analysis.js';
import { findingToDiagnostic, problemsToDiagnostic, PROJECT_RULE_ID, type ActiveLevel } from './to-diagnostic.js';

type TypeScript = typeof ts;

export interface DecorateInput {
  typescript: TypeScript;
  info: ts.server.PluginCreateInfo;
  analyze: AnalyzeSchemaFile;
  rules: readonly RuleDefinition[];
}

export interface DecoratedLanguageService {
  languageService: ts.LanguageService;
  /** Applies a new plugin entry (from `configurePlugin`) and asks the client to re-check. */
  reconfigure(config: unknown): void;
}

export const LOG_PREFIX = '[drizzle-migrations]';

export function decorateLanguageService({ typescript, info, analyze, rules }: DecorateInput): DecoratedLanguageService {
  const original = info.languageService;
  const log = (line: string) => info.project.projectService.logger.info(`${LOG_PREFIX} ${line}`);
  const cache = new SchemaAnalysisCache(analyze, {
    getScriptVersion: (fileName) => info.languageServiceHost.getScriptVersion(fileName),
    getScriptText: (fileName) => {
      const snapshot = info.languageServiceHost.getScriptSnapshot(fileName);
      return snapshot?.getText(0, snapshot.getLength());
    },
  });
  let options = loadOptions(info.config);

  function loadOptions(config: unknown): PluginOptions {
    const { options: read, warnings } = readPluginOptions(config, info.project.getCurrentDirectory(), rules);
    for (const warning of warnings) log(`Plugin options: ${warning}`);
    return read;
  }

  function guard<T>(hook: string, fallback: T, work: () => T): T {
    try {
      return work();
    } catch (error) {
      log(`${hook} failed, answering without drizzle-migrations: ${error instanceof Error ? error.stack?.split('\n', 2).join(' ') : String(error)}`);
      return fallback;
    }
  }

  // The program's own SourceFile is never handed to the analysis: tsserver re-parses an edited file
  // incrementally (`ts.updateSourceFile`), which moves the old tree's nodes in place, so a cached copy
  // of it would point at wrong positions after the next edit. The analysis re-parses the buffer
  // incrementally from its own previous tree instead, at a moment it controls.
  function analysis(fileName: string, recompute: boolean): AnalyzedFile | undefined {
    return recompute ? cache.fresh(fileName, options.settings) : cache.current(fileName, options.settings);
  }

  function levelOf(ruleId: string): RuleLevel {
    return options.levels.get(ruleId) ?? 'off';
  }

  function ourDiagnostics(fileName: string, wanted: 'semantic' | 'suggestion'): ts.Diagnostic[] {
    const sourceFile = original.getProgram()?.getSourceFile(fileName);
    const result = analysis(fileName, wanted === 'semantic');
    if (!result) return [];
    const belongs = (level: RuleLevel): level is ActiveLevel => level !== 'off' && (level === 'suggestion') === (wanted === 'suggestion');
    const diagnostics: ts.Diagnostic[] = [];
    const problemLevel = levelOf(PROJECT_RULE_ID);
    if (result.problems.length > 0 && belongs(problemLevel)) diagnostics.push(problemsToDiagnostic(typescript, sourceFile, result.text, result.problems, problemLevel));
    if (!result.isSchemaFile) return diagnostics;
    for (const finding of result.findings) {
      const level = levelOf(finding.ruleId);
      if (belongs(level)) diagnostics.push(findingToDiagnostic(typescript, sourceFile, finding, level));
    }
    return diagnostics;
  }

  function enabledFindings(fileName: string) {
    const result = analysis(fileName, false);
    return result?.isSchemaFile ? result.findings.filter((f) => levelOf(f.ruleId) !== 'off') : [];
  }

  const proxy = passThrough(original);

  proxy.getSemanticDiagnostics = (fileName) => {
    const theirs = original.getSemanticDiagnostics(fileName);
    return guard('getSemanticDiagnostics', theirs, () => [...theirs, ...ourDiagnostics(fileName, 'semantic')]);
  };

  proxy.getSuggestionDiagnostics = (fileName) => {
    const theirs = original.getSuggestionDiagnostics(fileName);
    // Our suggestion diagnostics always carry `file`, `start` and `length`.
    return guard('getSuggestionDiagnostics', theirs, () => [...theirs, ...(ourDiagnostics(fileName, 'suggestion') as ts.DiagnosticWithLocation[])]);
  };

  proxy.getQuickInfoAtPosition = (fileName, position, ...rest) => {
    const theirs = original.getQuickInfoAtPosition(fileName, position, ...rest);
    return guard('getQuickInfoAtPosition', theirs, () => withFindingsHover(typescript, theirs, findingsAt(enabledFindings(fileName), position)));
  };

  proxy.getApplicableRefactors = (fileName, positionOrRange, preferences, triggerReason, kind, ...rest) => {
    const theirs = original.getApplicableRefactors(fileName, positionOrRange, preferences, triggerReason, kind, ...rest);
    return guard('getApplicableRefactors', theirs, () =>
      kindMatches(kind) ? [...theirs, ...applicableRefactors(enabledFindings(fileName), positionOrRange)] : theirs,
    );
  };

  proxy.getEditsForRefactor = (fileName, formatOptions, positionOrRange, refactorName, actionName, ...rest) => {
    if (refactorName !== REFACTOR_NAME) return original.getEditsForRefactor(fileName, formatOptions, positionOrRange, refactorName, actionName, ...rest);
    return guard('getEditsForRefactor', undefined, () => editsForRefactor(enabledFindings(fileName), positionOrRange, actionName));
  };

  return {
    languageService: proxy,
    reconfigure(config) {
      guard('onConfigurationChanged', undefined, () => {
        options = loadOptions({ ...info.config, ...(config && typeof config === 'object' ? config : {}) });
        cache.invalidate();
        info.project.refreshDiagnostics();
      });
    },
  };
}

/** A fresh object forwarding every method: never mutate `info.languageService` (plugins chain). */
function passThrough(service: ts.LanguageService): ts.LanguageService {
  const proxy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(service) as Array<keyof ts.LanguageService>) {
    const member = service[key];
    proxy[key] = typeof member === 'function' ? (...args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(service, args) : member;
  }
  return proxy as unknown as ts.LanguageService;
}
