/**
 * Tests read like "add .notNull() to users.nickname": take the shop fixture's real schema.ts, apply a
 * textual edit, lint it with the real ESLint against the real drizzle-kit baseline of either kit line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { lintSchema } from './lint.js';
import { repoRoot } from './drizzle-kit-oracle.js';

export const SHOP_DIR = path.join(repoRoot, 'tests/fixtures/projects/shop');
export const SHOP_SCHEMA = path.join(SHOP_DIR, 'schema.ts');
export const KIT_CONFIGS = { '0.x': path.join(SHOP_DIR, 'drizzle.config.ts'), '1.x': path.join(SHOP_DIR, 'drizzle-rc.config.ts') } as const;
export type Kit = keyof typeof KIT_CONFIGS;
export const KITS = Object.keys(KIT_CONFIGS) as Kit[];

export function shopSchema(): string {
  return readFileSync(SHOP_SCHEMA, 'utf8');
}

/** Replaces the one occurrence of `find` (fails loudly when it is missing or ambiguous). */
export function replaceOnce(code: string, find: string, replacement: string): string {
  const at = code.indexOf(find);
  if (at < 0 || code.indexOf(find, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(find)} in the schema`);
  return code.slice(0, at) + replacement + code.slice(at + find.length);
}

export function insertAfter(code: string, anchor: string, text: string): string {
  return replaceOnce(code, anchor, anchor + text);
}

/** 1-based line and column of the first character of `snippet` (as ESLint reports them). */
export function positionOf(code: string, snippet: string, from = 0): { line: number; column: number } {
  const at = code.indexOf(snippet, from);
  if (at < 0) throw new Error(`${JSON.stringify(snippet)} not found`);
  const before = code.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export interface LintShopOptions {
  kit?: Kit;
  rules?: string[];
  settings?: Record<string, unknown>;
}

/** Lints `code` as the shop's schema.ts against the baseline of the chosen kit line. */
export async function lintShop(code: string, options: LintShopOptions = {}): Promise<Linter.LintMessage[]> {
  return lintSchema({
    file: SHOP_SCHEMA,
    code,
    rules: options.rules,
    settings: { config: KIT_CONFIGS[options.kit ?? '0.x'], ...options.settings },
    cwd: repoRoot,
  });
}

/** Applies an ESLint suggestion's fix to the code it was computed for. */
export function applySuggestion(code: string, message: Linter.LintMessage, index = 0): string {
  const fix = message.suggestions?.[index]?.fix;
  if (!fix) throw new Error('message has no such suggestion');
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

/** Adds a named import from `drizzle-orm/pg-core` to the shop schema. */
export function addPgCoreImport(code: string, name: string): string {
  return replaceOnce(code, "\n} from 'drizzle-orm/pg-core';", `\n  ${name},\n} from 'drizzle-orm/pg-core';`);
}

/** Runs `lintShop` and keeps only the messages of `ruleId`. */
export async function findingsOf(ruleId: string, code: string, options: LintShopOptions = {}): Promise<Linter.LintMessage[]> {
  const messages = await lintShop(code, { rules: [ruleId], ...options });
  const unexpected = messages.filter((m) => m.ruleId !== `drizzle-migrations/${ruleId}`);
  if (unexpected.length) throw new Error(`unexpected messages: ${JSON.stringify(unexpected)}`);
  return messages;
}
