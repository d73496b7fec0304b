import type { PlanNode } from '../bundle/build-plan.js';
import type { GateFailure } from '../prompt/index.js';
import type { RunState } from './state.js';

/**
 * The failure a repair round works on, for its prompt: its gate's command and last outcome (exit code, output tail)
 * as the log records them. Undefined for any other node, or before its gate has failed. Pure.
 */
export function gateFailureOf(state: RunState, node: PlanNode): GateFailure | undefined {
  if (!node.repair) return undefined;
  const p = state.plan.nodes.get(node.repair.gateNodeId);
  const outcome = state.nodes.get(node.repair.gateNodeId)?.gate;
  if (!p?.gate || !outcome || outcome.passed) return undefined;
  return {
    gateId: p.gate.gate_id,
    ...(p.gate.name !== undefined ? { name: p.gate.name } : {}),
    type: p.gate.type,
    command: p.gate.command,
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    ...(outcome.outputTail !== undefined ? { outputTail: outcome.outputTail } : {}),
    round: node.repair.round,
    maxAttempts: node.repair.maxAttempts,
  };
}
