import ts from 'typescript';

const cache = new Map<string, { text: string; sourceFile: ts.SourceFile }>();

/** Parses once per (path, text); an unchanged file costs a map lookup. */
export function parseFile(path: string, text: string): ts.SourceFile {
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.sourceFile;
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  cache.set(path, { text, sourceFile });
  return sourceFile;
}
