import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { offsetsOf, visitNodesAt } from '../../src/core/visit-nodes-at.js';
import { allNodes } from '../support/ts-nodes.js';

const text = `const a = 1;
function f(x: number) { return x + 1; }
class K { m() { return tag\`one \${a}\`; } }
const b = [1, 2, 3].map((y) => \`\${y}\`);
`;
const sourceFile = ts.createSourceFile('/p/a.ts', text, ts.ScriptTarget.Latest, true);

function visited(offsets: number[] | 'all'): ts.Node[] {
  const nodes: ts.Node[] = [];
  visitNodesAt(sourceFile, offsets, (node) => nodes.push(node));
  return nodes;
}

describe('visitNodesAt', () => {
  it('visits exactly the nodes whose range holds an offset, parents first', () => {
    const offsets = offsetsOf(text, '`');
    expect(offsets).toHaveLength(4);
    const expected = allNodes(sourceFile).filter((node) => offsets.some((offset) => node.pos <= offset && offset < node.end));
    const got = visited(offsets);
    expect(got).toEqual(expected);
    expect(got.filter(ts.isTemplateLiteral).map((node) => node.getText(sourceFile))).toEqual(['`one ${a}`', '`${y}`']);
    expect(got.some((node) => ts.isFunctionDeclaration(node))).toBe(false);
  });

  it("visits nothing without offsets, and every node with 'all'", () => {
    expect(visited([])).toEqual([]);
    expect(visited('all')).toEqual(allNodes(sourceFile));
  });

  it('offsetsOf finds every occurrence, overlapping ones once', () => {
    expect(offsetsOf('raw sql.raw(x) raw', 'raw')).toEqual([0, 8, 15]);
    expect(offsetsOf('aaaa', 'aa')).toEqual([0, 2]);
    expect(offsetsOf('', 'x')).toEqual([]);
  });
});
