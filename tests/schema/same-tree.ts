import ts from 'typescript';
import { expect } from 'vitest';

/**
 * Walks two trees in lockstep: same kinds, positions and parents as TypeScript's own parse with
 * `setParentNodes: true` (`theirs`). Returns the number of nodes compared.
 */
export function expectSameTree(ours: ts.Node, theirs: ts.Node): number {
  expect(ours.kind).toBe(theirs.kind);
  expect([ours.pos, ours.end]).toEqual([theirs.pos, theirs.end]);
  expect(ours.parent?.kind).toBe(theirs.parent?.kind);
  expect([ours.parent?.pos, ours.parent?.end]).toEqual([theirs.parent?.pos, theirs.parent?.end]);
  const ourChildren: ts.Node[] = [];
  const theirChildren: ts.Node[] = [];
  ts.forEachChild(ours, (child) => void ourChildren.push(child));
  ts.forEachChild(theirs, (child) => void theirChildren.push(child));
  expect(ourChildren.length).toBe(theirChildren.length);
  let count = 1;
  ourChildren.forEach((child, i) => {
    expect(child.parent).toBe(ours);
    count += expectSameTree(child, theirChildren[i]);
  });
  return count;
}
