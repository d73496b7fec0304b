import { expect } from 'vitest';
import { validateDocument, type WorkstreamBundle } from '../../src/core/contracts/index.js';
import type { Clock, EventStore, Executor, IdSource } from '../../src/core/ports.js';
import { createRun, driveRun, type RunEvent, type RunOptions, type RunState } from '../../src/core/run/index.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Deterministic ULID-shaped ids: 01 + a counter in Crockford base32. */
export function createCounterIds(prefix = '01J'): IdSource {
  let n = 0;
  return {
    newId() {
      n += 1;
      let s = '';
      let x = n;
      while (s.length < 26 - prefix.length) {
        s = CROCKFORD[x % 32]! + s;
        x = Math.floor(x / 32);
      }
      return prefix + s;
    },
  };
}

/** A clock whose sleeps advance time at once. */
export function createTestClock(start = Date.parse('2026-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => (now += ms),
    sleep: (ms) => {
      now += Math.max(0, ms);
      return Promise.resolve();
    },
  };
}

/** An in-memory store; `failAfter` makes appends throw once that many events are stored (a crash). */
export function createTestStore(): EventStore & { logs: Map<string, RunEvent[]>; failAfter?: number } {
  const logs = new Map<string, RunEvent[]>();
  const store: EventStore & { logs: Map<string, RunEvent[]>; failAfter?: number } = {
    logs,
    read: (runId) => Promise.resolve([...(logs.get(runId) ?? [])]),
    append: (runId, events) => {
      const log = logs.get(runId) ?? [];
      if (store.failAfter !== undefined && log.length + events.length > store.failAfter) {
        return Promise.reject(new Error('simulated crash'));
      }
      logs.set(runId, [...log, ...events]);
      return Promise.resolve();
    },
  };
  return store;
}

export interface Harness {
  store: ReturnType<typeof createTestStore>;
  clock: ReturnType<typeof createTestClock>;
  ids: IdSource;
}

export function createHarness(): Harness {
  return { store: createTestStore(), clock: createTestClock(), ids: createCounterIds() };
}

export async function runBundle(
  bundle: WorkstreamBundle,
  executor: Executor,
  options: Partial<RunOptions> = {},
  h: Harness = createHarness(),
): Promise<{ state: RunState; runId: string; events: RunEvent[]; h: Harness }> {
  const runId = await createRun({ bundle, options, origin: { kind: 'cli' } }, h);
  const state = await driveRun(runId, { ...h, executor });
  return { state, runId, events: h.store.logs.get(runId)!, h };
}

/** A bundle of one workstream with the given steps (shell commands are irrelevant to scripted executors). */
export function bundleOf(steps: { id: string; deps?: string[]; parallel_ok?: boolean; est?: number; cost?: number }[], extra: Partial<WorkstreamBundle['workstreams'][number]> = {}, bundleExtra: Partial<WorkstreamBundle> = {}): WorkstreamBundle {
  return {
    bundle_id: 'test',
    ...bundleExtra,
    workstreams: [
      {
        ws_id: 'WS',
        ...extra,
        steps: steps.map((s) => ({
          step_id: s.id,
          tool_profile_id: 'shell',
          context: { command: 'true' },
          ...(s.deps ? { depends_on: s.deps } : {}),
          ...(s.parallel_ok !== undefined ? { parallel_ok: s.parallel_ok } : {}),
          ...(s.est !== undefined ? { estimate_seconds: s.est } : {}),
          ...(s.cost !== undefined ? { estimate_cost_usd: s.cost } : {}),
        })),
      },
    ],
  };
}

/** Asserts that every event satisfies schema/run_event.v1.json. */
export function expectValidEvents(events: readonly RunEvent[]): void {
  for (const e of events) {
    const checked = validateDocument('run_event', e);
    expect(checked.ok ? [] : checked.issues, `${e.type} #${e.seq}`).toEqual([]);
  }
}
