/**
 * Compares two V8 `.heapsnapshot` files of one process (`v8.writeHeapSnapshot`; node ids are stable
 * between them) and prints what grew:
 *   1. self size and count per constructor name, before → after;
 *   2. objects alive in the second snapshot but not the first, grouped by retainer path: the
 *      closest module-level variable (a closure context variable, `ctx:name`, with the function
 *      and script holding it) on the shortest strong path from the GC root;
 *   3. objects in both whose retained size (dominator tree) grew most, with the same path.
 * Usage: node --max-old-space-size=6000 --import tsx bench/support/heap-diff.ts A.heapsnapshot B.heapsnapshot [--top N]
 *   [--ours REGEX]  (4. every variable of functions whose script matches, e.g. `--ours 'src/|dist'`)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGraph {
  nodeCount: number;
  ids: Float64Array;
  selfSize: Float64Array;
  /** Node name (constructor name for objects, the text for strings, "system / Context"…). */
  names: Int32Array;
  types: Uint8Array;
  typeNames: string[];
  strings: string[];
  /** Outgoing edges of node n: firstEdge[n] .. firstEdge[n + 1]. */
  firstEdge: Uint32Array;
  edgeTo: Uint32Array;
  edgeType: Uint8Array;
  /** String index (property, context variable, internal) or element index, by edge type. */
  edgeName: Uint32Array;
  edgeTypeNames: string[];
  /** Shortest-path parent (-1: root or unreachable) and the edge taken from it. */
  parent: Int32Array;
  parentEdge: Int32Array;
  retained: Float64Array;
}

export function readHeapSnapshot(file: string): HeapGraph {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nodeFieldCount = meta.node_fields.length;
  const edgeFieldCount = meta.edge_fields.length;
  const field = (fields: string[], name: string) => fields.indexOf(name);
  const [nType, nName, nId, nSize, nEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((n) => field(meta.node_fields, n));
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((n) => field(meta.edge_fields, n));
  const nodeCount = raw.nodes.length / nodeFieldCount;
  const edgeCount = raw.edges.length / edgeFieldCount;
  const ids = new Float64Array(nodeCount);
  const selfSize = new Float64Array(nodeCount);
  const names = new Int32Array(nodeCount);
  const types = new Uint8Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  const edgeTo = new Uint32Array(edgeCount);
  const edgeType = new Uint8Array(edgeCount);
  const edgeName = new Uint32Array(edgeCount);
  let edge = 0;
  for (let n = 0; n < nodeCount; n++) {
    const at = n * nodeFieldCount;
    ids[n] = raw.nodes[at + nId];
    selfSize[n] = raw.nodes[at + nSize];
    names[n] = raw.nodes[at + nName];
    types[n] = raw.nodes[at + nType];
    firstEdge[n] = edge;
    edge += raw.nodes[at + nEdges];
  }
  firstEdge[nodeCount] = edge;
  for (let e = 0; e < edgeCount; e++) {
    const at = e * edgeFieldCount;
    edgeType[e] = raw.edges[at + eType];
    edgeName[e] = raw.edges[at + eName];
    edgeTo[e] = raw.edges[at + eTo] / nodeFieldCount;
  }
  const graph: HeapGraph = {
    nodeCount, ids, selfSize, names, types, typeNames: meta.node_types[0], strings: raw.strings, firstEdge, edgeTo, edgeType, edgeName,
    edgeTypeNames: meta.edge_types[0], parent: new Int32Array(nodeCount).fill(-1), parentEdge: new Int32Array(nodeCount).fill(-1), retained: new Float64Array(nodeCount),
  };
  shortestPaths(graph);
  retainedSizes(graph);
  return graph;
}

function isWeak(graph: HeapGraph, edge: number): boolean {
  const type = graph.edgeTypeNames[graph.edgeType[edge]];
  return type === 'weak' || type === 'shortcut';
}

/**
 * Breadth-first from the root (node 0): each node's first retainer on a shortest strong path. A
 * WeakMap entry (an ephemeron: the value lives while the key does) is taken only for nodes no other
 * path reaches, so a value is attributed to what keeps its key alive, not to the WeakMap.
 */
function shortestPaths(graph: HeapGraph): void {
  const queue = new Uint32Array(graph.nodeCount);
  const seen = new Uint8Array(graph.nodeCount);
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  const ephemeron = (edge: number) => graph.edgeTypeNames[graph.edgeType[edge]] === 'internal' && graph.strings[graph.edgeName[edge]]?.includes('part of key');
  for (const allowEphemerons of [false, true]) {
    for (let head = 0; head < tail; head++) {
      const node = queue[head];
      for (let e = graph.firstEdge[node]; e < graph.firstEdge[node + 1]; e++) {
        const to = graph.edgeTo[e];
        if (seen[to] || isWeak(graph, e) || (!allowEphemerons && ephemeron(e))) continue;
        seen[to] = 1;
        graph.parent[to] = node;
        graph.parentEdge[to] = e;
        queue[tail++] = to;
      }
    }
  }
}

/** Dominators by Cooper, Harvey and Kennedy's iterative algorithm over reverse post-order. */
function retainedSizes(graph: HeapGraph): void {
  const { nodeCount, firstEdge, edgeTo } = graph;
  const order = new Int32Array(nodeCount).fill(-1);
  const postOrder = new Uint32Array(nodeCount);
  let count = 0;
  const stack = new Uint32Array(nodeCount);
  const cursor = new Uint32Array(nodeCount);
  const visited = new Uint8Array(nodeCount);
  let depth = 0;
  stack[depth++] = 0;
  visited[0] = 1;
  cursor[0] = firstEdge[0];
  while (depth > 0) {
    const node = stack[depth - 1];
    if (cursor[node] < firstEdge[node + 1]) {
      const e = cursor[node]++;
      const to = edgeTo[e];
      if (visited[to] || isWeak(graph, e)) continue;
      visited[to] = 1;
      cursor[to] = firstEdge[to];
      stack[depth++] = to;
    } else {
      order[node] = count;
      postOrder[count++] = node;
      depth--;
    }
  }
  const predecessorStart = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) if (!isWeak(graph, e)) predecessorStart[edgeTo[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) predecessorStart[n + 1] += predecessorStart[n];
  const predecessors = new Uint32Array(predecessorStart[nodeCount]);
  const fill = predecessorStart.slice(0, nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) if (!isWeak(graph, e)) predecessors[fill[edgeTo[e]]++] = n;
  }
  // Dominators indexed by post-order number; the root is the last.
  const root = count - 1;
  const dominator = new Int32Array(count).fill(-1);
  dominator[root] = root;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (a < b) a = dominator[a];
      while (b < a) b = dominator[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = root - 1; i >= 0; i--) {
      const node = postOrder[i];
      let idom = -1;
      for (let p = predecessorStart[node]; p < predecessorStart[node + 1]; p++) {
        const from = order[predecessors[p]];
        if (from < 0 || dominator[from] < 0) continue;
        idom = idom < 0 ? from : intersect(from, idom);
      }
      if (idom >= 0 && dominator[i] !== idom) {
        dominator[i] = idom;
        changed = true;
      }
    }
  }
  for (let i = 0; i < count; i++) graph.retained[postOrder[i]] += graph.selfSize[postOrder[i]];
  // Post-order puts every node before its dominator: one pass accumulates.
  for (let i = 0; i < root; i++) if (dominator[i] >= 0) graph.retained[postOrder[dominator[i]]] += graph.retained[postOrder[i]];
}

