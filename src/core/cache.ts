/**
 * Editors keep ESLint and tsserver alive for hours, so cached project state must notice changes
 * on disk, yet a lint run of many files must not stat the same files again and again. Every
 * cache re-checks the disk at most once per `refreshIntervalMs`.
 */
export const cacheSettings = { refreshIntervalMs: 1000 };

const clearers: (() => void)[] = [];

/** Registers a cache so `clearAllCaches` (tests, a host's "restart") can empty it. */
export function registerCache(clear: () => void): void {
  clearers.push(clear);
}

export function clearAllCaches(): void {
  for (const clear of clearers) clear();
}

export function isDue(lastCheckedAt: number, now = Date.now()): boolean {
  return now - lastCheckedAt >= cacheSettings.refreshIntervalMs;
}

/** Entries a `TimedCache` keeps by default: keys are folders or files, a long session visits many. */
export const TIMED_CACHE_LIMIT = 1000;

/**
 * `Map` keyed by string whose entries are re-computed when older than the refresh interval; beyond
 * `limit` entries the least recently written one is dropped.
 */
export class TimedCache<V> {
  private readonly entries = new Map<string, { value: V; checkedAt: number }>();

  constructor(private readonly limit = TIMED_CACHE_LIMIT) {
    registerCache(() => this.entries.clear());
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit && !isDue(hit.checkedAt)) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { value, checkedAt: Date.now() });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
