/**
 * A TypeScript language service over a folder of schema files, decorated by the tsserver plugin
 * exactly as tsserver would (`decorateLanguageService`), inside this process, so one request's
 * plugin time can be measured precisely. `edit(file, text)` is what tsserver does on a keystroke:
 * new text, new script version, new project version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { loadSqlParser, isSqlParserLoaded } from '../../src/migration/parse-sql.js';
import { rules } from '../../src/rules/index.js';
import { decorateLanguageService } from '../../src/tsserver/decorate-language-service.js';

export interface BenchLanguageService {
  /** TypeScript's own service. */
  original: ts.LanguageService;
  /** The plugin's decoration of a service whose own diagnostics are precomputed: times only the plugin. */
  pluginOnly: ts.LanguageService;
  edit(file: string, text: string): void;
  text(file: string): string;
  /** TypeScript's semantic diagnostics for `file`, computed and remembered for `pluginOnly`. */
  typescriptDiagnostics(file: string): readonly ts.Diagnostic[];
}

export async function createBenchLanguageService(dir: string, subfolder = 'schema'): Promise<BenchLanguageService> {
  if (!isSqlParserLoaded()) await loadSqlParser();
  const files = new Map<string, { text: string; version: number }>();
  for (const name of readdirSync(path.join(dir, subfolder))) {
    if (name.endsWith('.ts')) files.set(path.join(dir, subfolder, name), { text: readFileSync(path.join(dir, subfolder, name), 'utf8'), version: 1 });
  }
  // tsserver's project has a version that changes with any file; with it, `getProgram()` on an
  // up-to-date program returns at once instead of comparing every file's version.
  let projectVersion = 1;
  const host: ts.LanguageServiceHost = {
    getProjectVersion: () => String(projectVersion),
    getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true }),
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: (file) => String(files.get(file)?.version ?? 0),
    getScriptSnapshot: (file) => {
      const known = files.get(file)?.text ?? (ts.sys.fileExists(file) ? ts.sys.readFile(file) : undefined);
      return known === undefined ? undefined : ts.ScriptSnapshot.fromString(known);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => files.has(file) || ts.sys.fileExists(file),
    readFile: (file) => files.get(file)?.text ?? ts.sys.readFile(file),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const original = ts.createLanguageService(host, ts.createDocumentRegistry());
  const precomputed = new Map<string, readonly ts.Diagnostic[]>();
  const stub = Object.create(original) as ts.LanguageService;
  stub.getSemanticDiagnostics = (file) => [...(precomputed.get(file) ?? [])];
  stub.getSuggestionDiagnostics = () => [];
  const project = {
    projectService: { logger: { info: () => {} } },
    getCurrentDirectory: () => dir,
    getProjectName: () => 'bench',
    refreshDiagnostics: () => {},
  };
  const info = { languageService: stub, languageServiceHost: host, project, config: {} } as unknown as ts.server.PluginCreateInfo;
  const { languageService: pluginOnly } = decorateLanguageService({ typescript: ts as unknown as Parameters<typeof decorateLanguageService>[0]['typescript'], info, analyze: analyzeSchemaFile, rules });
  return {
    original,
    pluginOnly,
    edit(file, text) {
      const entry = files.get(file)!;
      files.set(file, { text, version: entry.version + 1 });
      projectVersion++;
    },
    text: (file) => files.get(file)!.text,
    typescriptDiagnostics(file) {
      const diagnostics = original.getSemanticDiagnostics(file);
      precomputed.set(file, diagnostics);
      return diagnostics;
    },
  };
}