export function nodeName(graph: HeapGraph, node: number): string {
  const type = graph.typeNames[graph.types[node]];
  const name = graph.strings[graph.names[node]] ?? '';
  if (type === 'object' || type === 'closure' || type === 'native') return name || `(${type})`;
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
  return `(${type}) ${name}`.slice(0, 80);
}

export function edgeLabel(graph: HeapGraph, edge: number): string {
  const type = graph.edgeTypeNames[graph.edgeType[edge]];
  // Element indices differ per entry of one array or hash table: group them.
  const name = type === 'element' || type === 'hidden' ? '[]' : graph.strings[graph.edgeName[edge]];
  if (type === 'internal' && /^\d+$/.test(name)) return '[]';
  return type === 'context' ? `ctx:${name}` : type === 'internal' ? `(${name})` : name;
}

/** Where `node` is held: the closest context variable on its retainer path, with its holder and script. */
export function retainerLabel(graph: HeapGraph, node: number, extraEdges = 2): string {
  const path: number[] = [];
  for (let at = node; graph.parent[at] >= 0; at = graph.parent[at]) path.push(graph.parentEdge[at]);
  path.reverse();
  if (path.length === 0) return node === 0 ? '(root)' : '(unreachable)';
  let context = -1;
  for (let i = path.length - 1; i >= 0 && context < 0; i--) if (graph.edgeTypeNames[graph.edgeType[path[i]]] === 'context') context = i;
  if (context < 0) return path.slice(-3).map((e) => edgeLabel(graph, e)).join(' › ');
  const closure = closureOf(graph, ownerOf(graph, path, context));
  const holder = closure >= 0 ? `${nodeName(graph, closure)}@${scriptOf(graph, closure)}` : '?';
  return [holder, ...path.slice(context, context + 1 + extraEdges).map((e) => edgeLabel(graph, e))].join(' › ');
}

