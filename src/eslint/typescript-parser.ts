/**
 * typescript-eslint's parser, unchanged, except that a file the schema reader has already parsed is not
 * parsed again. The project-wide findings need every schema file read when the first one is linted, so
 * by the time ESLint reaches the others the reader holds their trees; typescript-estree accepts a
 * `ts.SourceFile` in place of the text and converts it as it would its own parse. The tree is handed
 * over only when it is the one typescript-estree would build: the same `typescript` module (checked on
 * a tree typescript-eslint built itself), no type information asked for (with a project, the tree comes
 * from the program), a `.ts`/`.mts`/`.cts` file, JSDoc left unparsed (typescript-estree's default
 * without type information, and how the reader parses), the exact text ESLint is linting, and a tree
 * from a whole parse (not an incremental re-parse). A tree handed over is the host's from then on.
 */
import path from 'node:path';
import * as typescriptParser from '@typescript-eslint/parser';
import { handOverSourceFile, isOwnTypeScriptTree } from '../schema/parse-cache.js';

type ParserOptions = typescriptParser.ParserOptions;

const TYPESCRIPT_EXTENSION = /(?<!\.d)\.[mc]?ts$/;
let sameTypeScript = false;

export const typescriptParserReusingTrees = {
  ...typescriptParser,
  parseForESLint(code: string, options?: ParserOptions | null): ReturnType<typeof typescriptParser.parseForESLint> {
    const tree = reusableTree(code, options);
    const result = typescriptParser.parseForESLint(tree ?? code, options);
    if (!tree && !sameTypeScript) sameTypeScript = isOwnTypeScriptTree(result.services.esTreeNodeToTSNodeMap?.get(result.ast));
    return result;
  },
  parse(code: string, options?: ParserOptions | null): ReturnType<typeof typescriptParser.parse> {
    return typescriptParserReusingTrees.parseForESLint(code, options).ast;
  },
};

function reusableTree(code: string, options: ParserOptions | null | undefined) {
  if (!sameTypeScript || typeof code !== 'string' || !options?.filePath || !TYPESCRIPT_EXTENSION.test(options.filePath)) return undefined;
  if (options.project || options.projectService || options.programs) return undefined;
  if (options.jsDocParsingMode !== undefined && options.jsDocParsingMode !== 'none') return undefined;
  const tree = handOverSourceFile(path.resolve(options.filePath), code);
  // With `sourceType: 'module'`, typescript-estree marks the file a module even without imports (`setExternalModuleIndicator`).
  if (tree && options.sourceType === 'module') (tree as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
  return tree;
}
