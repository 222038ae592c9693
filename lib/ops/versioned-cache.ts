/**
 * One value reused while its key (a cheap fingerprint of the data it is made from) is unchanged,
 * for at most `ttlMs`; callers that miss at the same moment with the same key share one load.
 * The dashboard's go-live figures and the public status page's model use it: the fingerprint
 * makes a write show on the next request, the lifetime bounds what the fingerprint cannot see.
 */
export function versionedCache<T>(ttlMs: number) {
  let cached: { key: string; at: number; value: T } | null = null;
  const pending = new Map<string, Promise<T>>();
  return {
    get(key: string, now: Date, load: () => Promise<T>): Promise<T> {
      const age = now.getTime() - (cached?.at ?? 0);
      if (cached?.key === key && age >= 0 && age < ttlMs) return Promise.resolve(cached.value);
      let loading = pending.get(key);
      if (!loading) {
        loading = load()
          .then((value) => {
            cached = { key, at: now.getTime(), value };
            return value;
          })
          .finally(() => pending.delete(key));
        pending.set(key, loading);
      }
      return loading;
    },
    clear() {
      cached = null;
      pending.clear();
    },
  };
}

/** What keyedCache returns (keptWhileUnchanged takes one). */
export type KeyedCache<T> = {
  get(key: string, load: () => Promise<T>): Promise<T>;
  readonly size: number;
  clear(): void;
};

/**
 * Values by key, at most `max` of them (the least recently used goes first), for page models
 * whose key starts with a data version (`dataVersion`, lib/ops/data-version.ts): a write changes
 * the version, so the next request misses and loads afresh, and old keys age out. Callers that miss
 * at the same moment with the same key share one load; a failed load is not kept. The values are
 * shared between requests: callers must not change them.
 */
export function keyedCache<T>(max: number): KeyedCache<T> {
  const values = new Map<string, T>();
  const pending = new Map<string, Promise<T>>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      if (values.has(key)) {
        const value = values.get(key) as T;
        // Map order is insertion order: a hit moves to the end, so the first key is the least recently used.
        values.delete(key);
        values.set(key, value);
        return Promise.resolve(value);
      }
      let loading = pending.get(key);
      if (!loading) {
        loading = load()
          .then((value) => {
            values.set(key, value);
            while (values.size > max) values.delete(values.keys().next().value as string);
            return value;
          })
          .finally(() => pending.delete(key));
        pending.set(key, loading);
      }
      return loading;
    },
    get size() {
      return values.size;
    },
    clear() {
      values.clear();
      pending.clear();
    },
  };
}
