/**
 * Where a migration file sits in its drizzle-kit history, and the schema just before it: the
 * snapshot of the previous migration (0.31: the previous `_journal.json` entry's
 * `meta/<prefix>_snapshot.json`; 1.0 RC: the previous folder's `snapshot.json`, v9 replayed up to it).
 * Never throws: an unreadable history gives `undefined`, and rules that need the old schema stay quiet.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDue, registerCache, TimedCache } from '../core/cache.js';
import { isFile, readRegularFile } from '../core/fs.js';
import { ReadBuffer, type BorrowedBytes } from '../core/read-buffer.js';
import { modelLookup, type SchemaLookup } from '../core/schema-lookup.js';
import { emptySchemaModel } from '../core/schema-model.js';
import { isObject, type Json } from '../snapshot/shape.js';
import { snapshotToLookup } from '../snapshot/snapshot-to-model.js';
import { replayV9BeforeMerge, replayV9Lookup, type V9Snapshot } from '../snapshot/v9-replay.js';
import { v7TextLookup } from '../snapshot/v7-text.js';

export interface MigrationLocation {
  /** The config's `out` folder (absolute). */
  outDir: string;
  /** `0003_add_orders` (0.31) or `20250101120000_add_orders` (1.0 RC folder). */
  tag: string;
  layout: '0.x' | '1.x';
}

