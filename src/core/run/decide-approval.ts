import type { Decision } from './commands.js';
import type { EventBody } from './events.js';
import { awaitingApproval } from './fold-approval.js';
import { TERMINAL_NODE_STATES, type RunState } from './state.js';

/**
 * The approval gate of decide (ADR 0026), before anything else: a run that waits for approval decides nothing (not
 * even run_started), so no step can start; a voided approval ends the run as canceled, each open node skipped. A
 * cancel goes through as for any run. Undefined when the gate is open. Pure.
 */
export function decideApproval(state: RunState): Decision | undefined {
  const a = state.approval;
  if (!a || state.cancelRequested) return undefined;
  if (a.voided) {
    const reason = `approval voided: ${a.voided.reason}`;
    const records: EventBody[] = [];
    for (const n of state.nodes.values())
      if (!TERMINAL_NODE_STATES.has(n.state) && n.state !== 'running')
        records.push({ type: 'step_skipped', data: { step_id: n.id, reason, cause: 'canceled' } });
    if (state.running.size === 0)
      records.push({ type: 'run_completed', data: { state: 'canceled', reason: 'approval_voided', message: reason } });
    return { commands: records.map((event) => ({ kind: 'record', event })) };
  }
  return awaitingApproval(state) ? { commands: [] } : undefined;
}
