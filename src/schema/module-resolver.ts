import path from 'node:path';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

export type ModuleTarget = { kind: 'file'; path: string } | { kind: 'drizzle'; specifier: string } | { kind: 'unresolved'; specifier: string };

/**
 * Relative specifiers, and non-relative ones through `aliasBases` (tsconfig `paths`/`baseUrl` targets).
 * Anything else is drizzle or unresolved (packages are never read).
 */
export function resolveModule(specifier: string, fromFile: string, exists: (file: string) => boolean, aliasBases: (specifier: string) => string[] = () => []): ModuleTarget {
  if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/') || specifier.startsWith('drizzle-')) {
    return { kind: 'drizzle', specifier };
  }
  const bases = specifier.startsWith('.') ? [path.resolve(path.dirname(fromFile), specifier)] : aliasBases(specifier);
  for (const base of bases) {
    const found = firstCandidate(base, exists);
    if (found !== undefined) return { kind: 'file', path: found };
  }
  return { kind: 'unresolved', specifier };
}

/** The first existing file in TypeScript's candidate order; candidates are built only until one exists. */
function firstCandidate(base: string, exists: (file: string) => boolean): string | undefined {
  const ext = path.extname(base);
  const replacements = JS_TO_TS[ext];
  if (replacements) {
    for (const replacement of replacements) {
      const candidate = base.slice(0, -ext.length) + replacement;
      if (exists(candidate)) return candidate;
    }
  }
  if (SOURCE_EXTENSIONS.includes(ext) && exists(base)) return base;
  for (const extension of SOURCE_EXTENSIONS) if (exists(base + extension)) return base + extension;
  for (const extension of SOURCE_EXTENSIONS) {
    const candidate = path.join(base, 'index' + extension);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
