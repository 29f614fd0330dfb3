/**
 * A drizzle-kit 0.31 snapshot (version 7) looked up in its bytes, one table at a time. drizzle-kit
 * writes snapshots with `JSON.stringify(snapshot, null, 2)`, and a JSON string holds no raw newline,
 * so every line is indented by its depth: a table is the lines from `\n    "public.users": {` to the
 * next `\n    }`, its `name` on the line after its key, and the tables end at `\n  }`. Only the table
 * asked for is parsed: a migration's rules ask the schema before it for a table or two, and
 * `JSON.parse` of every earlier snapshot, whole, was most of what reading them cost in a
 * 300-migration folder. On any doubt (another layout, two tables of one name, a key that is not
 * `schema.name`, a slice that does not parse) the whole file is parsed. So for any file indented by
 * depth whose objects have unique keys (RFC 8259's interoperable JSON) the answers are `v7Lookup`'s;
 * a file edited by hand so that its braces no longer match its indentation is read as indented.
 */
import { Buffer } from 'node:buffer';
import { emptySchemaModel, tableKey, type EnumModel, type TableModel } from '../core/schema-model.js';
import type { SchemaLookup } from '../core/schema-lookup.js';
import { isObject } from './shape.js';
import { readEnums, readTable, tableSchema } from './v7.js';

interface Block {
  /** Offset of the block's `{`. */
  open: number;
  /** Offset of the `\n` before its closing `}` (`open + 1` when the block is `{}`). */
  close: number;
}

interface TableEntries {
  block: Block;
  /** Where each table's object starts (its `{`) and ends (after its `}`). */
  byKey: Map<string, { open: number; end: number }>;
  /** How many tables carry each name. */
  names: Map<string, number>;
}