const closuresByContext = new WeakMap<HeapGraph, Map<number, number>>();

/** A function whose context is `context` (names the module or function that holds the variable). */
function closureOf(graph: HeapGraph, context: number): number {
  let closures = closuresByContext.get(graph);
  if (!closures) {
    closures = new Map();
    for (let n = 0; n < graph.nodeCount; n++) {
      if (graph.typeNames[graph.types[n]] !== 'closure') continue;
      const own = childByEdgeName(graph, n, 'context');
      if (own >= 0 && !closures.has(own)) closures.set(own, n);
    }
    closuresByContext.set(graph, closures);
  }
  return closures.get(context) ?? -1;
}

function ownerOf(graph: HeapGraph, path: number[], index: number): number {
  return index === 0 ? 0 : graph.edgeTo[path[index - 1]];
}

function childByEdgeName(graph: HeapGraph, node: number, name: string): number {
  for (let e = graph.firstEdge[node]; e < graph.firstEdge[node + 1]; e++) if (graph.strings[graph.edgeName[e]] === name && graph.edgeTypeNames[graph.edgeType[e]] !== 'element') return graph.edgeTo[e];
  return -1;
}

/** A closure's script file name: closure → shared (SharedFunctionInfo) → script, whose name is the URL. */
function scriptOf(graph: HeapGraph, closure: number): string {
  const shared = childByEdgeName(graph, closure, 'shared');
  const script = shared >= 0 ? childByEdgeName(graph, shared, 'script_or_debug_info') : -1;
  const url = script >= 0 ? graph.strings[graph.names[script]] : '';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/.*?([^/]+)$/.exec(url);
  if (inPackage) return `${inPackage[1]}/…/${inPackage[2]}`;
  return url ? url.split('/').slice(-2).join('/') : '?';
}

/** Retained size of every module-level or closure variable held by functions of scripts matching `scripts`. */
export function variablesOf(graph: HeapGraph, scripts: RegExp): Map<string, number> {
  const sizes = new Map<string, number>();
  const seenContexts = new Set<number>();
  for (let n = 0; n < graph.nodeCount; n++) {
    if (graph.typeNames[graph.types[n]] !== 'closure' || graph.parent[n] < 0) continue;
    const context = childByEdgeName(graph, n, 'context');
    if (context < 0 || seenContexts.has(context)) continue;
    const script = scriptOf(graph, n);
    if (!scripts.test(script)) continue;
    seenContexts.add(context);
    for (let e = graph.firstEdge[context]; e < graph.firstEdge[context + 1]; e++) {
      if (graph.edgeTypeNames[graph.edgeType[e]] !== 'context') continue;
      const key = `${script} ${graph.strings[graph.edgeName[e]]}`;
      sizes.set(key, Math.max(sizes.get(key) ?? 0, graph.retained[graph.edgeTo[e]]));
    }
  }
  return sizes;
}

interface Group {
  count: number;
  size: number;
}

