import type { WorkstreamBundle } from '../src/core/contracts/index.js';
import { MinHeap, applyEvent, buildRunCreated, decide, fold, type EventBody } from '../src/core/run/index.js';

export interface BenchDag {
  id: string;
  kind: string;
  m: number;
  tasks: { id: string; duration: number; deps: string[] }[];
}

export function bundleOfDag(dag: BenchDag): WorkstreamBundle {
  return {
    bundle_id: dag.id,
    max_parallel: dag.m,
    workstreams: [{ ws_id: 'W', steps: dag.tasks.map((t) => ({ step_id: t.id, depends_on: t.deps, estimate_seconds: t.duration })) }],
  };
}

/**
 * Runs a bundle through the real fold/decide on a virtual clock (discrete events): each started step
 * finishes after its estimate; all completions at one instant are recorded before the next decision.
 * Returns the makespan in seconds.
 */
export function simulateEngine(bundle: WorkstreamBundle): number {
  let seq = 1;
  let now = 0;
  let ids = 0;
  const created = buildRunCreated('01JBENCH00000000000000000', { bundle, options: {}, origin: { kind: 'manual' } }, new Date(0).toISOString(), 'e0');
  const state = fold([created]);
  const append = (body: EventBody) => applyEvent(state, { event_id: `e${seq}`, run_id: created.run_id, seq: ++seq, ts: new Date(now * 1000).toISOString(), ...body });
  const finishing = new MinHeap();
  const duration = new Map(bundle.workstreams.flatMap((w) => (w.steps ?? []).map((s) => [s.step_id, s.estimate_seconds ?? 60] as const)));
  for (;;) {
    const decision = decide(state, now * 1000);
    let acted = false;
    for (const c of decision.commands) {
      acted = true;
      if (c.kind === 'record') append(c.event);
      else if (c.kind === 'start_step') {
        append({ type: 'step_started', data: { step_id: c.stepId, attempt: c.attempt, attempt_id: `a${ids++}`, tool_id: c.toolId, reserved_cost_usd: 0 } });
        finishing.push(now + duration.get(c.stepId)!, c.stepId);
      }
    }
    if (acted) continue;
    const t = finishing.peekKey();
    if (t === undefined) break;
    now = t;
    while (finishing.peekKey() === now) {
      const id = finishing.pop()!;
      append({ type: 'step_succeeded', data: { step_id: id, attempt: 1, attempt_id: 'x', duration_ms: 0 } });
    }
  }
  if (state.status !== 'succeeded') throw new Error(`simulation of ${bundle.bundle_id} ended ${state.status}`);
  return now;
}
