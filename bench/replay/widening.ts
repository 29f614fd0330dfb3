/**
 * Type changes Postgres applies without rewriting the table (binary-coercible, or a typmod increase
 * its length-coercion support function drops), https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 * Written independently of src/core/type-change.ts on purpose: it is the oracle.
 */
export function isNoRewriteTypeChange(from: string, to: string): boolean {
  const a = normalize(from);
  const b = normalize(to);
  if (a === b) return true;
  const va = lengthOf(a, 'varchar');
  const vb = lengthOf(b, 'varchar');
  if (va !== undefined && (b === 'text' || vb === null || (typeof vb === 'number' && typeof va === 'number' && vb >= va))) return true;
  if (a === 'text' && vb === null) return true;
  const na = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/.exec(a);
  const nb = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/.exec(b);
  if (na && nb) {
    if (!nb[1]) return true;
    return Boolean(na[1]) && Number(nb[1]) >= Number(na[1]) && (nb[2] ?? '0') === (na[2] ?? '0');
  }
  for (const base of ['timestamp', 'timestamp with time zone', 'time', 'time with time zone', 'interval']) {
    const pa = precisionOf(a, base);
    const pb = precisionOf(b, base);
    if (pa !== undefined && pb !== undefined) return pb === null || (pa !== null && pb >= pa);
  }
  return false;
}

/** `varchar(50)` → 50, `varchar` → null, other types → undefined. */
function lengthOf(type: string, base: string): number | null | undefined {
  const m = new RegExp(`^${base}(?:\\((\\d+)\\))?$`).exec(type);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : null;
}

/** `timestamp (3) with time zone` → 3 for base `timestamp with time zone`; no precision → null (6, the maximum). */
function precisionOf(type: string, base: string): number | null | undefined {
  const [head, ...tail] = base.split(' ');
  const m = new RegExp(`^${head}(?:\\s*\\((\\d+)\\))?${tail.length ? ' ' + tail.join(' ') : ''}$`).exec(type);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : null;
}

function normalize(type: string): string {
  return type
    .toLowerCase()
    .replace(/\s+using\s[^]*$/, '')
    .replace(/"/g, '')
    .replace(/^public\./, '')
    .replace(/character varying/g, 'varchar')
    .replace(/\btimestamptz\b/g, 'timestamp with time zone')
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .replace(/\)(\S)/, ') $1')
    .replace(/^(timestamp|time)\((\d+)\)/, '$1($2)')
    .trim();
}
