import type { EventStore } from '../../core/ports.js';
import type { RunEvent } from '../../core/run/events.js';

export interface MemoryEventStore extends EventStore {
  listRuns(): Promise<string[]>;
}

/** An EventStore in memory, for tests and simulations. Events are copied in and out, so callers cannot alias them. */
export function createMemoryEventStore(
  initial: Readonly<Record<string, readonly RunEvent[]>> = {},
): MemoryEventStore {
  const logs = new Map<string, RunEvent[]>(
    Object.entries(initial).map(([id, evs]) => [id, structuredClone([...evs])]),
  );
  return {
    read: (runId) => Promise.resolve(structuredClone(logs.get(runId) ?? [])),
    append(runId, events) {
      if (!events.length) return Promise.resolve();
      const log = logs.get(runId) ?? [];
      log.push(...structuredClone([...events]));
      logs.set(runId, log);
      return Promise.resolve();
    },
    listRuns: () => Promise.resolve([...logs.keys()].sort()),
  };
}
