/**
 * Where the schema of a migrations folder lives at one commit: the drizzle config whose `out` is that
 * folder (read statically with the plugin's own config reader), its `schema` entries expanded over the
 * commit's file list, and barrel files that only re-export a tsconfig `paths` alias replaced by their
 * targets (the plugin does not follow aliases; see docs/replay.md).
 */
import { posix } from 'node:path';
import { parseDrizzleConfig } from '../../src/core/config.js';
import { segmentToRegExp, expandBraces } from '../../src/core/glob.js';
import { showFile } from './git.js';

export interface SchemaLayout {
  configPath: string;
  /** Whether the plugin can read this config as written (no computed `schema`/`out`). */
  configReadable: boolean;
  schemaEntries: string[];
  casing?: 'snake_case' | 'camelCase';
  prefix?: string;
  /** Entry barrels replaced by alias targets, for the report. */
  aliasHops: string[];
}

export type LayoutResult = { kind: 'ok'; layout: SchemaLayout } | { kind: 'error'; reason: string };

const CONFIG_NAME = /(^|\/)drizzle(\.[\w-]+)?\.config\.(ts|mts|js|mjs|cjs|json)$|(^|\/)drizzle\.config\.(ts|mts|js|mjs|cjs|json)$/;
const SCHEMA_EXT = /\.(ts|mts|cts|tsx|js|mjs)$/;

export function locateSchema(gitDir: string, commit: string, files: string[], outDir: string): LayoutResult {
  const fileSet = new Set(files);
  const configs = files.filter((file) => CONFIG_NAME.test(file));
  const tried: string[] = [];
  for (const configPath of configs) {
    const text = showFile(gitDir, commit, configPath) ?? '';
    const parsed = parseDrizzleConfig('/' + configPath, text);
    const literal = parsed.kind === 'ok' ? parsed.config : literalFallback(text);
    if (!literal) {
      tried.push(`${configPath}: unreadable`);
      continue;
    }
    for (const root of candidateRoots(configPath, fileSet)) {
      if (posix.normalize(posix.join(root, literal.out)) !== outDir) continue;
      const entries = expandPatterns(literal.schema, root, files);
      if (entries.length === 0) continue;
      // The plugin follows tsconfig `paths` aliases itself now; `REPLAY_ALIAS_HOP=1` restores the old mapping for comparison.
      const { resolved, hops } = process.env.REPLAY_ALIAS_HOP ? followAliasBarrels(gitDir, commit, entries, fileSet) : { resolved: entries, hops: [] };
      return {
        kind: 'ok',
        layout: { configPath, configReadable: parsed.kind === 'ok', schemaEntries: resolved, casing: literal.casing, prefix: literal.migrationsPrefix, aliasHops: hops },
      };
    }
    tried.push(`${configPath}: out/schema do not match ${outDir}`);
  }
  return { kind: 'error', reason: `no drizzle config with out = ${outDir} (${tried.join('; ') || 'no config files'})` };
}

/** Configs computing paths (`fileURLToPath(new URL('./schema.ts', import.meta.url))`): take the literal. */
function literalFallback(text: string): { schema: string[]; out: string; casing?: 'snake_case' | 'camelCase'; migrationsPrefix?: string } | undefined {
  const schema = /new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)[^]*?\bschema\b|schema\s*:\s*['"]([^'"]+)['"]/.exec(text);
  const urls = [...text.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[1]!);
  const schemaPath = urls.find((u) => SCHEMA_EXT.test(u) || /schema/.test(u)) ?? schema?.[2];
  const outPath = urls.find((u) => /migrat|drizzle/.test(u)) ?? /\bout\s*:\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  if (!schemaPath || !outPath) return undefined;
  return { schema: [schemaPath], out: outPath };
}

