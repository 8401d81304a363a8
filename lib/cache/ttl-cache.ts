// A small in-process cache of loads: what the request path reads often and what rarely changes
// (a code, a code's live state, a bearer token's owner) is loaded once and shared for `ttlMs` —
// concurrent callers of a key share one load. A load that fails, or whose value `keep` refuses
// (a miss), is forgotten, so the next caller asks again. Past `maxEntries` the oldest entry goes.
export interface TtlCacheOptions<V> {
  ttlMs: number;
  maxEntries: number;
  /** Whether a loaded value may be kept (default: every value). */
  keep?: (value: V) => boolean;
}

interface Entry<V> {
  value: Promise<V>;
  expires: number;
  /** The value once loaded (kept ones only). */
  settled?: V;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly opts: TtlCacheOptions<V>) {}

  /** The cached value of `key`, or `load()`'s (shared with every caller until it settles and for ttlMs after). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const entry: Entry<V> = { value: load(), expires: now + this.opts.ttlMs };
    this.put(key, entry);
    entry.value.then(
      (value) => {
        if (this.opts.keep && !this.opts.keep(value)) this.forget(key, entry);
        else entry.settled = value;
      },
      () => this.forget(key, entry),
    );
    return entry.value;
  }

  /** Caches a value known now (e.g. a row this process just wrote). */
  set(key: string, value: V): void {
    this.put(key, { value: Promise.resolve(value), expires: performance.now() + this.opts.ttlMs, settled: value });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every entry whose loaded value matches, and every entry still loading (it may be the stale answer). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (entry.settled === undefined || matches(entry.settled)) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private put(key: string, entry: Entry<V>): void {
    this.entries.delete(key); // a refreshed key moves to the back: eviction takes the oldest
    if (this.entries.size >= this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }

  private forget(key: string, entry: Entry<V>): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}

/** One cache per database handle (tests open many; production has one). */
export function perHandle<H extends object, V>(opts: TtlCacheOptions<V>): (handle: H) => TtlCache<V> {
  const caches = new WeakMap<H, TtlCache<V>>();
  return (handle) => {
    let cache = caches.get(handle);
    if (!cache) caches.set(handle, (cache = new TtlCache(opts)));
    return cache;
  };
}
