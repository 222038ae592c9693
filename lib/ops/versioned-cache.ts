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
