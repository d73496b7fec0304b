import type { Plan } from '../bundle/build-plan.js';
import type { CriterionStatus } from './evaluate-acceptance.js';

export interface CriterionResult {
  readonly ws_id: string;
  readonly criterion: string;
  readonly status: CriterionStatus;
  /** The steps and gates the criterion mentions, with their states. */
  readonly refs: readonly { id: string; state: string }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentions = (text: string, token: string) =>
  new RegExp(`(^|[^A-Za-z0-9._-])${escape(token)}($|[^A-Za-z0-9_-])`).test(text);

/**
 * Reports each workstream's completion_criteria (docs/routing.md, "Completion criteria"). A criterion is checkable
 * when it mentions a step id of the bundle, a gate id of its workstream or of the bundle, or a gate type (such as
 * GATE_DOCS) of its workstream; it is met when every node it mentions succeeded (gates: passed), not met otherwise
 * (failed, skipped, or not finished yet). A criterion that mentions none is not checkable: prose such as "8 ADRs
 * created" is for a person to judge. Pure.
 */
export function evaluateCriteria(plan: Plan, nodeState: (nodeId: string) => string): CriterionResult[] {
  const steps = [...plan.nodes.values()].filter((n) => n.kind === 'step');
  const gates = [...plan.nodes.values()].filter((n) => n.kind === 'gate');
  const out: CriterionResult[] = [];
  for (const ws of plan.bundle.workstreams) {
    const own = gates.filter((g) => g.wsId === ws.ws_id || g.wsId === null);
    for (const criterion of ws.completion_criteria ?? []) {
      const ids = new Set<string>();
      for (const s of steps) if (mentions(criterion, s.id)) ids.add(s.id);
      for (const g of own) {
        if (mentions(criterion, g.gate!.gate_id)) ids.add(g.id);
        else if (g.wsId === ws.ws_id && mentions(criterion, g.gate!.type)) ids.add(g.id);
      }
      const refs = [...ids].map((id) => ({ id, state: nodeState(id) }));
      const status: CriterionStatus = !refs.length
        ? 'not_checkable'
        : refs.every((r) => r.state === 'succeeded')
          ? 'met'
          : 'not_met';
      out.push({ ws_id: ws.ws_id, criterion, status, refs });
    }
  }
  return out;
}
