import { describe, expect, it } from 'vitest';
import { decideOnboarding, type OnboardingState } from '../../../src/core/onboarding/decide-onboarding.js';

const none: OnboardingState = { setup: { configured: false } };
const open = { number: 12, state: 'open' as const, merged: false };
const closed = { number: 12, state: 'closed' as const, merged: false };

describe('decideOnboarding', () => {
  it('opens the onboarding PR on a repository without UET, for an installation or a person', () => {
    expect(decideOnboarding(none, 'install')).toEqual({ action: 'open', reuseBranch: false });
    expect(decideOnboarding(none, 'command')).toEqual({ action: 'open', reuseBranch: false });
  });

  it('does nothing where UET is set up: the workflow is there (with or without .github/uet.yml)', () => {
    for (const configured of [true, false])
      for (const trigger of ['install', 'command'] as const)
        expect(
          decideOnboarding(
            { setup: { configured, workflow: '.github/workflows/uet.yml' }, pr: open },
            trigger,
          ),
        ).toEqual({ action: 'skip', reason: 'set_up' });
  });

  it('says the workflow is missing when only the configuration is there (the PR was merged, the workflow not created)', () => {
    expect(decideOnboarding({ setup: { configured: true } }, 'command')).toEqual({
      action: 'skip',
      reason: 'workflow_missing',
    });
  });

  it('never reopens a closed onboarding PR, nor opens a second one, whoever asks', () => {
    for (const trigger of ['install', 'command'] as const) {
      expect(decideOnboarding({ setup: { configured: false }, pr: closed }, trigger)).toEqual({
        action: 'skip',
        reason: 'closed',
        number: 12,
      });
      expect(
        decideOnboarding({ setup: { configured: false }, pr: closed, branch: { ours: true } }, trigger),
      ).toEqual({ action: 'skip', reason: 'closed', number: 12 });
    }
  });

  it('leaves an open onboarding PR alone on an installation event, and refreshes it only for a person and only on its own branch', () => {
    expect(decideOnboarding({ setup: { configured: false }, pr: open }, 'install')).toEqual({
      action: 'leave',
      number: 12,
    });
    expect(
      decideOnboarding({ setup: { configured: false }, pr: open, branch: { ours: true } }, 'command'),
    ).toEqual({ action: 'update', number: 12 });
    expect(
      decideOnboarding({ setup: { configured: false }, pr: open, branch: { ours: false } }, 'command'),
    ).toEqual({ action: 'skip', reason: 'branch_not_ours', number: 12 });
    expect(decideOnboarding({ setup: { configured: false }, pr: open }, 'command')).toEqual({
      action: 'skip',
      reason: 'branch_not_ours',
      number: 12,
    });
  });

  it('reuses its own branch left by an interrupted attempt, and never takes over a branch a person made', () => {
    expect(decideOnboarding({ setup: { configured: false }, branch: { ours: true } }, 'install')).toEqual({
      action: 'open',
      reuseBranch: true,
    });
    expect(decideOnboarding({ setup: { configured: false }, branch: { ours: false } }, 'install')).toEqual({
      action: 'skip',
      reason: 'branch_not_ours',
    });
  });
});
