import type { SchemaModel } from '../core/schema-model.js';
import { modelLookup, type SchemaLookup } from '../core/schema-lookup.js';
import { ddlLookup, ddlToModel } from './ddl.js';
import { arrayAt, isObject, objectAt, SnapshotFormatError } from './shape.js';
import { v5ToV6 } from './v5.js';
import { v7Lookup, v7ToModel } from './v7.js';

/**
 * One drizzle-kit PostgreSQL snapshot → SchemaModel: 0.31 (`dialect: "postgresql"`, version 6/7; `dialect: "pg"` version 5),
 * 1.0 RC v8 (full `ddl`), and v9 when it carries the full state (`type: "base"`, or the output of
 * `generateDrizzleJson`). A v9 `diff` needs its history: use `readBaseline` on the folder.
 * Pure; throws `SnapshotFormatError` with a reason (no file name) on anything else.
 */
export function snapshotToModel(json: unknown): SchemaModel {
  if (!isObject(json)) throw new SnapshotFormatError('it is not a JSON object');
  const { dialect, version } = json;
  if (dialect === 'postgresql') {
    if (version !== '5' && version !== '6' && version !== '7') throw unsupportedVersion(version, '5, 6 or 7');
    objectAt(json.tables, 'tables');
    return v7ToModel(json);
  }
  if (dialect === 'postgres') {
    if (version !== '8' && version !== '9') throw unsupportedVersion(version, '8 or 9');
    if (version === '9' && json.type === 'diff') {
      throw new SnapshotFormatError('it is a version 9 `diff` snapshot, which only makes sense replayed on top of its parents');
    }
    return ddlToModel(arrayAt(json.ddl, 'ddl').map((row, i) => objectAt(row, `ddl[${i}]`)));
  }
  if (dialect === 'pg') {
    // drizzle-kit before 0.21 wrote PostgreSQL snapshots as `"dialect": "pg"` (versions 3 to 5).
    if (version !== '5') throw new SnapshotFormatError(`it is a PostgreSQL snapshot of version ${JSON.stringify(version)} from an old drizzle-kit; run \`drizzle-kit up\` to upgrade it`);
    objectAt(json.tables, 'tables');
    return v7ToModel(v5ToV6(json));
  }
  if (typeof dialect === 'string') throw new SnapshotFormatError(`it is a ${dialect} snapshot, and only PostgreSQL is supported`);
  throw new SnapshotFormatError('it has no `dialect`, so it is not a drizzle-kit snapshot');
}

/**
 * The same snapshot as `snapshotToModel`, for lookups by table or enum: each table is modelled on its
 * first lookup (`v7Lookup` for 0.31's versions 5–7, `ddlLookup` for 1.0's full `ddl`). Throws as
 * `snapshotToModel` does on a snapshot it cannot read at all.
 */
export function snapshotToLookup(json: unknown): SchemaLookup {
  if (isObject(json) && json.dialect === 'postgresql' && (json.version === '5' || json.version === '6' || json.version === '7')) {
    objectAt(json.tables, 'tables');
    return v7Lookup(json);
  }
  if (isObject(json) && json.dialect === 'postgres' && (json.version === '8' || (json.version === '9' && json.type !== 'diff'))) {
    return ddlLookup(arrayAt(json.ddl, 'ddl').map((row, i) => objectAt(row, `ddl[${i}]`)));
  }
  return modelLookup(snapshotToModel(json));
}

function unsupportedVersion(version: unknown, supported: string): SnapshotFormatError {
  return new SnapshotFormatError(`its snapshot version ${JSON.stringify(version)} is not supported (expected ${supported})`);
}
