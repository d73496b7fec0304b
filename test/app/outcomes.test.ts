import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup, sticky } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const steps = ['d1', 'c1', 'd2', 'c2', 'd3', 'c3'];

describe('how a run ends', () => {
  it('a failing blocking gate: red gate check, failed run check, no result PR, an accurate final comment', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    for (const node of steps) await h.finish(node, 1, { ok: true, files: { [`out/${node}`]: node } });
    await h.finish('gate:code:unit', 1, { ok: false, message: '2 tests failed' });
    const s = h.fake.state;
    expect(s.checkRuns.find((c) => c.name === 'UET gate code/unit')).toMatchObject({
      conclusion: 'failure',
      actions: [expect.objectContaining({ identifier: 'rerun_gate' })],
    });
    expect(s.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    });
    expect([...s.pulls.values()].filter((p) => p.head.ref.startsWith('uet/run/'))).toEqual([]);
    expect(sticky(h, runId!)).toMatch(/❌ failed[\s\S]*No result PR:\*\* the run failed/);
    expect(s.checkRuns.every((c) => c.status === 'completed')).toBe(true);
  });

  it('with on_failure: draft_pr, a failed run leaves a draft result PR', async () => {
    h = await setup({ config: 'on_failure: draft_pr\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    for (const node of steps) await h.finish(node, 1, { ok: true, files: { [`out/${node}`]: node } });
    await h.finish('gate:code:unit', 1, { ok: false });
    const pr = [...h.fake.state.pulls.values()].find((p) => p.head.ref.startsWith('uet/run/'))!;
    expect(pr).toMatchObject({ draft: true });
    expect(pr.title).toContain('(failed run)');
  });

  it('a quarantined patch is annotated on its step check and listed in the PR body with the reason', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const patch = {
      patch_id: '01JQ0000000000000000000001',
      step_id: 'd1',
      attempt: 1,
      paths: ['.github/workflows/x.yml'],
      quarantine_reason: 'touches .github/workflows/**, which is always forbidden',
    };
    await h.finish('d1', 1, {
      ok: true,
      events: [
        { type: 'patch_created', data: { ...patch } },
        { type: 'patch_quarantined', data: { ...patch } },
      ] as never,
    });
    const check = h.fake.state.checkRuns.find((c) => c.name === 'UET step d1')!;
    expect(check.output.annotations_count).toBe(1);
    expect(check.output.summary).toContain('quarantined');
    for (const node of steps.slice(1))
      await h.finish(node, 1, { ok: true, files: { [`out/${node}`]: node } });
    await h.finish('gate:code:unit', 1, { ok: true });
    const pr = [...h.fake.state.pulls.values()].find((p) => p.head.ref.startsWith('uet/run/'))!;
    expect(pr.body).toMatch(
      /#### Quarantined patches[\s\S]*01JQ0000000000000000000001[\s\S]*always forbidden/,
    );
  });

  it('the app re-checks the result against the patch policy: a forbidden path on the run branch means no PR, with annotations', async () => {
    h = await setup({ config: 'policy: { forbidden_paths: ["secrets/**"] }\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    await h.finish('d1', 1, { ok: true, files: { 'secrets/key.pem': 'x' } });
    for (const node of steps.slice(1)) await h.finish(node, 1, { ok: true });
    await h.finish('gate:code:unit', 1, { ok: true });
    const s = h.fake.state;
    expect([...s.pulls.values()].filter((p) => p.head.ref.startsWith('uet/run/'))).toEqual([]);
    expect(s.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({
      conclusion: 'failure',
      output: { annotations_count: 1 },
    });
    expect(sticky(h, runId!)).toContain('breaks the patch policy');
  });

  it('a run that changed nothing ends without a PR, and says so', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    for (const node of [...steps, 'gate:code:unit']) await h.finish(node, 1, { ok: true });
    expect(sticky(h, runId!)).toContain('the run changed nothing');
  });
});
