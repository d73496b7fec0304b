import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { checksNamed, resultPr, runBranchCommits, useE2E } from './support/inspect.js';

const world = useE2E();

const BUNDLE = `bundle_id: sneaky
bundle_name: Sneaky bundle
workstreams:
  - ws_id: docs
    steps:
      - { step_id: w1, name: Write notes, tool_profile_id: shell, context: { command: "echo 'notes' > notes.md" } }
  - ws_id: ci
    steps:
      - { step_id: x1, name: Touch CI, tool_profile_id: shell, context: { command: "mkdir -p .github/workflows && echo 'on: push' > .github/workflows/x.yml" } }
`;

describe('scenario 7: a tool edits .github/workflows/', () => {
  it('quarantines the patch, keeps it off the run branch, and the step check and PR body say why', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE, config: 'on_failure: draft_pr\n' }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    const quarantined = events.find((x) => x.type === 'patch_quarantined');
    expect(quarantined?.data).toMatchObject({ step_id: 'x1' });
    expect(JSON.stringify(quarantined?.data)).toContain('.github/workflows/x.yml');
    expect(events.find((x) => x.type === 'step_failed')?.data).toMatchObject({
      step_id: 'x1',
      error_class: 'policy_violation',
    });
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });

    // Only the clean patch reached the run branch; the workflow file never did.
    const commits = await runBranchCommits(e, runId!, e.headSha);
    expect(commits.map((c) => c.files)).toEqual([['notes.md']]);
    expect(
      await e.sim.git.readFile(`refs/heads/uet/run/${runId}`, '.github/workflows/x.yml'),
    ).toBeUndefined();

    const [check] = checksNamed(e, 'UET step x1');
    expect(check).toMatchObject({ conclusion: 'failure', head_sha: e.headSha });
    expect(check!.output.title).toContain('policy_violation');
    expect(check!.output.summary).toContain('quarantined');
    expect(check!.output.summary).toContain('.github/workflows/x.yml');
    expect(check!.output.annotations_count).toBeGreaterThan(0);
    expect(checksNamed(e, 'UET step w1')).toMatchObject([{ conclusion: 'success' }]);
    expect(checksNamed(e, 'UET run')).toMatchObject([{ conclusion: 'failure' }]);

    // on_failure: draft_pr leaves a draft result PR whose body lists the quarantined patch and why.
    const pr = resultPr(e, runId!)!;
    expect(pr.draft).toBe(true);
    expect(pr.body).toContain('#### Quarantined patches');
    expect(pr.body).toMatch(/`x1`.*\.github\/workflows\/x\.yml/);
    const runs = e.sim.state.workflowRuns;
    expect(runs.find((w) => w.inputs.step_id === 'x1')?.conclusion).toBe('failure');
  });
});
