import type { PlanNode } from '../bundle/build-plan.js';

/** The tool a step runs with when routing has not chosen one: its explicit tool_profile_id, else shell. */
export function resolveToolId(node: PlanNode): string {
  return node.step?.tool_profile_id ?? 'shell';
}
