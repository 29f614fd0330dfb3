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
    for (const candidate of candidates(base)) {
      if (exists(candidate)) return { kind: 'file', path: candidate };
    }
  }
  return { kind: 'unresolved', specifier };
}

function candidates(base: string): string[] {
  const ext = path.extname(base);
  const list: string[] = [];
  if (JS_TO_TS[ext]) list.push(...JS_TO_TS[ext].map((e) => base.slice(0, -ext.length) + e));
  if (SOURCE_EXTENSIONS.includes(ext)) list.push(base);
  list.push(...SOURCE_EXTENSIONS.map((e) => base + e));
  list.push(...SOURCE_EXTENSIONS.map((e) => path.join(base, 'index' + e)));
  return list;
}
