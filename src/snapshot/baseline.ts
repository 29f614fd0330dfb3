import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectProblem } from '../core/finding.js';
import type { DrizzleKitLine, SchemaModel } from '../core/schema-model.js';
import { ddlToModel } from './ddl.js';
import { isObject, SnapshotFormatError, type Json } from './shape.js';
import { snapshotToModel } from './snapshot-to-model.js';
import { findLeaf, replayV9, type V9Snapshot } from './v9-replay.js';

export interface WatchedFile {
  path: string;
  mtimeMs: number;
}

export type BaselineResult =
  | { kind: 'none' }
  | {
      kind: 'ok';
      model: SchemaModel;
      kit: DrizzleKitLine;
      /** The latest snapshot (the v9 leaf for a replayed history). */
      snapshotFile: string;
      /**
       * Every file read, plus the folders listed (a new migration changes its folder's mtime),
       * with mtimeMs, for cache invalidation.
       */
      files: WatchedFile[];
    }
  | { kind: 'error'; problem: ProjectProblem };

/** Thrown inside this module only: a problem with one file. */
class BaselineError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * The last schema drizzle-kit recorded in `outDir` (the config's `out`, absolute). Reads the 0.31 layout
 * (`meta/NNNN_snapshot.json`) and the 1.0 RC layout (`<folder>/snapshot.json`, v8 or v9). Never throws.
 */
export function readBaseline(outDir: string): BaselineResult {
  const files: WatchedFile[] = [];
  try {
    const metaDir = path.join(outDir, 'meta');
    if (isDirectory(metaDir)) return readKit031(metaDir, files);
    if (!isDirectory(outDir)) return { kind: 'none' };
    return readKitRc(outDir, files);
  } catch (error) {
    const file = error instanceof BaselineError ? error.file : outDir;
    const reason = error instanceof Error ? error.message : String(error);
    const what = file.endsWith('.json') ? 'snapshot' : 'migrations folder';
    return { kind: 'error', problem: { file, message: `Cannot read the drizzle-kit ${what} \`${file}\`: ${reason}.` } };
  }
}

/** drizzle-kit 0.31 takes the lexicographically last `meta/*_snapshot.json` not starting with `_`. */
function readKit031(metaDir: string, files: WatchedFile[]): BaselineResult {
  const names = listDir(metaDir, files)
    .filter((name) => name.endsWith('_snapshot.json') && !name.startsWith('_'))
    .sort();
  if (names.length === 0) return { kind: 'none' };
  const snapshotFile = path.join(metaDir, names[names.length - 1]);
  const model = toModel(snapshotFile, readJson(snapshotFile, files));
  return { kind: 'ok', model, kit: '0.x', snapshotFile, files };
}

function readKitRc(outDir: string, files: WatchedFile[]): BaselineResult {
  const snapshotFiles = listDir(outDir, files)
    .sort()
    .map((folder) => ({ folder, file: path.join(outDir, folder, 'snapshot.json') }))
    .filter(({ file }) => isFile(file));
  if (snapshotFiles.length === 0) return { kind: 'none' };
  const last = snapshotFiles[snapshotFiles.length - 1];
  const lastJson = readJson(last.file, files);
  if (!(isObject(lastJson) && lastJson.dialect === 'postgres' && lastJson.version === '9')) {
    // v8 (and anything else): drizzle-kit uses the last folder's full snapshot.
    return { kind: 'ok', model: toModel(last.file, lastJson), kit: '1.x', snapshotFile: last.file, files };
  }
  const history: (V9Snapshot & { file: string })[] = snapshotFiles.map(({ folder, file }) => {
    const json = file === last.file ? lastJson : readJson(file, files);
    if (!isObject(json) || json.version !== '9') {
      throw new BaselineError(file, `it is not a version 9 snapshot like \`${last.folder}\`, so the history cannot be replayed`);
    }
    return { folder, file, json };
  });
  const leafFile = leafOf(history, outDir);
  try {
    return { kind: 'ok', model: ddlToModel(replayV9(history)), kit: '1.x', snapshotFile: leafFile, files };
  } catch (error) {
    throw new BaselineError(leafFile, reasonOf(error));
  }
}

function leafOf(history: (V9Snapshot & { file: string })[], outDir: string): string {
  try {
    return (findLeaf(history) as V9Snapshot & { file: string }).file;
  } catch (error) {
    throw new BaselineError(outDir, reasonOf(error));
  }
}

function toModel(file: string, json: unknown): SchemaModel {
  try {
    return snapshotToModel(json);
  } catch (error) {
    throw new BaselineError(file, reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof SnapshotFormatError) return error.message;
  return `it has an unexpected shape (${error instanceof Error ? error.message : String(error)})`;
}

function readJson(file: string, files: WatchedFile[]): Json | unknown {
  let text: string;
  try {
    const stat = statSync(file);
    // Reading a FIFO or a device can block forever (a directory fails at once with EISDIR).
    if (!stat.isFile() && !stat.isDirectory()) throw new BaselineError(file, 'the file cannot be read (not a regular file)');
    text = readFileSync(file, 'utf8');
    files.push({ path: file, mtimeMs: stat.mtimeMs });
  } catch (error) {
    if (error instanceof BaselineError) throw error;
    throw new BaselineError(file, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BaselineError(file, `it is not valid JSON (${(error as Error).message})`);
  }
}

function listDir(dir: string, files: WatchedFile[]): string[] {
  try {
    const names = readdirSync(dir);
    files.push({ path: dir, mtimeMs: statSync(dir).mtimeMs });
    return names;
  } catch (error) {
    throw new BaselineError(dir, `the folder cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
