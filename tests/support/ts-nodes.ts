import ts from 'typescript';

/** Every node of `tree`, parents before children, in `ts.forEachChild` order. */
export function allNodes(tree: ts.Node): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return nodes;
}
