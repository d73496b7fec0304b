import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/run/index.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

/** The demo run (docs d1 → d2 → d3; code c1 → c2 → c3, then gate unit) fails: d1 fails, all of code succeeds. */
async function failedRun(x: AppHarness): Promise<string> {
  await comment(x, '/uet run uet/bundle.yaml');
  const [runId] = x.runIds();
  await x.finish('c1', 1, { ok: true, files: { 'src/c1.ts': 'c1' } });
  await x.finish('c2', 1, { ok: true, files: { 'src/c2.ts': 'c2' } });
  await x.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'the tool gave up' });
  await x.finish('c3', 1, { ok: true, files: { 'src/c3.ts': 'c3' } });
  expect(x.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
  return runId!;
}

const ofType = (events: RunEvent[], type: string) => events.filter((e) => e.type === type);
const dispatchedIn = (x: AppHarness, runId: string) =>
  x.fake.state.dispatches.filter((d) => d.inputs.run_id === runId).map((d) => d.inputs.step_id);

describe('/uet retry of a finished run (ADR 0010)', () => {
  it('starts from the old run branch, carries over what succeeded and runs only the rest', async () => {
    h = await setup();
    const first = await failedRun(h);
    const oldBranch = h.fake.state.refs.get(`refs/heads/uet/run/${first}`)!;
    const oldCommits = new Map(
      ofType(h.events(first), 'step_succeeded').map((e) => [
        (e.data as { step_id: string }).step_id,
        (e.data as { commit?: string }).commit,
      ]),
    );
    await comment(h, '/uet retry');
    const second = h.runIds().find((r) => r !== first)!;
    expect(h.fake.state.refs.get(`refs/heads/uet/run/${second}`)).toBe(oldBranch);
    const events = h.events(second);
    const carried = ofType(events, 'step_succeeded').map(
      (e) => e.data as { step_id: string; commit?: string },
    );
    expect(carried.map((d) => d.step_id)).toEqual(['c1', 'c2', 'c3']);
    for (const d of carried) expect(d.commit).toBe(oldCommits.get(d.step_id));
    expect(ofType(events, 'warning').map((e) => (e.data as { kind: string }).kind)).toEqual([
      'carried_over',
      'carried_over',
      'carried_over',
    ]);
    // Only the failed step and the gate that never ran start; the steps that succeeded are not dispatched again.
    expect(dispatchedIn(h, second).sort()).toEqual(['d1', 'gate:code:unit']);
    await h.finish('d1', 1, { ok: true, files: { 'docs/d1.md': 'd1' } });
    await h.finish('gate:code:unit', 1, { ok: true });
    await h.finish('d2', 1, { ok: true });
    await h.finish('d3', 1, { ok: true });
    expect(h.events(second).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect(dispatchedIn(h, second).sort()).toEqual(['d1', 'd2', 'd3', 'gate:code:unit']);
    const tree = h.fake.state.treeOf(`uet/run/${second}`)!;
    expect(['src/c1.ts', 'src/c2.ts', 'src/c3.ts', 'docs/d1.md'].every((p) => tree.has(p))).toBe(true);
  });

  it('`/uet retry <step>` of a step whose patch is on the old branch runs everything again from the pinned commit', async () => {
    h = await setup();
    const first = await failedRun(h);
    await comment(h, '/uet retry c3');
    const second = h.runIds().find((r) => r !== first)!;
    // c3's patch is on the old run branch: running c3 again on top of it would apply it twice.
    expect(ofType(h.events(second), 'step_succeeded')).toEqual([]);
    expect(h.fake.state.refs.get(`refs/heads/uet/run/${second}`)).toBe(h.fake.state.pulls.get(7)!.head.sha);
    expect(dispatchedIn(h, second).sort()).toEqual(['c1', 'd1']);
  });

  it('runs everything again when the old run branch was rewound to one of its patches, dropping a later one', async () => {
    h = await setup();
    const first = await failedRun(h);
    const c1 = ofType(h.events(first), 'step_succeeded')
      .map((e) => e.data as { step_id: string; commit?: string })
      .find((d) => d.step_id === 'c1')!.commit!;
    // Someone force-pushes the old run branch back to c1's commit: c2's and c3's patches are no longer on it.
    h.fake.state.refs.set(`refs/heads/uet/run/${first}`, c1);
    await comment(h, '/uet retry');
    const second = h.runIds().find((r) => r !== first)!;
    expect(ofType(h.events(second), 'step_succeeded')).toEqual([]);
    expect(h.fake.state.refs.get(`refs/heads/uet/run/${second}`)).toBe(h.fake.state.pulls.get(7)!.head.sha);
    expect(dispatchedIn(h, second).sort()).toEqual(['c1', 'd1']);
  });

  it('runs everything again when the head moved since the old run (its patches were made on another commit)', async () => {
    h = await setup();
    const first = await failedRun(h);
    const moved = h.fake.state.commitFiles('feature', { 'src/more.ts': 'x' });
    h.fake.state.pulls.get(7)!.head.sha = moved;
    await comment(h, '/uet retry');
    const second = h.runIds().find((r) => r !== first)!;
    expect(ofType(h.events(second), 'step_succeeded')).toEqual([]);
    expect(h.fake.state.refs.get(`refs/heads/uet/run/${second}`)).toBe(moved);
    expect(dispatchedIn(h, second).sort()).toEqual(['c1', 'd1']);
  });
});
