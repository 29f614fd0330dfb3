import ts from 'typescript';
import type { Finding } from '../core/finding.js';
import { defineRule } from '../core/rule.js';
import { drizzleSqlNames, hasDrizzleSqlNames, isDrizzleSql, type DrizzleSqlNames } from '../core/drizzle-import.js';
import { offsetsOf, visitNodesAt } from '../core/visit-nodes-at.js';

/**
 * `sql.raw(text)` pastes `text` into the query unescaped. Only a compile-time constant is safe:
 * string literals, templates and `+` of constants, and `const` bindings of those declared once
 * in the file. Syntax only: no type checker, so anything else is reported.
 */
export default defineRule({
  id: 'no-unsafe-sql-raw',
  description: 'Disallow `sql.raw()` with a value that is not a compile-time constant.',
  recommended: true,
  checkTypeScript({ file, sourceFile }) {
    const sqlNames = drizzleSqlNames(sourceFile);
    if (!hasDrizzleSqlNames(sqlNames)) return [];
    let constants: Map<string, ts.Expression> | undefined;
    const constantsOfFile = () => (constants ??= constantBindings(sourceFile));
    const findings: Finding[] = [];
    visitNodesAt(sourceFile, rawCandidates(sourceFile.text), (node) => {
      if (ts.isCallExpression(node) && isSqlRaw(node.expression, sqlNames)) {
        const [argument] = node.arguments;
        if (argument && !isConstant(argument, constantsOfFile, new Set())) {
          const text = argument.getText(sourceFile);
          findings.push({
            ruleId: 'no-unsafe-sql-raw',
            message:
              `\`sql.raw(${text})\` puts \`${text}\` into the SQL text unescaped: if any part of it comes from a request, a file or the database, ` +
              `it can change the query (SQL injection).`,
            help:
              `Interpolate values with the \`sql\` template (\`sql\\\`… \${value}\\\`\`), which sends them as parameters, and names with \`sql.identifier(name)\`; ` +
              `keep \`sql.raw()\` for constant SQL text.`,
            span: { file, start: argument.getStart(sourceFile), end: argument.getEnd() },
          });
        }
      }
    });
    return findings;
  },
});

/**
 * Where the name `raw` may be: each `sql.raw(…)` call holds one. An identifier may spell a letter
 * as a unicode escape (`r\u0061w`): then every node is a candidate.
 */
function rawCandidates(text: string): number[] | 'all' {
  return text.includes('\\u') ? 'all' : offsetsOf(text, 'raw');
}

function isSqlRaw(callee: ts.Expression, sqlNames: DrizzleSqlNames): boolean {
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'raw' && isDrizzleSql(callee.expression, sqlNames);
}

/** Initialisers of `const` bindings whose name is declared exactly once in the file (no shadowing). */
function constantBindings(sourceFile: ts.SourceFile): Map<string, ts.Expression> {
  const declarations = new Map<string, number>();
  const constInitialisers = new Map<string, ts.Expression>();
  const count = (name: string) => declarations.set(name, (declarations.get(name) ?? 0) + 1);
  const visit = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && ts.isIdentifier(node.name)) {
      count(node.name.text);
      const list = node.parent;
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) {
        constInitialisers.set(node.name.text, node.initializer);
      }
    } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node)) && node.name) {
      count(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return new Map([...constInitialisers].filter(([name]) => declarations.get(name) === 1));
}

function isConstant(node: ts.Expression, constants: () => Map<string, ts.Expression>, seen: Set<string>): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return true;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
    return isConstant(node.expression, constants, seen);
  }
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isConstant(span.expression, constants, seen));
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return isConstant(node.left, constants, seen) && isConstant(node.right, constants, seen);
  }
  if (ts.isIdentifier(node)) {
    const initialiser = constants().get(node.text);
    if (!initialiser || seen.has(node.text)) return false;
    return isConstant(initialiser, constants, new Set([...seen, node.text]));
  }
  return false;
}
