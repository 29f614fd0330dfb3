import ts from 'typescript';

const DRIZZLE_ORM_SPECIFIER = /['"]drizzle-orm(?:\/[\w-]+)*['"]/;

/**
 * The text names a `drizzle-orm` module in quotes (an import or re-export). `includes` first: a plain
 * substring search is several times faster than the regex on the many files that never mention it.
 */
export function mentionsDrizzleOrm(text: string): boolean {
  return text.includes('drizzle-orm') && DRIZZLE_ORM_SPECIFIER.test(text);
}

/** The names a file binds to drizzle-orm's `sql` (`import { sql as q }`) and to a whole drizzle-orm module (`import * as orm`). */
export interface DrizzleSqlNames {
  names: Set<string>;
  namespaces: Set<string>;
}

export function drizzleSqlNames(sourceFile: ts.SourceFile): DrizzleSqlNames {
  const found: DrizzleSqlNames = { names: new Set(), namespaces: new Set() };
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/^drizzle-orm(\/|$)/.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) found.namespaces.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if ((element.propertyName ?? element.name).text === 'sql') found.names.add(element.name.text);
    }
  }
  return found;
}

export function hasDrizzleSqlNames(found: DrizzleSqlNames): boolean {
  return found.names.size > 0 || found.namespaces.size > 0;
}

/** `q` or `orm.sql`, where `q` and `orm` are such names. */
export function isDrizzleSql(expression: ts.Expression, found: DrizzleSqlNames): boolean {
  if (ts.isIdentifier(expression)) return found.names.has(expression.text);
  return ts.isPropertyAccessExpression(expression) && expression.name.text === 'sql' && ts.isIdentifier(expression.expression) && found.namespaces.has(expression.expression.text);
}