/** `id`, `prevId` (first when the CLI writes them), `version` and `dialect`, then the tables. */
const HEADER = /^\{\n(?: {2}"\w+": "[^"\\\n]*",\n){2,4} {2}"tables": \{/;
// Encoded once: `Buffer#indexOf` would encode a string needle on every call.
const ENTRY_START = Buffer.from('\n    "');
const ENTRY_END = Buffer.from('\n    }');
const BLOCK_END = Buffer.from('\n  }');
const NAME_PREFIX = '      "name": ';
const [NEWLINE, COMMA, CURLY_OPEN, CURLY_CLOSE] = [0x0a, 0x2c, 0x7b, 0x7d];

/** A lookup over the snapshot's bytes, or undefined when they are not laid out as drizzle-kit writes them. */
export function v7TextLookup(bytes: Buffer, whole: () => SchemaLookup): SchemaLookup | undefined {
  const header = HEADER.exec(bytes.toString('latin1', 0, 512));
  if (!header?.[0].includes('\n  "version": "7",\n') || !header[0].includes('\n  "dialect": "postgresql",\n')) return undefined;
  const tables = readTableEntries(bytes, header[0].length - 1);
  const enumsBlock = tables && blockAfter(bytes, tables.block, ',\n  "enums": ');
  if (!tables || !enumsBlock) return undefined;
  let wholeLookup: SchemaLookup | undefined;
  const parsedWhole = () => (wholeLookup ??= whole());
  const read = new Map<string, TableModel | undefined>();
  let enums: ReadonlyMap<string, EnumModel> | null | undefined;
  return {
    table(key) {
      if (!read.has(key)) {
        const readTableNow = () => {
          const slice = sliceTable(bytes, tables, key);
          return slice === 'absent' ? undefined : (slice ?? parsedWhole().table(key));
        };
        read.set(key, unlessThrows(readTableNow));
      }
      return read.get(key);
    },
    enum(key) {
      // A slice that parses is the whole block (`JSON.parse` refuses a cut or a tail); if not, the whole file is read.
      enums ??= unlessThrows(() => readEnums(emptySchemaModel(), { enums: parseBlock(bytes, enumsBlock) }).enums) ?? null;
      return enums ? enums.get(key) : unlessThrows(() => parsedWhole().enum(key));
    },
    // Rare (a type change of a referenced key column): the slices index tables by name, so read the whole file.
    tableKeys: () => unlessThrows(() => parsedWhole().tableKeys()) ?? [],
  };
}

/** The depth-1 object opening at `open`: `{}`, or `{` up to the first `\n  }`. */
function blockAt(bytes: Buffer, open: number): Block | undefined {
  if (bytes[open] !== CURLY_OPEN) return undefined;
  if (bytes[open + 1] === CURLY_CLOSE) return { open, close: open + 1 };
  const close = bytes.indexOf(BLOCK_END, open);
  return close < 0 ? undefined : { open, close };
}

/** The depth-1 object right after `block` and `separator` (`,\n  "enums": `). */
function blockAfter(bytes: Buffer, block: Block, separator: string): Block | undefined {
  const after = block.close === block.open + 1 ? block.close + 1 : block.close + BLOCK_END.length;
  if (bytes.toString('latin1', after, after + separator.length) !== separator) return undefined;
  return blockAt(bytes, after + separator.length);
}

function parseBlock(bytes: Buffer, block: Block): unknown {
  return JSON.parse(bytes.toString('utf8', block.open, block.close === block.open + 1 ? block.open + 2 : block.close + BLOCK_END.length));
}

/**
 * Walks the tables block entry by entry, reading each key and name from the entry's first two lines
 * and jumping to its `\n    }`: one pass over the block, no table parsed.
 */
function readTableEntries(bytes: Buffer, open: number): TableEntries | undefined {
  if (bytes[open] !== CURLY_OPEN) return undefined;
  const entries: TableEntries = { block: { open, close: open + 1 }, byKey: new Map(), names: new Map() };
  if (bytes[open + 1] === CURLY_CLOSE) return entries;
  let at = open + 1;
  for (;;) {
    if (!startsAt(bytes, ENTRY_START, at)) return undefined;
    const keyLineEnd = bytes.indexOf(NEWLINE, at + 1);
    const nameLineEnd = keyLineEnd < 0 ? -1 : bytes.indexOf(NEWLINE, keyLineEnd + 1);
    const end = nameLineEnd < 0 ? -1 : bytes.indexOf(ENTRY_END, nameLineEnd);
    if (end < 0) return undefined;
    // `    "public.users": {` then `      "name": "users",`
    const keyLine = bytes.toString('utf8', at + 1, keyLineEnd);
    const nameLine = bytes.toString('utf8', keyLineEnd + 1, nameLineEnd);
    if (!keyLine.endsWith('": {') || !nameLine.startsWith(NAME_PREFIX)) return undefined;
    const key = jsonString(keyLine.slice(4, -3));
    const name = jsonString(nameLine.slice(NAME_PREFIX.length, -1));
    if (key === undefined || name === undefined) return undefined;
    // A key written twice: the last, as `JSON.parse` keeps the last.
    entries.byKey.set(key, { open: keyLineEnd - 1, end: end + ENTRY_END.length });
    entries.names.set(name, (entries.names.get(name) ?? 0) + 1);
    at = end + ENTRY_END.length;
    if (bytes[at] === COMMA) {
      at++;
      continue;
    }
    if (!startsAt(bytes, BLOCK_END, at)) return undefined;
    entries.block.close = at;
    return entries;
  }
}

/** The table keyed `key`, `'absent'`, or `undefined` when the slice cannot settle it (the whole file is parsed then). */
function sliceTable(bytes: Buffer, entries: TableEntries, key: string): TableModel | 'absent' | undefined {
  const entry = entries.byKey.get(key);
  if (entry === undefined) return namedAsKeyEnds(entries, key) ? undefined : 'absent';
  const raw: unknown = JSON.parse(bytes.toString('utf8', entry.open, entry.end));
  if (!isObject(raw) || typeof raw.name !== 'string' || entries.names.get(raw.name) !== 1) return undefined;
  const where = `tables.${key}`;
  return tableKey(tableSchema(raw, where), raw.name) === key ? readTable(raw, where) : undefined;
}

/** Whether some table is named as `key` ends after a dot (its key would then not be `schema.name`). */
function namedAsKeyEnds(entries: TableEntries, key: string): boolean {
  for (let dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) if (entries.names.has(key.slice(dot + 1))) return true;
  return false;
}

function startsAt(bytes: Buffer, prefix: Buffer, at: number): boolean {
  return at + prefix.length <= bytes.length && bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

/** The string a JSON string literal spells; without an escape or a quote inside, its text between the quotes. */
function jsonString(text: string): string | undefined {
  if (text.length >= 2 && text.charCodeAt(0) === 0x22 && text.indexOf('"', 1) === text.length - 1 && !text.includes('\\')) return text.slice(1, -1);
  const value: unknown = unlessThrows(() => JSON.parse(text));
  return typeof value === 'string' ? value : undefined;
}

function unlessThrows<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
