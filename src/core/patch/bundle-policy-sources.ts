import type { RepoPolicy, Step, WorkstreamBundle } from '../contracts/index.js';
import type { PolicySource } from './resolve-patch-policy.js';

/**
 * The policy scopes of a step: the repository owner's policy recorded in the run (repository scope: .github/uet.yml
 * on GitHub), the bundle's `patch_policy` and `patch_oscillation` (project scope), its workstream's `patch_policy`
 * (phase scope) and its own (step scope). The global scope is the documented defaults, which resolvePatchPolicy
 * fills in. Each narrower scope may only tighten the broader ones.
 */
export function bundlePolicySources(
  bundle: WorkstreamBundle | undefined,
  wsId: string | null,
  step: Pick<Step, 'step_id' | 'patch_policy'>,
  repoPolicy?: RepoPolicy,
): PolicySource[] {
  const ws = bundle?.workstreams.find((w) => w.ws_id === wsId);
  const { source, ...repo } = repoPolicy ?? { source: '' };
  return [
    ...(repoPolicy && Object.keys(repo).length ? [{ scope: 'repository' as const, name: `repository policy (${source})`, constraints: repo }] : []),
    ...(bundle && (bundle.patch_policy || bundle.patch_oscillation)
      ? [{ scope: 'project' as const, name: `bundle ${bundle.bundle_id} patch_policy`, ...(bundle.patch_policy ? { constraints: bundle.patch_policy } : {}), ...(bundle.patch_oscillation ? { oscillation: bundle.patch_oscillation } : {}) }]
      : []),
    ...(ws?.patch_policy ? [{ scope: 'phase' as const, name: `workstream ${ws.ws_id} patch_policy`, constraints: ws.patch_policy }] : []),
    ...(step.patch_policy ? [{ scope: 'step' as const, name: `step ${step.step_id} patch_policy`, constraints: step.patch_policy }] : []),
  ];
}
