import type { Plan } from '../bundle/build-plan.js';
import {
  evaluateAcceptance,
  evaluateCriteria,
  type AcceptanceResult,
  type CriterionResult,
} from '../phase-acceptance/index.js';

/**
 * A run judged as a phase: its workstreams' completion criteria, and acceptance mode all over the required
 * bundle-level gates (where a compiled phase puts acceptance.gates), or over every required gate when the bundle
 * has none, and the checkable criteria. Pure.
 */
export function buildRunAcceptance(
  plan: Plan,
  nodeState: (nodeId: string) => string,
): { completion_criteria: CriterionResult[]; acceptance: AcceptanceResult } {
  const criteria = evaluateCriteria(plan, nodeState);
  // Advisory gates (required: false) are reported but do not decide acceptance.
  const gates = [...plan.nodes.values()].filter((n) => n.kind === 'gate' && n.gate!.required);
  const phaseGates = gates.some((g) => g.wsId === null) ? gates.filter((g) => g.wsId === null) : gates;
  const results = phaseGates.map((g) => {
    const s = nodeState(g.id);
    return {
      gate_id: g.gate!.gate_id,
      type: g.gate!.type,
      ...(s === 'succeeded' ? { passed: true } : s === 'failed' || s === 'skipped' ? { passed: false } : {}),
    };
  });
  return {
    completion_criteria: criteria,
    acceptance: evaluateAcceptance({ mode: 'all' }, results, criteria),
  };
}
