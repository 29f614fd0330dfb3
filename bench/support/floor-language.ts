/**
 * ESLint's own per-file floor for `.sql` files: a language that parses nothing and one rule that
 * does nothing on `Program`. `plugin+floor` minus `plugin` is what any ESLint language pays for the
 * 300 migration files (glob, config lookup, reading, SourceCode, traversal, directives) before its
 * parser and rules do any work: the part of #3's marginal cost no plugin can remove.
 */
import type { ESLint, Linter } from 'eslint';
import { TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';

interface FloorProgram {
  type: 'Program';
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

class FloorSourceCode extends TextSourceCodeBase<{ LangOptions: Record<string, never>; RootNode: FloorProgram; SyntaxElementWithLoc: FloorProgram; ConfigNode: never }> {
  getInlineConfigNodes(): never[] {
    return [];
  }

  getDisableDirectives() {
    return { problems: [], directives: [] };
  }

  applyInlineConfig() {
    return { problems: [], configs: [] };
  }

  override traverse(): Iterable<VisitNodeStep> {
    const program = this.ast;
    return [new VisitNodeStep({ target: program, phase: 1, args: [program, undefined] }), new VisitNodeStep({ target: program, phase: 2, args: [program, undefined] })];
  }
}

const floorLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: { Program: [] } as Record<string, string[]>,
  defaultLanguageOptions: {},
  validateLanguageOptions(): void {},
  parse(file: { body: string | Uint8Array }) {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const ast: FloorProgram = { type: 'Program', range: [0, text.length], loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } } };
    return { ok: true as const, ast };
  },
  createSourceCode(file: { body: string | Uint8Array }, result: { ast: FloorProgram }) {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new FloorSourceCode({ text, ast: result.ast });
  },
};

const floorPlugin = {
  meta: { name: 'floor' },
  languages: { text: floorLanguage },
  rules: { noop: { meta: { type: 'problem' as const, schema: [] }, create: () => ({ Program() {} }) } },
} as unknown as ESLint.Plugin;

export const floorSqlConfig: Linter.Config = { files: ['**/*.sql'], plugins: { floor: floorPlugin }, language: 'floor/text', rules: { 'floor/noop': 'warn' } };
