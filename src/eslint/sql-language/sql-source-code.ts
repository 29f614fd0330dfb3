import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import type { FileProblem, RulesConfig } from '@eslint/core';
import { SQL_LINE_END, type SourceLocation, type SqlComment, type SqlNode, type SqlProgram } from './sql-ast.js';

const commentParser = new ConfigCommentParser();
const INLINE_CONFIG = /^\s*\*?\s*(?:eslint|eslint-enable|eslint-disable(?:(?:-next)?-line)?)(?:\s|$)/u;

type DirectiveType = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

/** SourceCode of one migration file. `-- eslint-disable-next-line rule -- reason` and block comments work as in JS. */
export class SqlSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, never>;
  RootNode: SqlProgram;
  SyntaxElementWithLoc: SqlNode | SqlComment;
  ConfigNode: SqlComment;
}> {
  override ast: SqlProgram;
  readonly comments: SqlComment[];
  #parents = new WeakMap<SqlNode, SqlNode | undefined>();
  #steps: VisitNodeStep[] | undefined;

  constructor({ text, ast }: { text: string; ast: SqlProgram }) {
    super({ text, ast, lineEndingPattern: SQL_LINE_END });
    this.ast = ast;
    this.comments = ast.comments;
  }

  getInlineConfigNodes(): SqlComment[] {
    return this.comments.filter((comment) => INLINE_CONFIG.test(comment.value));
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const directive = commentParser.parseDirective(directiveText(comment));
      if (!directive) continue;
      const { label, value, justification } = directive;
      if (label === 'eslint-disable-line' && comment.loc.start.line !== comment.loc.end.line) {
        problems.push({ ruleId: null, message: `${label} comment should not span multiple lines.`, loc: comment.loc });
        continue;
      }
      if (['eslint-disable', 'eslint-enable', 'eslint-disable-next-line', 'eslint-disable-line'].includes(label)) {
        const type = label.slice('eslint-'.length) as DirectiveType;
        directives.push(new Directive({ type, node: comment, value, justification }));
      }
    }
    return { problems, directives };
  }

  applyInlineConfig(): { problems: FileProblem[]; configs: Array<{ config: { rules: RulesConfig }; loc: SourceLocation }> } {
    const problems: FileProblem[] = [];
    const configs: Array<{ config: { rules: RulesConfig }; loc: SourceLocation }> = [];
    for (const comment of this.getInlineConfigNodes()) {
      const directive = commentParser.parseDirective(directiveText(comment));
      if (directive?.label !== 'eslint') continue;
      const result = commentParser.parseJSONLikeConfig(directive.value);
      if (result.ok) configs.push({ config: { rules: result.config as RulesConfig }, loc: comment.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc });
    }
    return { problems, configs };
  }

  override getParent(node: SqlNode): SqlNode | undefined {
    return this.#parents.get(node);
  }

  override traverse(): Iterable<VisitNodeStep> {
    if (!this.#steps) {
      const steps: VisitNodeStep[] = [];
      const program = this.ast;
      steps.push(new VisitNodeStep({ target: program, phase: 1, args: [program, undefined] }));
      for (const statement of program.body) {
        this.#parents.set(statement, program);
        steps.push(new VisitNodeStep({ target: statement, phase: 1, args: [statement, program] }));
        steps.push(new VisitNodeStep({ target: statement, phase: 2, args: [statement, program] }));
      }
      steps.push(new VisitNodeStep({ target: program, phase: 2, args: [program, undefined] }));
      this.#steps = steps;
    }
    return this.#steps.values();
  }
}

/** vscode-eslint's block style writes `/** eslint-disable-next-line … *\/`: drop the leading `*`. */
function directiveText(comment: SqlComment): string {
  return comment.value.replace(/^\s*\*/, '');
}
