/**
 * The delivery ids seen lately, oldest forgotten first once `capacity` is reached. A cache only: GitHub's
 * atomic trigger claims are what make a trigger run once across restarts and replicas.
 */
export interface DedupeCache {
  /** Remembers `id`; false when it was already there. */
  add(id: string): boolean;
  /** Forgets `id`, so that a redelivery of it is processed again (after a failure). */
  forget(id: string): void;
  readonly size: number;
}

export function createDedupeCache(capacity: number): DedupeCache {
  if (!Number.isSafeInteger(capacity) || capacity < 1)
    throw new RangeError(`dedupe capacity must be ≥ 1 (got ${capacity})`);
  const ids = new Set<string>();
  return {
    add(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > capacity) ids.delete(ids.values().next().value!);
      return true;
    },
    forget: (id) => void ids.delete(id),
    get size() {
      return ids.size;
    },
  };
}
