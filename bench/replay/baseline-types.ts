/**
 * Column types of the parent's latest snapshot: pg v5/v6/v7 (0.31 layout) share the
 * `tables.*.columns.*.type` shape; v8 (1.0 RC layout) lists `ddl` entities, columns among them.
 */
import { posix } from 'node:path';
import { listTree, showFile } from './git.js';
import type { BaselineTypes } from './ground-truth.js';

interface DdlEntity {
  entityType?: string;
  schema?: string;
  table?: string;
  name?: string;
  type?: string;
  typeSchema?: string | null;
  dimensions?: number;
}

interface SnapshotLike {
  version?: string;
  dialect?: string;
  ddl?: DdlEntity[];
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
  dialect?: string;
}

export function latestSnapshotPath(paths: string[], outDir: string): string | undefined {
  const meta = `${outDir}/meta/`;
  return paths
    .filter((p) => p.startsWith(meta) && p.endsWith('_snapshot.json') && !posix.basename(p).startsWith('_') && !p.slice(meta.length).includes('/'))
    .sort()
    .at(-1);
}

/** 1.0 RC: `<out>/<timestamp>_<name>/snapshot.json`, the last folder in name (= time) order. */
export function latestFolderSnapshotPath(paths: string[], outDir: string): string | undefined {
  const prefix = `${outDir}/`;
  return paths
    .filter((p) => p.startsWith(prefix) && /^[^/]+\/snapshot\.json$/.test(p.slice(prefix.length)))
    .sort()
    .at(-1);
}

export function readSnapshotAt(gitDir: string, commit: string, outDir: string, files = listTree(gitDir, commit), layout: '0.x' | '1.x' = '0.x'): ParentSnapshot {
  const path = layout === '0.x' ? latestSnapshotPath(files, outDir) : latestFolderSnapshotPath(files, outDir);
  const types: BaselineTypes = new Map();
  if (!path) return { types };
  let json: SnapshotLike;
  try {
    json = JSON.parse(showFile(gitDir, commit, path) ?? '{}') as SnapshotLike;
  } catch {
    return { path, types };
  }
  for (const column of json.ddl ?? []) {
    if (column.entityType !== 'columns' || !column.table || !column.name || !column.type) continue;
    // As v7 spells them: the bare type name (an enum's schema apart), `[]` per array dimension.
    types.set(`${column.schema ?? 'public'}.${column.table}.${column.name}`, column.type + '[]'.repeat(column.dimensions ?? 0));
  }
  for (const [key, table] of Object.entries(json.tables ?? {})) {
    const schema = table.schema || (key.includes('.') ? key.split('.')[0]! : 'public');
    const name = table.name ?? key.split('.').at(-1)!;
    for (const [columnKey, column] of Object.entries(table.columns ?? {})) {
      if (column.type) types.set(`${schema}.${name}.${column.name ?? columnKey}`, column.type);
    }
  }
  const { id: _id, prevId: _prevId, prevIds: _prevIds, ...rest } = json as SnapshotLike & { prevIds?: unknown };
  return { path, version: json.version, types, body: JSON.stringify(rest), dialect: json.dialect };
}
