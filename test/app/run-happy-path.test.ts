import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { createAppHarness, repoFacts, type AppHarness } from './support/app-harness.js';
import { PR, seedRepo } from './support/seed-repo.js';

let h: AppHarness;
beforeEach(async () => {
  h = await createAppHarness();
});
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.close();
});

describe('/uet run on a pull request, to the result PR', () => {
  it('runs every step on Actions, within the per-step request budget, and opens the result PR', async () => {
    const { headSha } = seedRepo(h.fake.state);
    const command = issueCommentCreated(repoFacts(h), {
      body: '/uet run uet/bundle.yaml',
      issue: PR,
      pr: true,
      commentId: 501,
      sender: 'wendy',
    });
    // Written after the head was pushed: the app checks that with the repository's activity.
    command.comment.created_at = command.comment.updated_at = new Date(h.clock.now()).toISOString();
    await h.receive('issue_comment', command);
    const s = h.fake.state;
    expect(h.fake.requests()[0]!.key).toBe('GET /repos/{owner}/{repo}/collaborators/{username}/permission');
    expect(s.commentReactions).toEqual([{ commentId: 501, content: 'eyes' }]);
    const [runId] = h.runIds();
    expect(h.events(runId!).map((e) => e.type)).toEqual(['run_created', 'run_started']);
    expect(s.dispatches.map((d) => d.inputs.step_id).sort()).toEqual(['c1', 'd1']);
    expect(s.dispatches[0]).toMatchObject({ workflow: 'uet.yml', ref: 'main' });
    expect(Object.keys(s.dispatches[0]!.inputs).sort()).toEqual([
      'attempt',
      'payload_ref',
      'run_id',
      'runner',
      'step_id',
      'tool',
    ]);
    expect(s.dispatches.map((d) => d.inputs.tool)).toEqual(['none', 'none']); // shell steps: no tool job
    const runCheck = s.checkRuns.find((c) => c.name === 'UET run')!;
    expect(runCheck).toMatchObject({ head_sha: headSha, status: 'in_progress', external_id: runId });
    const sticky = s.comments.filter((c) => c.body.includes(`<!-- uet:run:${runId} -->`));
    expect(sticky).toHaveLength(1);
    expect(sticky[0]!.body).toContain('```mermaid');

    const perStep: { node: string; requests: number; writes: number }[] = [];
    const order: [string, Record<string, string> | undefined][] = [
      ['d1', { 'docs/a.md': 'a\n' }],
      ['c1', { 'src/c1.ts': 'c1\n' }],
      ['d2', undefined],
      ['c2', { 'src/c2.ts': 'c2\n' }],
      ['d3', { 'docs/b.md': 'b\n' }],
      ['c3', undefined],
      ['gate:code:unit', undefined],
    ];
    for (const [node, files] of order) {
      h.fake.mark();
      await h.finish(node, 1, { ok: true, costUsd: 0.01, ...(files ? { files } : {}) });
      perStep.push({ node, requests: h.fake.requests().length, writes: h.fake.writes().length });
    }
    const events = h.events(runId!);
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    // Every step and the gate has its check run, created once with its conclusion.
    const nodeChecks = s.checkRuns.filter((c) => c.name !== 'UET run');
    expect(nodeChecks.map((c) => c.name).sort()).toEqual([
      'UET gate code/unit',
      'UET step c1',
      'UET step c2',
      'UET step c3',
      'UET step d1',
      'UET step d2',
      'UET step d3',
    ]);
    expect(
      nodeChecks.every(
        (c) => c.status === 'completed' && c.conclusion === 'success' && c.head_sha === headSha,
      ),
    ).toBe(true);
    expect(s.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    // The result PR goes into the PR's head branch, labelled, never merged.
    const result = [...s.pulls.values()].find((p) => p.head.ref === `uet/run/${runId}`)!;
    expect(result).toMatchObject({ base: { ref: 'feature' }, labels: ['uet'], draft: false });
    expect(result.body).toContain('#### Patches');
    expect(s.comments.filter((c) => c.body.includes(`<!-- uet:run:${runId} -->`))).toHaveLength(1);
    expect(s.comments.find((c) => c.body.includes(`<!-- uet:run:${runId} -->`))!.body).toContain(
      `#${result.number}`,
    );
    expect(s.refs.has(`refs/uet/active/pr-${PR}/${runId}`)).toBe(false);
    // The budget per executed step: the steps that only completed and dispatched the next one.
    const steady = perStep.slice(0, -1);
    for (const p of steady) {
      expect(p.requests, `${p.node} requests`).toBeLessThanOrEqual(6);
      expect(p.writes, `${p.node} writes`).toBeLessThanOrEqual(4);
    }
  });
});
