/**
 * `compilerOptions.paths` / `baseUrl` of the tsconfig.json nearest to a file, read statically (JSONC,
 * relative `extends` followed), so that `export * from '@/db/schema/users'` can be followed.
 * https://www.typescriptlang.org/tsconfig/#paths — `paths` resolve against `baseUrl`, else against the
 * tsconfig that declares them.
 */
import path from 'node:path';
import ts from 'typescript';

export interface PathAliases {
  /** Folder the `paths` targets resolve against. */
  pathsBase: string;
  paths: Record<string, string[]>;
  baseUrl?: string;
}

const MAX_EXTENDS = 8;

/** Base paths (without extension) a non-relative specifier may point at, in tsconfig order. */
export function aliasTargets(specifier: string, aliases: PathAliases | undefined): string[] {
  if (!aliases) return [];
  const targets: string[] = [];
  let bestPrefix = -1;
  for (const [pattern, list] of Object.entries(aliases.paths)) {
    const star = pattern.indexOf('*');
    const prefix = star < 0 ? pattern : pattern.slice(0, star);
    const suffix = star < 0 ? '' : pattern.slice(star + 1);
    const matches = star < 0 ? specifier === pattern : specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length;
    // TypeScript uses the pattern with the longest prefix before `*`.
    if (!matches || prefix.length < bestPrefix) continue;
    const captured = star < 0 ? '' : specifier.slice(prefix.length, specifier.length - suffix.length);
    const resolved = list.filter((t) => typeof t === 'string').map((t) => path.resolve(aliases.pathsBase, t.replace('*', captured)));
    if (prefix.length > bestPrefix) targets.length = 0;
    bestPrefix = prefix.length;
    targets.push(...resolved);
  }
  if (aliases.baseUrl) targets.push(path.resolve(aliases.baseUrl, specifier));
  return targets;
}

/** The aliases of the nearest tsconfig.json above `fromFile`; `readFile` returns undefined for a missing file. */
export function findPathAliases(fromFile: string, readFile: (file: string) => string | undefined): PathAliases | undefined {
  for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    const text = safeRead(readFile, file);
    if (text !== undefined) return readAliases(file, text, readFile, 0);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readAliases(file: string, text: string, readFile: (file: string) => string | undefined, depth: number): PathAliases | undefined {
  const { config } = ts.parseConfigFileTextToJson(file, text);
  if (!config || typeof config !== 'object') return undefined;
  const dir = path.dirname(file);
  let inherited: PathAliases | undefined;
  for (const parent of extendsList(config.extends)) {
    if (depth >= MAX_EXTENDS || !parent.startsWith('.')) continue; // package `extends` are not followed
    const parentFile = path.resolve(dir, parent.endsWith('.json') ? parent : `${parent}.json`);
    const parentText = safeRead(readFile, parentFile);
    const aliases = parentText === undefined ? undefined : readAliases(parentFile, parentText, readFile, depth + 1);
    if (aliases) inherited = { ...inherited, ...aliases };
  }
  const options = config.compilerOptions ?? {};
  const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : inherited?.baseUrl;
  const ownPaths = options.paths && typeof options.paths === 'object' ? (options.paths as Record<string, string[]>) : undefined;
  if (!ownPaths && !inherited && !baseUrl) return undefined;
  if (ownPaths) return { paths: ownPaths, pathsBase: baseUrl ?? dir, baseUrl };
  // Inherited `paths` keep the base of the file that declared them, unless this file sets `baseUrl`.
  return { paths: inherited?.paths ?? {}, pathsBase: typeof options.baseUrl === 'string' ? baseUrl! : (inherited?.pathsBase ?? dir), baseUrl };
}

function extendsList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function safeRead(readFile: (file: string) => string | undefined, file: string): string | undefined {
  try {
    return readFile(file);
  } catch {
    return undefined;
  }
}
