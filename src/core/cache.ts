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

/** `Map` keyed by string whose entries are re-computed when older than the refresh interval. */
export class TimedCache<V> {
  private readonly entries = new Map<string, { value: V; checkedAt: number }>();

  constructor() {
    registerCache(() => this.entries.clear());
  }

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit && !isDue(hit.checkedAt)) return hit.value;
    const value = compute();
    this.entries.set(key, { value, checkedAt: Date.now() });
    return value;
  }
}