function add(groups: Map<string, Group>, key: string, size: number): void {
  const group = groups.get(key) ?? { count: 0, size: 0 };
  group.count++;
  group.size += size;
  groups.set(key, group);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface HeapDiff {
  totalBefore: number;
  totalAfter: number;
  /** Reachable self size per V8 node type ('code' is compiled code and bytecode: V8's, not ours). */
  byType: { type: string; before: number; after: number }[];
  byConstructor: { name: string; before: Group; after: Group }[];
  newByRetainer: { label: string; count: number; size: number }[];
  retainedGrowers: { name: string; label: string; before: number; after: number }[];
  /** With `ours`: every variable of our scripts, by retained size growth. */
  ourVariables: { name: string; before: number; after: number }[];
}

export function diffHeapSnapshots(before: HeapGraph, after: HeapGraph, top = 20, ours?: RegExp): HeapDiff {
  const byConstructorBefore = new Map<string, Group>();
  const byConstructorAfter = new Map<string, Group>();
  const indexBefore = new Map<number, number>();
  let totalBefore = 0;
  let totalAfter = 0;
  for (let n = 0; n < before.nodeCount; n++) {
    if (before.parent[n] < 0 && n !== 0) continue;
    indexBefore.set(before.ids[n], n);
    add(byConstructorBefore, nodeName(before, n), before.selfSize[n]);
    totalBefore += before.selfSize[n];
  }
  const byType = new Map<string, { type: string; before: number; after: number }>();
  const typeRow = (type: string) => byType.get(type) ?? byType.set(type, { type, before: 0, after: 0 }).get(type)!;
  for (const n of indexBefore.values()) typeRow(before.typeNames[before.types[n]]).before += before.selfSize[n];
  const newByRetainer = new Map<string, Group>();
  const growers: { node: number; before: number; after: number }[] = [];
  for (let n = 0; n < after.nodeCount; n++) {
    if (after.parent[n] < 0 && n !== 0) continue;
    add(byConstructorAfter, nodeName(after, n), after.selfSize[n]);
    typeRow(after.typeNames[after.types[n]]).after += after.selfSize[n];
    totalAfter += after.selfSize[n];
    const old = indexBefore.get(after.ids[n]);
    if (old === undefined) add(newByRetainer, retainerLabel(after, n), after.selfSize[n]);
    else if (after.retained[n] - before.retained[old] > 1024) growers.push({ node: n, before: before.retained[old], after: after.retained[n] });
  }
  const names = new Set([...byConstructorBefore.keys(), ...byConstructorAfter.keys()]);
  const empty = { count: 0, size: 0 };
  const byConstructor = [...names]
    .map((name) => ({ name, before: byConstructorBefore.get(name) ?? empty, after: byConstructorAfter.get(name) ?? empty }))
    .sort((a, b) => Math.abs(b.after.size - b.before.size) - Math.abs(a.after.size - a.before.size))
    .slice(0, top);
  const retainedGrowers = growers
    .sort((a, b) => b.after - b.before - (a.after - a.before))
    .slice(0, top * 3)
    .map(({ node, ...sizes }) => ({ name: nodeName(after, node), label: retainerLabel(after, node, 1), ...sizes }))
    // Every ancestor of a grower grows too: keep one line per retainer path.
    .filter((g, i, all) => all.findIndex((o) => o.label === g.label) === i)
    .slice(0, top);
  return {
    totalBefore,
    totalAfter,
    byType: [...byType.values()].sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before)),
    byConstructor,
    newByRetainer: [...newByRetainer].map(([label, g]) => ({ label, ...g })).sort((a, b) => b.size - a.size).slice(0, top),
    retainedGrowers,
    ourVariables: ours ? variableGrowth(variablesOf(before, ours), variablesOf(after, ours)) : [],
  };
}

function variableGrowth(before: Map<string, number>, after: Map<string, number>): HeapDiff['ourVariables'] {
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((name) => ({ name, before: before.get(name) ?? 0, after: after.get(name) ?? 0 }))
    .sort((a, b) => b.after - b.before - (a.after - a.before));
}

export function formatHeapDiff(diff: HeapDiff): string {
  const lines = [`reachable self size: ${kb(diff.totalBefore)} → ${kb(diff.totalAfter)} (${kb(diff.totalAfter - diff.totalBefore)})`, '', 'by V8 node type (self size):'];
  for (const { type, before, after } of diff.byType.filter((t) => t.after !== t.before)) lines.push(`  ${kb(after - before).padStart(11)}  ${type}`);
  lines.push('', 'by constructor (self size, count):');
  for (const { name, before, after } of diff.byConstructor) lines.push(`  ${kb(after.size - before.size).padStart(11)}  ${String(after.count - before.count).padStart(7)}  ${name.slice(0, 70)}`);
  lines.push('', 'new objects by retainer path (self size, count):');
  for (const { label, size, count } of diff.newByRetainer) lines.push(`  ${kb(size).padStart(11)}  ${String(count).padStart(7)}  ${label}`);
  lines.push('', 'retained size growth of objects in both:');
  for (const g of diff.retainedGrowers) lines.push(`  ${kb(g.after - g.before).padStart(11)}  ${g.name.slice(0, 40)}  ${g.label}`);
  if (diff.ourVariables.length > 0) {
    const total = diff.ourVariables.reduce((sum, v) => sum + v.after - v.before, 0);
    lines.push('', `our variables, retained size before → after (sum of growth ${kb(total)}; nested ones overlap):`);
    for (const v of diff.ourVariables.filter((v) => v.after !== v.before).slice(0, 40)) lines.push(`  ${kb(v.after - v.before).padStart(11)}  ${kb(v.before).padStart(10)} → ${kb(v.after).padEnd(10)}  ${v.name}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' }, ours: { type: 'string' } } });
  if (positionals.length !== 2) {
    console.error('usage: heap-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot [--top N]');
    process.exit(2);
  }
  const before = readHeapSnapshot(positionals[0]);
  const after = readHeapSnapshot(positionals[1]);
  console.log(formatHeapDiff(diffHeapSnapshots(before, after, Number(values.top), values.ours ? new RegExp(values.ours) : undefined)));
}
