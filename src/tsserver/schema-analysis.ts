/**
 * Runs the host-neutral analysis on the editor's current text of one file, and remembers the
 * result per script version so hovers and refactors reuse what the last diagnostics computed.
 * Diagnostics always recompute: they are the moment the baseline on disk is re-checked.
 */
import path from 'node:path';
import type { AnalyzeSchemaFileInput, SchemaFileAnalysis } from '../core/analyze.js';
import { spanMoves } from '../core/moved-spans.js';
import type { ResolvedSettings } from '../core/settings.js';
import type { HostSourceFile } from '../schema/parse-cache.js';

/** `analyzeSchemaFile` from src/core/analyze.ts, injected so tests can make it fail. */
export type AnalyzeSchemaFile = (input: AnalyzeSchemaFileInput) => SchemaFileAnalysis;

/** What the analysis needs from tsserver (a subset of `LanguageServiceHost`). */
export interface ScriptSource {
  getScriptVersion(fileName: string): string;
  getScriptText(fileName: string): string | undefined;
}

export interface AnalyzedFile extends SchemaFileAnalysis {
  text: string;
}

interface CacheEntry {
  version: string;
  revision: number;
  /** `spanMoves()` then: the findings' spans follow the latest parse of their file. */
  moves: number;
  result: AnalyzedFile;
}

/** Files whose last analysis is kept per project; the least recently analysed is dropped beyond this. */
export const ANALYSIS_CACHE_LIMIT = 200;

export class SchemaAnalysisCache {
  private readonly entries = new Map<string, CacheEntry>();
  private revision = 0;

  get size(): number {
    return this.entries.size;
  }

  constructor(
    private readonly analyze: AnalyzeSchemaFile,
    private readonly source: ScriptSource,
  ) {}

  /** Forget everything (settings changed). */
  invalidate(): void {
    this.revision++;
    this.entries.clear();
  }

  /** `hostSourceFile`: the program's parse of the file, used only when its text is the script text. */
  fresh(fileName: string, settings: ResolvedSettings, hostSourceFile?: HostSourceFile): AnalyzedFile | undefined {
    const text = this.source.getScriptText(fileName);
    if (text === undefined) return undefined;
    const analysis = this.analyze({ file: fileName, text, settings, hostSourceFile });
    const result = { ...analysis, text, findings: analysis.findings.filter((f) => samePath(f.span.file, fileName)) };
    this.entries.delete(fileName);
    this.entries.set(fileName, { version: this.source.getScriptVersion(fileName), revision: this.revision, moves: spanMoves(), result });
    if (this.entries.size > ANALYSIS_CACHE_LIMIT) this.entries.delete(this.entries.keys().next().value as string);
    return result;
  }

  current(fileName: string, settings: ResolvedSettings, hostSourceFile?: HostSourceFile): AnalyzedFile | undefined {
    const entry = this.entries.get(fileName);
    if (entry && entry.revision === this.revision && entry.moves === spanMoves() && entry.version === this.source.getScriptVersion(fileName)) return entry.result;
    return this.fresh(fileName, settings, hostSourceFile);
  }
}

export function samePath(a: string, b: string): boolean {
  return a === b || path.resolve(a) === path.resolve(b);
}