/** The migration a `.sql` file is, when it sits where drizzle-kit writes migrations in `outDir`. */
export function locateMigration(file: string, outDir: string): MigrationLocation | undefined {
  const relative = path.relative(outDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.split(path.sep);
  if (parts.length === 1 && parts[0].endsWith('.sql')) return { outDir, tag: parts[0].slice(0, -'.sql'.length), layout: '0.x' };
  if (parts.length === 2 && parts[1] === 'migration.sql') return { outDir, tag: parts[0], layout: '1.x' };
  return undefined;
}

/**
 * Ordering key of a migration tag: its leading number (`0003`, `20250101120000`) when it has one.
 * drizzle-kit applies migrations in journal / folder order, which is this order.
 */
export function migrationOrderKey(tag: string): string {
  const name = tag.replace(/\.sql$/, '').replace(/\/migration$/, '');
  return /^\d+/.exec(name)?.[0] ?? name;
}

/** `since` names the newest migration already applied everywhere: it and every older one are history. */
export function isAppliedHistory(tag: string, since: string | undefined): boolean {
  if (!since) return false;
  const a = migrationOrderKey(tag);
  const b = migrationOrderKey(path.basename(since.replace(/\/migration\.sql$/, '')));
  // Same-length digit keys compare as numbers would; otherwise fall back to plain code-unit order.
  return a.length === b.length || !/^\d+$/.test(a + b) ? a <= b : Number(a) <= Number(b);
}

/**
 * Whether drizzle's migrator applies this migration. 1.0 RC: every `<folder>/migration.sql`. 0.x:
 * only the files `meta/_journal.json` lists (`readMigrationFiles` reads the journal, never the folder),
 * so a hand-written `.sql` file without an entry is applied by some other tool, if at all. An
 * unreadable journal answers `true`: nothing is known, and the migrator's rules stay on.
 */
export function runByDrizzleMigrator(location: MigrationLocation): boolean {
  if (location.layout === '1.x') return true;
  const entries = journalEntries(location.outDir);
  return !entries || entries.some((entry) => isObject(entry) && entry.tag === location.tag);
}

/** The 0.31 journal's entries, or undefined when it cannot be read. */
function journalEntries(outDir: string): Json[] | undefined {
  try {
    const journal = readJournal(path.join(outDir, 'meta', '_journal.json'));
    return isObject(journal) && Array.isArray(journal.entries) ? journal.entries : undefined;
  } catch {
    return undefined;
  }
}

export function schemaBeforeMigration(location: MigrationLocation): SchemaLookup | undefined {
  try {
    return location.layout === '0.x' ? before031(location) : beforeRc(location);
  } catch {
    return undefined;
  }
}

function before031({ outDir, tag }: MigrationLocation): SchemaLookup | undefined {
  const meta = path.join(outDir, 'meta');
  const entries = journalEntries(outDir) ?? [];
  const position = entries.findIndex((entry) => isObject(entry) && entry.tag === tag);
  if (position < 0) return undefined;
  // The first migration starts from an empty database.
  if (position === 0) return modelLookup(emptySchemaModel());
  const previous = String(entries[position - 1].tag);
  const file = path.join(meta, `${previous.split('_')[0]}_snapshot.json`);
  const read = snapshotReads.read(file);
  return read && lookupOverBorrowedBytes(read, () => readRegularFile(file));
}

/** Real snapshots are 0.1–2 MB; a bigger one is read into its own buffer, so the one kept stays small. */
const snapshotReads = new ReadBuffer(8 * 1024 * 1024);

/**
 * The lookup reads its table slices lazily from bytes that the next snapshot read overwrites. The rules
 * of one migration are done by then; a lookup still used later reads its file again, into its own buffer.
 */
function lookupOverBorrowedBytes(read: BorrowedBytes, reread: () => Buffer | undefined): SchemaLookup {
  let current: SchemaLookup | undefined = lookupOver(read.bytes);
  let own = false;
  const now = () => {
    if (!own && !read.stillValid()) {
      const bytes = reread();
      current = bytes ? lookupOver(bytes) : undefined;
      own = true;
    }
    return current;
  };
  return { table: (key) => now()?.table(key), enum: (key) => now()?.enum(key), tableKeys: () => now()?.tableKeys() ?? [] };
}

function lookupOver(bytes: Buffer): SchemaLookup {
  const whole = () => snapshotToLookup(JSON.parse(bytes.toString('utf8')));
  return v7TextLookup(bytes, whole) ?? whole();
}

function beforeRc({ outDir, tag }: MigrationLocation): SchemaLookup | undefined {
  const all = snapshotFolders(outDir);
  // Folder names start with a timestamp: the ones sorted before this migration's are its history.
  let count = 0;
  while (count < all.length && all[count] < tag) count++;
  if (count === 0) return undefined;
  const lastJson = readSnapshotJson(path.join(outDir, all[count - 1], 'snapshot.json'));
  if (!(isObject(lastJson) && lastJson.version === '9')) return snapshotToLookup(lastJson);
  const history = historyBefore(outDir, all, count);
  // A merge migration follows two branch leaves, which the migrator has both applied: start from their merge.
  const own = count < all.length && all[count] === tag ? readSnapshotJson(path.join(outDir, tag, 'snapshot.json')) : undefined;
  if (isObject(own) && own.version === '9' && Array.isArray(own.prevIds) && own.prevIds.length > 1) {
    return replayV9BeforeMerge([...history, { folder: tag, json: own }]);
  }
  return replayV9Lookup(history);
}

/** The 1.0 RC migration folders of `outDir` that hold a `snapshot.json`, sorted: listed once per refresh interval, not per migration. */
const folderLists = new TimedCache<string[]>(20);

function snapshotFolders(outDir: string): string[] {
  return folderLists.get(outDir, () =>
    readdirSync(outDir)
      .filter((folder) => isFile(path.join(outDir, folder, 'snapshot.json')))
      .sort(),
  );
}

/** The snapshots of a folder list read so far, in its order: each migration's history is a prefix of it. */
const readHistories = new WeakMap<string[], V9Snapshot[]>();

/**
 * The first `count` snapshots of `folders` (a list from `snapshotFolders`, so a new list, once per refresh
 * interval, starts a new history): linting a folder asks for every migration's history in turn, and
 * each is one entry longer than the last.
 */
function historyBefore(outDir: string, folders: string[], count: number): V9Snapshot[] {
  let read = readHistories.get(folders);
  if (!read) readHistories.set(folders, (read = []));
  while (read.length < count) {
    const folder = folders[read.length];
    read.push({ folder, json: readSnapshotJson(path.join(outDir, folder, 'snapshot.json')) as Json });
  }
  return read.slice(0, count);
}

const journals = new Map<string, { mtimeMs: number; size: number; json: unknown; checkedAt: number }>();
registerCache(() => journals.clear());

/** Every migration of a lint run looks itself up in the same journal: parse it once per change on disk, checked at most once per refresh interval. */
function readJournal(file: string): unknown {
  const hit = journals.get(file);
  if (hit && !isDue(hit.checkedAt)) return hit.json;
  const stats = statSync(file);
  // A FIFO or device would block the read: a journal is a regular file.
  if (!stats.isFile()) return undefined;
  const { mtimeMs, size } = stats;
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) {
    hit.checkedAt = Date.now();
    return hit.json;
  }
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (journals.size >= 20) journals.clear();
  journals.set(file, { mtimeMs, size, json, checkedAt: Date.now() });
  return json;
}

const snapshots = new Map<string, { mtimeMs: number; size: number; json: unknown; checkedAt: number }>();
registerCache(() => snapshots.clear());

/**
 * 1.0 RC v9: the schema before migration N replays every earlier snapshot, so linting a folder reads
 * each earlier `snapshot.json` again for every later migration: parse each once per change on disk.
 * Only v9 files are kept: a v8 file is the whole schema, read for one migration only.
 */
function readSnapshotJson(file: string): unknown {
  const hit = snapshots.get(file);
  if (hit && !isDue(hit.checkedAt)) return hit.json;
  const stats = statSync(file);
  // A FIFO or device in place of a snapshot would block the read forever: only regular files are read.
  if (!stats.isFile()) throw new Error(`${file} is not a regular file`);
  const { mtimeMs, size } = stats;
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) {
    hit.checkedAt = Date.now();
    return hit.json;
  }
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!(isObject(json) && json.version === '9')) return json;
  if (snapshots.size >= 2000) snapshots.clear();
  snapshots.set(file, { mtimeMs, size, json, checkedAt: Date.now() });
  return json;
}

/** Parsed snapshots kept for replays (tests). */
export function keptSnapshotCount(): number {
  return snapshots.size;
}