function candidateRoots(configPath: string, fileSet: Set<string>): string[] {
  const configDir = posix.dirname(configPath);
  const roots = [configDir];
  for (let dir = configDir; ; dir = posix.dirname(dir)) {
    if (fileSet.has(dir === '.' ? 'package.json' : `${dir}/package.json`)) {
      roots.push(dir);
      break;
    }
    if (dir === '.' || dir === '/') break;
  }
  return [...new Set(roots)];
}

function expandPatterns(patterns: string[], root: string, files: string[]): string[] {
  const found: string[] = [];
  for (const pattern of patterns.flatMap(expandBraces)) {
    const full = posix.normalize(posix.join(root, pattern));
    if (files.includes(full)) found.push(full);
    else if (!/[*?[\]{}]/.test(full)) found.push(...files.filter((file) => file.startsWith(full.replace(/\/$/, '') + '/') && SCHEMA_EXT.test(file) && !file.endsWith('.d.ts')));
    else found.push(...files.filter((file) => SCHEMA_EXT.test(file) && globMatch(full, file)));
  }
  return [...new Set(found)];
}

function globMatch(pattern: string, file: string): boolean {
  const pat = pattern.split('/');
  const parts = file.split('/');
  const match = (i: number, j: number): boolean => {
    if (i === pat.length) return j === parts.length;
    if (pat[i] === '**') return match(i + 1, j) || (j < parts.length && match(i, j + 1));
    return j < parts.length && segmentToRegExp(pat[i]!).test(parts[j]!) && match(i + 1, j + 1);
  };
  return match(0, 0);
}

/** `export * from "@scope/pkg/db/schema"` barrels: map through the nearest tsconfig `paths`. */
function followAliasBarrels(gitDir: string, commit: string, entries: string[], fileSet: Set<string>): { resolved: string[]; hops: string[] } {
  const resolved: string[] = [];
  const hops: string[] = [];
  for (const entry of entries) {
    const text = showFile(gitDir, commit, entry) ?? '';
    const specifiers = [...text.matchAll(/export\s+\*\s+from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    const onlyAliases = specifiers.length > 0 && specifiers.every((s) => !s.startsWith('.')) && text.replace(/export\s+\*\s+from\s+['"][^'"]+['"];?/g, '').trim() === '';
    const targets = onlyAliases ? specifiers.map((s) => resolveAlias(gitDir, commit, entry, s, fileSet)) : [];
    if (onlyAliases && targets.every(Boolean)) {
      resolved.push(...(targets as string[]));
      hops.push(`${entry} -> ${targets.join(', ')}`);
    } else resolved.push(entry);
  }
  return { resolved: [...new Set(resolved)], hops };
}

export function resolveAlias(gitDir: string, commit: string, fromFile: string, specifier: string, fileSet: Set<string>): string | undefined {
  for (let dir = posix.dirname(fromFile); ; dir = posix.dirname(dir)) {
    const tsconfigPath = dir === '.' ? 'tsconfig.json' : `${dir}/tsconfig.json`;
    if (fileSet.has(tsconfigPath)) {
      const paths = readPaths(showFile(gitDir, commit, tsconfigPath) ?? '');
      for (const [alias, targets] of Object.entries(paths)) {
        const prefix = alias.replace(/\*$/, '');
        if (!(alias.endsWith('*') ? specifier.startsWith(prefix) : specifier === alias)) continue;
        for (const target of targets) {
          const base = posix.normalize(posix.join(dir, target.replace('*', specifier.slice(prefix.length))));
          const hit = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => fileSet.has(candidate));
          if (hit) return hit;
        }
      }
    }
    if (dir === '.' || dir === '/') return undefined;
  }
}

function readPaths(tsconfig: string): Record<string, string[]> {
  const block = /"paths"\s*:\s*(\{[^}]*\})/.exec(tsconfig)?.[1];
  if (!block) return {};
  try {
    return JSON.parse(block.replace(/\/\/.*$/gm, '').replace(/,\s*}/, '}')) as Record<string, string[]>;
  } catch {
    return {};
  }
}
