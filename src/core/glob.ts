import { isAbsolute, join, resolve, sep } from 'node:path';
import { isDirectory, isFile, listDirectory } from './fs.js';

/**
 * The subset of glob v8 (what drizzle-kit 0.31 uses for `schema`) that configs use in practice:
 * `*`, `?`, `[...]`, `{a,b}` and `**` as a whole path segment. Like glob, `*` does not match names
 * starting with a dot. No new dependency for this.
 */

/** Extensions drizzle-kit accepts as schema files (0.31: ts/js family; 1.0 adds jsx/tsx). */
const SCHEMA_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

export interface SchemaExpansion {
  /** Absolute schema entry files, in match order, without duplicates. */
  files: string[];
  /** Paths (listed folders, named files that may be missing) whose mtime decides the result. */
  watched: string[];
}

export function hasGlobMagic(segment: string): boolean {
  return /[*?[\]{}]/.test(segment);
}

/** Expands `{a,b}` alternatives (nested too) into plain patterns. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      if (commas.length === 0) return [pattern];
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      const cuts = [open, ...commas, i];
      const options = cuts.slice(0, -1).map((cut, k) => pattern.slice(cut + 1, cuts[k + 1]));
      return options.flatMap((option) => expandBraces(head + option + tail));
    } else if (char === ',' && depth === 1) commas.push(i);
  }
  return [pattern];
}

/** One path segment (no `/`, no braces) as a RegExp. */
export function segmentToRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) source += '\\[';
      else {
        const body = segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      }
    } else source += char.replace(/[.+^$()|\\]/g, '\\$&');
  }
  const hidesDotFiles = !segment.startsWith('.');
  return new RegExp(`^${hidesDotFiles ? '(?!\\.)' : ''}${source}$`);
}

/**
 * Resolves a config's `schema` entries against `root` the way drizzle-kit's `prepareFilenames`
 * does: each entry is a file, a folder (its direct files only) or a glob.
 */
export function expandSchemaPatterns(patterns: string[], root: string): SchemaExpansion {
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const pattern of patterns.flatMap(expandBraces)) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(root, pattern);
    for (const match of matchPath(absolute, folders)) {
      if (isDirectory(match)) {
        folders.add(match);
        for (const entry of listDirectory(match)) {
          const child = join(match, entry.name);
          if (isFile(child)) files.add(child);
        }
      } else files.add(match);
    }
  }
  return { files: [...files].filter(isSchemaExtension), watched: [...folders] };
}

function isSchemaExtension(file: string): boolean {
  return SCHEMA_EXTENSIONS.some((extension) => file.endsWith(extension));
}

function matchPath(absolute: string, folders: Set<string>): string[] {
  const segments = absolute.split(/[\\/]+/);
  const firstMagic = segments.findIndex(hasGlobMagic);
  if (firstMagic === -1) {
    folders.add(absolute);
    return isFile(absolute) || isDirectory(absolute) ? [absolute] : [];
  }
  const base = segments.slice(0, firstMagic).join(sep) || sep;
  const results: string[] = [];
  walk(base, segments.slice(firstMagic), results, folders);
  return results;
}

function walk(dir: string, segments: string[], results: string[], folders: Set<string>): void {
  if (segments.length === 0) {
    results.push(dir);
    return;
  }
  const [segment, ...rest] = segments;
  if (segment === '**') {
    walk(dir, rest, results, folders);
    for (const child of childFolders(dir, folders)) walk(child, segments, results, folders);
    return;
  }
  if (!hasGlobMagic(segment)) {
    const next = join(dir, segment);
    if (rest.length === 0 ? isFile(next) || isDirectory(next) : isDirectory(next)) walk(next, rest, results, folders);
    return;
  }
  const pattern = segmentToRegExp(segment);
  folders.add(dir);
  for (const entry of listDirectory(dir)) {
    if (!pattern.test(entry.name)) continue;
    const child = join(dir, entry.name);
    if (rest.length === 0 || isDirectory(child)) walk(child, rest, results, folders);
  }
}

/** Sub-folders `**` descends into: like glob, skips dot folders; also skips node_modules. */
function childFolders(dir: string, folders: Set<string>): string[] {
  folders.add(dir);
  return listDirectory(dir)
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => join(dir, entry.name))
    .filter(isDirectory);
}
