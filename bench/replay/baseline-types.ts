/** Column types of the parent's latest snapshot (pg v5/v6/v7 share the `tables.*.columns.*.type` shape). */
import { posix } from 'node:path';
import { listTree, showFile } from './git.js';
import type { BaselineTypes } from './ground-truth.js';

interface SnapshotLike {
  version?: string;
  id?: string;
  prevId?: string;
  tables?: Record<string, { name?: string; schema?: string; columns?: Record<string, { name?: string; type?: string; typeSchema?: string }> }>;
}

export interface ParentSnapshot {
  path?: string;
  version?: string;
  types: BaselineTypes;
  /** Snapshot JSON without `id`/`prevId`, to spot `generate --custom` copies. */
  body?: string;
}

export function latestSnapshotPath(paths: string[], outDir: string): string | undefined {
  const meta = `${outDir}/meta/`;
  return paths
    .filter((p) => p.startsWith(meta) && p.endsWith('_snapshot.json') && !posix.basename(p).startsWith('_') && !p.slice(meta.length).includes('/'))
    .sort()
    .at(-1);
}

export function readSnapshotAt(gitDir: string, commit: string, outDir: string, files = listTree(gitDir, commit)): ParentSnapshot {
  const path = latestSnapshotPath(files, outDir);
  const types: BaselineTypes = new Map();
  if (!path) return { types };
  let json: SnapshotLike;
  try {
    json = JSON.parse(showFile(gitDir, commit, path) ?? '{}') as SnapshotLike;
  } catch {
    return { path, types };
  }
  for (const [key, table] of Object.entries(json.tables ?? {})) {
    const schema = table.schema || (key.includes('.') ? key.split('.')[0]! : 'public');
    const name = table.name ?? key.split('.').at(-1)!;
    for (const [columnKey, column] of Object.entries(table.columns ?? {})) {
      if (column.type) types.set(`${schema}.${name}.${column.name ?? columnKey}`, column.type);
    }
  }
  const { id: _id, prevId: _prevId, ...rest } = json;
  return { path, version: json.version, types, body: JSON.stringify(rest) };
}
