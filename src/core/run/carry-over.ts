import type { EventBody } from './events.js';
import { gateCompletedEvent } from './outcome-events.js';
import { attemptIdFor } from './start-claims.js';
import type { RunState } from './state.js';

export interface CarryOver {
  /** The nodes the new run takes over as done, in plan order. */
  readonly carried: string[];
  /** The events recording them in the new run, to append right after its run_created. */
  readonly events: EventBody[];
}

export type CarryOverResult = { ok: true; value: CarryOver } | { ok: false; reason: string };

/**
 * What a new run of a finished run's bundle can take over instead of running again (`/uet retry`, ADR 0010): every
 * node that succeeded and all of whose dependencies are taken over, except `rerun` and what depends on it. The new
 * run's branch starts at the old run branch's head, which holds exactly the patches of those steps, so each is
 * recorded as a started and succeeded attempt 1 with the old commit and patch id (no cost: it ran in the old run)
 * and a `carried_over` warning naming the old run. Refused, so that everything runs again, when a succeeded step
 * with a patch would not be taken over: its commit is on the old branch and would be applied twice. Pure.
 */
export function buildCarryOver(old: RunState, newRunId: string, rerun?: string): CarryOverResult {
  const redo = new Set<string>();
  if (rerun !== undefined) {
    const stack = [rerun];
    while (stack.length) {
      const id = stack.pop()!;
      if (redo.has(id)) continue;
      redo.add(id);
      stack.push(...(old.plan.dag.dependents.get(id) ?? []));
    }
  }
  const carried: string[] = [];
  const events: EventBody[] = [];
  const taken = new Set<string>();
  for (const id of old.plan.order) {
    const p = old.plan.nodes.get(id)!;
    const n = old.nodes.get(id)!;
    const ok = n.state === 'succeeded' && !redo.has(id) && p.deps.every((d) => taken.has(d));
    if (!ok) {
      if (n.state === 'succeeded' && n.commit !== undefined)
        return {
          ok: false,
          reason: `step ${id} succeeded with a patch but runs again, so the new run starts from the pinned commit`,
        };
      continue;
    }
    taken.add(id);
    carried.push(id);
    const why = `succeeded in run ${old.runId}${n.commit !== undefined ? ` (commit ${n.commit.slice(0, 12)})` : ''}: carried over, not run again`;
    if (p.kind === 'gate') {
      const g = p.gate!;
      events.push({
        type: 'gate_started',
        data: { gate_id: g.gate_id, ws_id: p.wsId, type: g.type, attempt: 1 },
      });
      events.push(gateCompletedEvent(p, { passed: true, durationMs: 0 }));
      events.push({ type: 'warning', data: { kind: 'carried_over', message: `gate ${id} ${why}` } });
      continue;
    }
    const record = old.attempts.findLast((a) => a.stepId === id && a.state === 'succeeded');
    const attemptId = attemptIdFor(newRunId, id, 1);
    events.push({
      type: 'step_started',
      data: {
        step_id: id,
        attempt: 1,
        attempt_id: attemptId,
        tool_id: n.toolId ?? record?.toolId ?? 'shell',
        reserved_cost_usd: 0,
      },
    });
    events.push({
      type: 'step_succeeded',
      data: {
        step_id: id,
        attempt: 1,
        attempt_id: attemptId,
        duration_ms: 0,
        cost_usd: 0,
        ...(n.commit !== undefined ? { commit: n.commit } : {}),
        ...(record?.patchId !== undefined ? { patch_id: record.patchId } : {}),
      },
    });
    events.push({
      type: 'warning',
      data: { kind: 'carried_over', message: `step ${id} ${why}`, step_id: id },
    });
  }
  return { ok: true, value: { carried, events } };
}
