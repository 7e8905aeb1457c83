/** Runs at most one task per key at a time; callers arriving meanwhile share its promise. */
export function createSingleFlight<K>() {
  const pending = new Map<K, Promise<unknown>>();
  return function run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const existing = pending.get(key);
    if (existing) return existing as Promise<T>;
    const promise = task().finally(() => pending.delete(key));
    pending.set(key, promise);
    return promise;
  };
}
