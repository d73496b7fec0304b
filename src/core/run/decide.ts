import { BREAKER_DEFAULTS } from '../bundle/defaults.js';
import type { Command, Decision } from './commands.js';
import type { EventBody, SkipCause } from './events.js';
import { decideStarts } from './decide-starts.js';
import { completionOf } from './completion.js';
import { decideApproval } from './decide-approval.js';
import { TERMINAL_NODE_STATES, type RunState } from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What to do next: a pure function of the state and the time. Bookkeeping events (skips, breaker
 * transitions, pauses, completion) come alone; starts are decided only once no bookkeeping is due,
 * so every start sees a state in which all consequences of earlier events are recorded.
 */
export function decide(state: RunState, now: number): Decision {
  if (['succeeded', 'failed', 'canceled', 'quarantined'].includes(state.status)) return { commands: [] };
  const approval = decideApproval(state);
  if (approval) return approval;
  const records: EventBody[] = [];
  const skipped = new Set<string>();
  const record = (event: EventBody) => {
    if (event.type === 'step_skipped') {
      if (skipped.has(event.data.step_id)) return; // already skipped by an earlier rule in this decision
      skipped.add(event.data.step_id);
    }
    records.push(event);
  };

  if (state.status === 'pending') {
    record({ type: 'run_started', data: {} });
    for (const wsId of state.options.skip_workstreams) {
      record({ type: 'workstream_skipped', data: { ws_id: wsId, reason: 'skipped by --skip-workstream' } });
      for (const n of state.plan.nodes.values()) {
        if (n.wsId === wsId) record({ type: 'step_skipped', data: { step_id: n.id, reason: `workstream ${wsId} was skipped by request`, cause: 'skip_workstream', ref: wsId } });
      }
    }
    return asRecords(records);
  }

  for (const b of state.breakers.values()) {
    const data = { ws_id: b.wsId, tool_id: b.toolId };
    if (b.tripped) {
      const after = state.plan.workstreams.get(b.wsId)?.circuit_breaker?.half_open_after ?? BREAKER_DEFAULTS.half_open_after;
      record({ type: 'breaker_opened', data: { ...data, failures: b.counter.state, half_open_at: iso(now + after * 1000) } });
    } else if (b.closeDue) record({ type: 'breaker_closed', data });
    else if (b.state === 'open' && b.halfOpenAt !== undefined && now >= b.halfOpenAt) record({ type: 'breaker_half_opened', data });
  }

  propagateSkips(state, record);

  const stopAll = (cause: SkipCause, ref: string | undefined, reason: string) => {
    for (const n of state.nodes.values()) {
      if (TERMINAL_NODE_STATES.has(n.state) || n.state === 'running') continue;
      record({ type: 'step_skipped', data: { step_id: n.id, reason, cause, ...(ref !== undefined ? { ref } : {}) } });
    }
  };
  const deadline = state.options.deadline_at !== undefined ? Date.parse(state.options.deadline_at) : undefined;
  if (state.cancelRequested) stopAll('canceled', undefined, 'the run was canceled');
  else if (deadline !== undefined && now >= deadline) stopAll('deadline', undefined, `the run deadline ${state.options.deadline_at} passed`);
  else if (state.failFast && state.running.size === 0) {
    stopAll('fail_fast', state.failFast.stepId, `step ${state.failFast.stepId} failed in a fail_fast workstream`);
  }
  if (records.length) return asRecords(records);

  if (state.status === 'running') {
    const escalated = [...state.escalated].map((id) => state.nodes.get(id)!);
    if (escalated.length) {
      const list = escalated.map((n) => `${n.id} (${n.lastError?.errorClass ?? 'failed'}: ${n.lastError?.message ?? ''})`).join(', ');
      record({ type: 'run_paused', data: { reason: 'escalated', message: `escalated for a human: ${list}; \`uet resume\` retries ${escalated.length === 1 ? 'it' : 'them'}` } });
      return asRecords(records);
    }
  }

  if (state.running.size === 0 && (state.status === 'running' || state.cancelRequested)) {
    const done = completionOf(state, now, deadline);
    if (done) return asRecords([done]);
  }
  if (state.status !== 'running' || state.failFast || state.cancelRequested) return { commands: [] };
  return decideStarts(state, now, deadline);
}

function asRecords(events: EventBody[]): Decision {
  return { commands: events.map((event): Command => ({ kind: 'record', event })) };
}

/** Dependents of failed or skipped nodes are skipped, transitively, each with its reason. */
function propagateSkips(state: RunState, record: (e: EventBody) => void): void {
  const emitted = new Set<string>();
  for (const source of state.skipCheck) {
    const stack = [source];
    while (stack.length) {
      const id = stack.pop()!;
      const from = state.nodes.get(id)!;
      const planFrom = state.plan.nodes.get(id)!;
      for (const d of state.plan.dag.dependents.get(id) ?? []) {
        const dn = state.nodes.get(d)!;
        if (emitted.has(d) || TERMINAL_NODE_STATES.has(dn.state) || dn.state === 'running') continue;
        emitted.add(d);
        const failed = !emitted.has(id) && from.state === 'failed';
        const cause: SkipCause = !failed ? 'dependency_skipped' : planFrom.kind === 'gate' ? 'gate_failed' : 'dependency_failed';
        const what = cause === 'gate_failed' ? `blocking gate ${id} failed` : cause === 'dependency_failed' ? `depends on ${id}, which failed` : `depends on ${id}, which was skipped`;
        record({ type: 'step_skipped', data: { step_id: d, reason: what, cause, ref: id } });
        stack.push(d);
      }
    }
  }
}
