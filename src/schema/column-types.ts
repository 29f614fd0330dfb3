import type { ObjectProp } from './values.js';

/** The config object literal's properties (empty when there is none). */
type Config = ReadonlyMap<string, ObjectProp>;

function num(config: Config, key: string): number | undefined | null {
  const value = config.get(key)?.value;
  if (!value) return undefined;
  if (value.kind === 'literal' && (typeof value.value === 'number' || value.value === undefined)) return value.value as number | undefined;
  return null;
}

function bool(config: Config, key: string): boolean | null {
  const value = config.get(key)?.value;
  if (!value) return false;
  if (value.kind === 'literal' && (typeof value.value === 'boolean' || value.value === undefined)) return value.value === true;
  return null;
}

function str(config: Config, key: string): string | undefined | null {
  const value = config.get(key)?.value;
  if (!value) return undefined;
  if (value.kind === 'literal' && (typeof value.value === 'string' || value.value === undefined)) return value.value as string | undefined;
  return null;
}

const withLength = (base: string) => (config: Config) => {
  const length = num(config, 'length');
  return length === null ? null : length === undefined ? base : `${base}(${length})`;
};

/** pgvector types: `vector(1536)`; drizzle requires `dimensions`. */
const withDimensions = (base: string) => (config: Config) => {
  const dimensions = num(config, 'dimensions');
  return typeof dimensions === 'number' ? `${base}(${dimensions})` : null;
};

const dateTime = (base: 'time' | 'timestamp') => (config: Config) => {
  const precision = num(config, 'precision');
  const withTimezone = bool(config, 'withTimezone');
  if (precision === null || withTimezone === null) return null;
  // drizzle-orm 0.45 writes `timestamp (3)` but `time(3)`.
  const p = precision === undefined ? '' : base === 'timestamp' ? ` (${precision})` : `(${precision})`;
  return `${base}${p}${withTimezone ? ' with time zone' : ''}`;
};

/**
 * SQL type per pg-core column builder, as drizzle-orm 0.45 `getSQLType()` spells it.
 * `null` = the config could not be read statically.
 */
export type ColumnType = (config: Config) => string | null;

export const COLUMN_TYPES = new Map<string, ColumnType>(Object.entries({
  integer: () => 'integer',
  smallint: () => 'smallint',
  bigint: () => 'bigint',
  serial: () => 'serial',
  smallserial: () => 'smallserial',
  bigserial: () => 'bigserial',
  boolean: () => 'boolean',
  text: () => 'text',
  uuid: () => 'uuid',
  date: () => 'date',
  real: () => 'real',
  doublePrecision: () => 'double precision',
  json: () => 'json',
  jsonb: () => 'jsonb',
  inet: () => 'inet',
  cidr: () => 'cidr',
  macaddr: () => 'macaddr',
  macaddr8: () => 'macaddr8',
  point: () => 'point',
  line: () => 'line',
  varchar: withLength('varchar'),
  char: withLength('char'),
  numeric: numericType,
  decimal: numericType,
  time: dateTime('time'),
  timestamp: dateTime('timestamp'),
  vector: withDimensions('vector'),
  halfvec: withDimensions('halfvec'),
  sparsevec: withDimensions('sparsevec'),
  bit: withDimensions('bit'),
  interval: (config) => {
    const fields = str(config, 'fields');
    const precision = num(config, 'precision');
    if (fields === null || precision === null) return null;
    return `interval${fields ? ` ${fields}` : ''}${precision ? `(${precision})` : ''}`;
  },
}));

function numericType(config: Config): string | null {
  const precision = num(config, 'precision');
  const scale = num(config, 'scale');
  if (precision === null || scale === null) return null;
  if (precision !== undefined && scale !== undefined) return `numeric(${precision}, ${scale})`;
  return precision === undefined ? 'numeric' : `numeric(${precision})`;
}

export const SERIAL_TYPES = new Set(['serial', 'smallserial', 'bigserial']);
