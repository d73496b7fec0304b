/** A promise-chain mutex: `run(fn)` calls start in order, one at a time. A rejection does not break the chain. */
export interface Mutex {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn, fn);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

const keyed = new Map<string, Mutex>();

/** One process-wide mutex per key (for example `integrate:<git-common-dir>`). */
export function mutexFor(key: string): Mutex {
  let m = keyed.get(key);
  if (!m) keyed.set(key, (m = createMutex()));
  return m;
}
