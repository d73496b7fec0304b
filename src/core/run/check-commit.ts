import type { RunState } from './state.js';

/**
 * The commit a node attempt's check run goes on. A run's checks are on its pinned commit, where the pull request
 * shows them; a follow-up run (options.push_branch) moves the pull request's head to its result, so a step attempt
 * that committed has its check on its own commit (for a one-step follow-up, the new head), and the rest stay on the
 * pinned commit. Pure.
 */
export function checkCommitOf(state: RunState, nodeId: string, attempt: number): string {
  const pinned = state.origin.sha ?? '';
  if (state.options.push_branch === undefined) return pinned;
  const a = state.attempts.find((x) => x.stepId === nodeId && x.attempt === attempt);
  return a?.commit ?? pinned;
}
