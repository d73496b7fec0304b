import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { simulateRunner } from './support/simulate-runner.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('lost answers never duplicate a create', () => {
  it('a check run created but answered 502 is looked up by its external id, not created twice', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    h.fake.faults.push({
      key: 'POST /repos/{owner}/{repo}/check-runs',
      status: 502,
      when: 'after',
      times: 1,
    });
    await h.finish('d1', 1, { ok: true });
    expect(h.fake.state.checkRuns.filter((c) => c.name === 'UET step d1')).toHaveLength(1);
  });

  it('a sticky comment created but answered 502 is found by its marker', async () => {
    h = await setup();
    h.fake.faults.push({
      key: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      status: 502,
      when: 'after',
      times: 1,
    });
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    expect(h.fake.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`))).toHaveLength(
      1,
    );
    expect(h.fake.state.refs.has(`refs/uet/runs/${runId}-comment/${h.fake.state.comments[0]!.id}`)).toBe(
      true,
    );
  });

  it('a dispatch answered 502 is looked up by its run-name before it is repeated', async () => {
    h = await setup();
    h.fake.faults.push({
      key: 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      status: 502,
      when: 'after',
      times: 1,
    });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(h.fake.state.dispatches.map((d) => d.inputs.step_id).sort()).toEqual(['c1', 'd1']);
  });

  it('a ledger append that loses the race re-reads, decides again and appends on the new head', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    // d1's runner dies, so the app appends step_failed; c1's runner appends first, between the app's read and write
    // (at the app's first write of the append: the head is the app's own commit, whose tree it knows without a read).
    let raced = false;
    h.fake.onRequest = (key) => {
      if (raced || key !== 'POST /repos/{owner}/{repo}/git/trees') return;
      raced = true;
      simulateRunner(h!.fake.state, 'c1', 1, { ok: true }, h!.clock.now());
    };
    h.fake.mark();
    await h.finish('d1', 1, { ok: false, crash: true, conclusion: 'failure' });
    expect(raced).toBe(true);
    expect(
      h.fake
        .requests()
        .filter((r) => r.key === 'PATCH /repos/{owner}/{repo}/git/refs/{ref}')
        .map((r) => r.status),
    ).toEqual([422, 200]);
    const events = h.events(runId!);
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
    expect(events.filter((e) => e.type === 'step_failed')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'step_succeeded')).toHaveLength(1);
  });
});
