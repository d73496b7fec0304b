import type { UetSetup } from './find-uet-setup.js';

/** The onboarding pull request, found by its branch among pull requests of every state. */
export interface OnboardingPr {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
}

export interface OnboardingState {
  readonly setup: UetSetup;
  readonly pr?: OnboardingPr;
  /** The onboarding branch, when it exists: `ours` when its head is UET's own onboarding commit on one parent. */
  readonly branch?: { readonly ours: boolean };
}

/** Who asks: an installation event (once per repository, never again) or a person's `/uet bootstrap`. */
export type OnboardingTrigger = 'install' | 'command';

export type OnboardingDecision =
  /** UET is set up (its configuration and workflow, or only the workflow): nothing to do. */
  | { readonly action: 'skip'; readonly reason: 'set_up' }
  /** The configuration is there (the PR was merged, say) but the workflow is not: say how to add it. */
  | { readonly action: 'skip'; readonly reason: 'workflow_missing' }
  /** The onboarding PR was closed (or merged and then undone): never reopened, never a second one. */
  | { readonly action: 'skip'; readonly reason: 'closed'; readonly number: number }
  /** The branch `uet/onboarding` exists but is not UET's (a person's branch, or edited): left alone. */
  | { readonly action: 'skip'; readonly reason: 'branch_not_ours'; readonly number?: number }
  /** An open onboarding PR, and an installation event: left as it is. */
  | { readonly action: 'leave'; readonly number: number }
  /** An open onboarding PR on UET's own branch, and a person asked: regenerate it and refresh the branch and body. */
  | { readonly action: 'update'; readonly number: number }
  /** No onboarding PR: open one (from the existing branch when it is UET's, after an interrupted attempt). */
  | { readonly action: 'open'; readonly reuseBranch: boolean };

/**
 * What onboarding does for one repository (ADR 0022), like Renovate's onboarding: one onboarding PR per repository,
 * ever. A closed one is never reopened and no second one is opened; an open one is refreshed only when a person
 * asks (`/uet bootstrap`) and only while its branch holds nothing but UET's commit. Pure.
 */
export function decideOnboarding(state: OnboardingState, trigger: OnboardingTrigger): OnboardingDecision {
  const { setup, pr } = state;
  if (setup.workflow !== undefined) return { action: 'skip', reason: 'set_up' };
  if (setup.configured) return { action: 'skip', reason: 'workflow_missing' };
  if (pr?.state === 'closed') return { action: 'skip', reason: 'closed', number: pr.number };
  if (pr) {
    if (trigger === 'install') return { action: 'leave', number: pr.number };
    return state.branch?.ours === true
      ? { action: 'update', number: pr.number }
      : { action: 'skip', reason: 'branch_not_ours', number: pr.number };
  }
  if (state.branch?.ours === false) return { action: 'skip', reason: 'branch_not_ours' };
  return { action: 'open', reuseBranch: state.branch?.ours === true };
}
