import type { Plan } from '../bundle/index.js';
import { stepResourceScope } from '../patch/check-resource-scope.js';

/** The whole repository: the scope of a run with a step that declares no files. */
export const WHOLE_REPOSITORY = '**';

/**
 * Where a run may write, as the patch checks enforce it (ADR 0024): the union of its steps' declared files
 * (context.files and context.create_files), repair rounds included; a step that declares none may write anywhere, and
 * so the run's scope is the whole repository (`**`). Sorted, without duplicates. Pure.
 */
export function runLockScope(plan: Pick<Plan, 'nodes'>): string[] {
  const globs = new Set<string>();
  for (const node of plan.nodes.values()) {
    if (node.kind !== 'step' || !node.step) continue;
    const scope = stepResourceScope(node.step);
    if (!scope) return [WHOLE_REPOSITORY];
    for (const g of [...(scope.modify ?? []), ...(scope.create ?? [])]) globs.add(g);
  }
  return [...globs].sort();
}
