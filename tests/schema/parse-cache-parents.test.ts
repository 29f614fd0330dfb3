/**
 * The parse cache sets parent pointers itself (TypeScript's `setParentNodes` allocates a children
 * array per node). Oracle: TypeScript's own parse with `setParentNodes: true`, walked in lockstep.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import { parseFile } from '../../src/schema/parse-cache.js';
import { fixtureProjects } from '../core/temp-project.js';
import { expectSameTree } from './same-tree.js';

afterEach(() => clearAllCaches());

const VARIED = `
import type { A } from './a';
export enum Kind { One = 1, Two }
export abstract class Base<T extends object = {}> implements A {
  @decorated() private readonly field?: T;
  constructor(public x: number, protected y = 2) { super(); }
  get value(): T | undefined { return this.field ?? undefined; }
  static #hidden = new Map<string, () => void>();
}
export const table = pgTable('t', { id: serial('id').primaryKey(), n: integer('n').array() }, (t) => [index('i').on(t.id)]);
const tagged = sql\`select \${table.id} from \${table}\` satisfies SQL;
label: for (const [k, v] of Object.entries({ a: 1 })) { if (k?.length! > 1) continue label; else break; }
function* gen(...rest: unknown[]): Generator<number> { yield* [1, 2]; }
export default async (a = { b: [1, , 3] }) => (await import('./x')).default?.(a as never);
declare module 'm' { interface I { [key: string]: number } }
type Mapped<T> = { readonly [K in keyof T]-?: T[K] extends infer U ? U : never };
`;

describe('parse cache parents', () => {
  const schemaFiles = readdirSync(join(fixtureProjects, 'shop')).filter((name) => name.endsWith('.ts'));

  it.each(schemaFiles)('sets every parent TypeScript sets (shop/%s)', (name) => {
    const path = join(fixtureProjects, 'shop', name);
    const text = readFileSync(path, 'utf8');
    const nodes = expectSameTree(parseFile(path, text), ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
    expect(nodes).toBeGreaterThan(20);
  });

  it('sets every parent TypeScript sets on varied syntax', () => {
    const nodes = expectSameTree(parseFile('/virtual/varied.ts', VARIED), ts.createSourceFile('/virtual/varied.ts', VARIED, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
    expect(nodes).toBeGreaterThan(200);
  });
});
