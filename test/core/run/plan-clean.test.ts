import { describe, expect, it } from 'vitest';
import { planClean, type CleanRunFacts } from '../../../src/core/run/index.js';

const dirOf = (id: string) => `/repo/.uet/runs/${id}`;
const run = (runId: string, facts: Partial<CleanRunFacts>): CleanRunFacts => ({ runId, driven: false, stepBranches: [], worktrees: [], ...facts });

describe('planClean', () => {
  it("removes an ended run's step branches and worktrees, never its run branch", () => {
    const plan = planClean(
      [run('A', { status: 'succeeded', stepBranches: ['refs/heads/uet/step/A/s1'], worktrees: ['/wt/A/s1'] }), run('B', { status: 'failed', stepBranches: ['refs/heads/uet/step/B/s1'] })],
      ['refs/heads/uet/run/A', 'refs/heads/uet/run/B'],
      dirOf,
    );
    expect(plan.remove).toEqual([
      { kind: 'step_branch', runId: 'A', target: 'refs/heads/uet/step/A/s1' },
      { kind: 'worktree', runId: 'A', target: '/wt/A/s1' },
      { kind: 'step_branch', runId: 'B', target: 'refs/heads/uet/step/B/s1' },
    ]);
    expect(plan.keep).toEqual([]);
  });

  it('keeps everything of a run that is driven, stopped or paused: uet resume needs it', () => {
    const branches = ['refs/heads/uet/step/X/s'];
    const plan = planClean(
      [run('D', { status: 'running', driven: true, stepBranches: branches }), run('S', { status: 'running', stepBranches: branches }), run('P', { status: 'paused', worktrees: ['/wt'] })],
      [],
      dirOf,
    );
    expect(plan.remove).toEqual([]);
    expect(plan.keep).toEqual([
      { runId: 'D', why: 'a process drives it' },
      { runId: 'S', why: 'stopped: `uet resume` continues it' },
      { runId: 'P', why: 'paused: `uet resume` continues it' },
    ]);
  });

  it('removes what an interrupted creation left (a run branch or a run directory without a log), unless a process holds it', () => {
    const orphan = '01J00000000000000000000000';
    const plan = planClean([run('N', {}), run('H', { driven: true })], [`refs/heads/uet/run/${orphan}`, 'refs/heads/uet/run/my-experiment'], dirOf);
    expect(plan.remove).toEqual([
      { kind: 'run_dir', runId: 'N', target: '/repo/.uet/runs/N', why: 'no run log: its creation never finished' },
      { kind: 'run_branch', runId: orphan, target: `refs/heads/uet/run/${orphan}`, why: 'no run log: its creation never finished' },
    ]);
  });
});
