import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { checksNamed, dispatchedNodes, resultPr, runBranchCommits, useE2E } from './support/inspect.js';

const world = useE2E();
const STEPS = ['c1', 'c2', 'c3', 'd1', 'd2', 'd3'];

describe('scenario 1: a /uet run comment by a writer on a PR, end to end', () => {
  it('executes every step in real runner processes and ends with checks, a final comment and the result PR', async () => {
    const e = world.set(await createE2E());
    const commentId = 7001;
    await e.comment('/uet run uet/bundle.yaml', { commentId });
    await e.settle();
    const s = e.sim.state;
    const [runId, ...others] = await e.runIds();
    expect(others).toEqual([]);

    // 👀 on the comment, and one dispatch per node: the six steps and the gate, each run by both jobs.
    expect(s.reactions).toEqual([{ subject: `comment-${commentId}`, content: 'eyes' }]);
    expect(dispatchedNodes(e)).toEqual([...STEPS, 'gate:code:unit'].sort());
    expect(s.workflowRuns.every((w) => w.status === 'completed' && w.conclusion === 'success')).toBe(true);
    expect(s.workflowRuns.map((w) => w.display_title)).toContain(`uet:${runId}:gate:code:unit:1`);
    // The app dispatches the first wave; each integrate job dispatches what its completion made ready, with its own
    // token (ADR 0010): those are runner requests, never the app's.
    const dispatches = (actor: 'app' | 'runner') =>
      e.sim
        .requests(actor)
        .filter((r) => r.key.endsWith('/dispatches') && r.status < 300)
        .map((r) => r.detail);
    expect(dispatches('app').sort()).toEqual(['c1', 'd1']);
    expect([...dispatches('app'), ...dispatches('runner')].sort()).toEqual(
      [...STEPS, 'gate:code:unit'].sort(),
    );
    expect(e.sim.requests('runner').every((r) => r.key.endsWith('/dispatches'))).toBe(true);
    for (const job of e.runner.done)
      expect(
        job.jobs.map((j) => [j.job, j.result]),
        job.jobs.map((j) => j.log).join('\n'),
      ).toEqual([
        // Shell steps and gates run no AI tool: the tool jobs are skipped, and that skips neither sandbox nor integrate.
        ['claude', 'skipped'],
        ['codex', 'skipped'],
        ['aider', 'skipped'],
        ['sandbox', 'success'],
        ['integrate', 'success'],
      ]);

    // Patches are commits with trailers on uet/run/<id>, on top of the PR head, with what the commands wrote.
    const commits = await runBranchCommits(e, runId!, e.headSha);
    expect(commits).toHaveLength(6);
    for (const c of commits) {
      expect(c.message).toContain(`UET-Run: ${runId}`);
      expect(c.message).toMatch(/UET-Step: [cd][123]\n/);
      expect(c.message).toMatch(/UET-Patch: [0-9A-Z]{26}/);
      expect(c.message).toContain('UET-Attempt: 1');
    }
    expect(commits.flatMap((c) => c.files).sort()).toEqual([
      'docs/faq.md',
      'docs/guide.md',
      'docs/guide.md',
      'src/a.ts',
      'src/b.ts',
      'src/c.ts',
    ]);
    expect(await e.sim.git.readFile(`refs/heads/uet/run/${runId}`, 'docs/guide.md')).toBe(
      'guide v1\nusage\n',
    );

    // The ledger ref holds the whole story, in order, and a committed ledger entry per patch.
    const events = await e.events(runId!);
    expect(events.map((x) => x.seq)).toEqual(events.map((_x, i) => i + 1));
    expect(events[0]!.type).toBe('run_created');
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect(
      events
        .filter((x) => x.type === 'step_succeeded')
        .map((x) => x.data.step_id)
        .sort(),
    ).toEqual(STEPS);
    expect(events.filter((x) => x.type === 'step_started')).toHaveLength(6);
    expect(events.find((x) => x.type === 'gate_completed')?.data).toMatchObject({
      gate_id: 'unit',
      passed: true,
    });
    const committed = events.filter((x) => x.type === 'patch_committed');
    expect(committed).toHaveLength(6);
    for (const p of committed) {
      const entry = JSON.parse(
        (await e.sim.git.readFile(
          `refs/uet/runs/${runId}`,
          `ledger/${(p.data as { patch_id: string }).patch_id}.json`,
        ))!,
      ) as { state: string; commit: string };
      expect(entry.state).toBe('committed');
      expect(commits.map((c) => c.sha)).toContain(entry.commit);
    }
    expect(await e.sim.git.refs(`refs/uet/runs/${runId}-start/`)).toEqual([]);
    expect(await e.sim.git.refs(`refs/uet/active/`)).toEqual([]);

    // One check run per step and per gate, created once with its conclusion, and the run check, all on the PR head.
    for (const name of [...STEPS.map((x) => `UET step ${x}`), 'UET gate code/unit', 'UET run']) {
      const checks = checksNamed(e, name);
      expect(checks, name).toHaveLength(1);
      expect(checks[0], name).toMatchObject({
        status: 'completed',
        conclusion: 'success',
        head_sha: e.headSha,
      });
    }
    expect(s.checkRuns).toHaveLength(8);

    // The result PR goes from the run branch into the PR's branch, labelled, not a draft; the sticky comment is final.
    const pr = resultPr(e, runId!)!;
    expect(pr).toMatchObject({ base: { ref: 'feature' }, labels: ['uet'], draft: false, state: 'open' });
    expect(pr.body).toContain('#### Patches');
    const stickies = s.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`));
    expect(stickies).toHaveLength(1);
    expect(stickies[0]!.body).toContain(`#${pr.number}`);
    expect(e.replies()).toEqual([]);
  });
});
