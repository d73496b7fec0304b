import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { checksNamed, resultPr, runBranchCommits, useE2E } from './support/inspect.js';
import { SMALL_BUNDLE } from './support/seed-sim.js';

const world = useE2E();

describe('scenario 2: a labelled issue', () => {
  it('runs the bundle of the issue body from the default branch, and its result PR closes the issue', async () => {
    // This app is also sent workflow_job.completed (as an app subscribed to both would be): UET ignores it (ADR
    // 0017), the workflow_run advances the run, and nothing is done twice.
    const e = world.set(await createE2E({ workflowJobEvents: true }));
    await e.label(12, `Please write the notes.\n\n\`\`\`yaml\n${SMALL_BUNDLE}\`\`\`\n`);
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events[0]).toMatchObject({
      type: 'run_created',
      data: { origin: { kind: 'github_label', ref: 'refs/heads/main', sha: e.mainSha, issue_number: 12 } },
    });
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect(e.sim.state.reactions).toEqual([{ subject: 'issue-12', content: 'eyes' }]);

    const commits = await runBranchCommits(e, runId!, e.mainSha);
    expect(commits.map((c) => c.files)).toEqual([['notes.md'], ['notes.md']]);
    expect(await e.sim.git.readFile(`refs/heads/uet/run/${runId}`, 'notes.md')).toBe('one\ntwo\n');

    const pr = resultPr(e, runId!)!;
    expect(pr).toMatchObject({ base: { ref: 'main' }, labels: ['uet'], draft: false });
    expect(pr.body).toContain('Closes #12');
    expect(e.sticky(runId!)).toContain(`#${pr.number}`);
    expect(checksNamed(e, 'UET run')).toMatchObject([{ head_sha: e.mainSha, conclusion: 'success' }]);
    expect(e.sim.state.checkRuns.map((c) => c.name).sort()).toEqual([
      'UET run',
      'UET step s1',
      'UET step s2',
    ]);
    // One workflow_job per job of each of the two workflow runs, skipped tool jobs included, named as GitHub names
    // them (claude, codex, aider, sandbox, integrate): all acknowledged, none acted on.
    const jobs = e.sender.deliveries.filter((d) => d.name === 'workflow_job');
    expect(jobs.map((d) => d.status)).toEqual(Array(10).fill(200));
  });
});
