import { createHash } from 'node:crypto';
import type { WorkstreamBundle } from '../contracts/index.js';
import { buildPlan } from '../bundle/build-plan.js';
import { ContractError, UsageError } from '../errors.js';
import type { Clock, EventStore, IdSource } from '../ports.js';
import type { RunEvent, RunOptions, RunOrigin } from './events.js';

/** JSON with sorted keys, so that equal documents hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const bundleHash = (bundle: WorkstreamBundle) => `sha256:${createHash('sha256').update(canonicalJson(bundle)).digest('hex')}`;

export interface NewRun {
  readonly bundle: WorkstreamBundle;
  readonly options: Partial<RunOptions>;
  readonly origin: RunOrigin;
  readonly source?: string;
}

/** The run_created event for a validated bundle; checks what only a run can (unknown skipped workstreams). */
export function buildRunCreated(runId: string, run: NewRun, ts: string, eventId: string): RunEvent {
  const built = buildPlan(run.bundle, run.options.max_parallel !== undefined ? { maxParallel: run.options.max_parallel } : {});
  if (!built.ok) throw new ContractError(run.source ?? 'bundle', built.issues);
  const skip = run.options.skip_workstreams ?? [];
  for (const ws of skip) {
    if (!built.plan.workstreams.has(ws)) throw new UsageError(`--skip-workstream ${ws}: no such workstream (known: ${[...built.plan.workstreams.keys()].join(', ')})`);
  }
  // The bundle's deadline_seconds counts from the run's creation; an explicit deadline_at (GitHub mode) wins.
  const deadline = run.bundle.deadline_seconds;
  const options: RunOptions = {
    ...(deadline !== undefined ? { deadline_at: new Date(Date.parse(ts) + deadline * 1000).toISOString() } : {}),
    ...run.options,
    max_parallel: built.plan.maxParallel,
    skip_workstreams: skip,
  };
  return {
    event_id: eventId,
    run_id: runId,
    seq: 1,
    ts,
    type: 'run_created',
    data: { bundle_id: run.bundle.bundle_id, bundle_hash: bundleHash(run.bundle), bundle: run.bundle, options, origin: run.origin },
  };
}

/** Creates a run: one durable run_created event. Returns the run id. */
export async function createRun(run: NewRun, ports: { store: EventStore; ids: IdSource; clock: Clock }, runId = ports.ids.newId()): Promise<string> {
  const event = buildRunCreated(runId, run, new Date(ports.clock.now()).toISOString(), ports.ids.newId());
  await ports.store.append(runId, [event]);
  return runId;
}
