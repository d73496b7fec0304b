import { afterEach, describe, expect, it } from 'vitest';
import { workflowRunCompleted } from '../fixtures/github/webhook-payloads.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { simulateRunner } from './support/simulate-runner.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

/**
 * max_parallel 2. b has the longest path (b → b2 → b4), so the first wave is b and a, and c waits. When b ends,
 * its dependents b2 and b3 outrank c.
 */
const RACE = `bundle_id: race
max_parallel: 2
workstreams:
  - ws_id: w
    steps:
      - { step_id: a, tool_profile_id: shell }
      - { step_id: b, tool_profile_id: shell }
      - { step_id: c, tool_profile_id: shell }
      - { step_id: b2, tool_profile_id: shell, depends_on: [b] }
      - { step_id: b3, tool_profile_id: shell, depends_on: [b] }
      - { step_id: b4, tool_profile_id: shell, depends_on: [b2] }
      - { step_id: b5, tool_profile_id: shell, depends_on: [b3] }
`;

const queued = (x: AppHarness) => x.fake.state.workflowRuns.filter((w) => w.status !== 'completed');
const claims = (x: AppHarness) => [...x.fake.state.refs.keys()].filter((r) => r.includes('-start/'));
const completed = (x: AppHarness, wr: { id: number; display_title: string; conclusion: string | null }) =>
  workflowRunCompleted(repoFacts(x), { id: wr.id, runName: wr.display_title, conclusion: wr.conclusion! });

/** Holds the first request of `method` until released; `reached` resolves when it is held. */
function holdFirst(x: AppHarness, match: (key: string, method: string) => boolean) {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const hit = new Promise<void>((r) => (reached = r));
  let held = false;
  x.fake.holdRequest = (key, method) => {
    if (held || !match(key, method)) return undefined;
    held = true;
    reached();
    return gate;
  };
  return { release, reached: hit };
}

describe('the runner chains the run (ADR 0010)', () => {
  it('a redelivered workflow_run.completed creates no second step check run', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const wr = simulateRunner(h.fake.state, 'd1', 1, { ok: true }, h.clock.now());
    await h.receive('workflow_run', completed(h, wr), 'delivery-first');
    await h.receive('workflow_run', completed(h, wr), 'delivery-redelivered');
    expect(h.fake.state.checkRuns.filter((c) => c.name === 'UET step d1')).toHaveLength(1);
    expect(h.fake.state.checkRuns.find((c) => c.name === 'UET step d1')!.external_id).toMatch(/:d1:1$/);
  });

  it('two replicas handling two completions at once never run more than max_parallel', async () => {
    h = await setup({ bundle: RACE });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(
      queued(h)
        .map((w) => w.inputs.step_id)
        .sort(),
    ).toEqual(['a', 'b']);
    const replica = await h.replica();
    const s = h.fake.state;
    const wrA = simulateRunner(s, 'a', 1, { ok: true }, h.clock.now());
    // Replica 1 handles a's completion, and is held at its first write, after it read the ledger.
    const hold = holdFirst(h, (_key, method) => method !== 'GET');
    const first = h.receive('workflow_run', completed(h, wrA));
    await hold.reached;
    // Meanwhile b ends, and replica 2 handles b's completion from start to end.
    const wrB = simulateRunner(s, 'b', 1, { ok: true }, h.clock.now());
    await replica('workflow_run', completed(h, wrB));
    hold.release();
    await first;
    expect(queued(h).length).toBeLessThanOrEqual(2);
    expect(claims(h).length).toBeLessThanOrEqual(2);
    // a's runner chained c (the one free slot); b's chained the best of b2 and b3 into the other.
    expect(queued(h).map((w) => w.inputs.step_id)).toEqual(['b2', 'c']);
    expect(
      s.checkRuns
        .filter((c) => c.name.startsWith('UET step'))
        .map((c) => c.name)
        .sort(),
    ).toEqual(['UET step a', 'UET step b']);
  });

  it('two runners finishing at once: the loser of the ledger race re-reads the winner’s claims', async () => {
    h = await setup({ bundle: RACE });
    await comment(h, '/uet run uet/bundle.yaml');
    const s = h.fake.state;
    let wrA: ReturnType<typeof simulateRunner> | undefined;
    // b reads and decides first, then a pushes before b does: b's compare-and-swap fails and it decides again.
    const wrB = simulateRunner(
      s,
      'b',
      1,
      {
        ok: true,
        beforePush: () => (wrA = simulateRunner(s, 'a', 1, { ok: true }, h!.clock.now())),
      },
      h.clock.now(),
    );
    expect(wrA!.chained).toEqual([{ nodeId: 'c', attempt: 1 }]);
    expect(wrB.chained).toEqual([{ nodeId: 'b2', attempt: 1 }]);
    h.fake.mark();
    const replica = await h.replica();
    await Promise.all([
      h.receive('workflow_run', completed(h, wrA!)),
      replica('workflow_run', completed(h, wrB)),
    ]);
    expect(
      queued(h)
        .map((w) => w.inputs.step_id)
        .sort(),
    ).toEqual(['b2', 'c']);
    // The app only read, created the two step checks and edited the progress comment: no claim, no dispatch.
    const writes = h.fake.writes().map((r) => r.key);
    expect(writes.filter((k) => k === 'POST /repos/{owner}/{repo}/check-runs')).toHaveLength(2);
    expect(writes.filter((k) => !/check-runs|issues\/comments/.test(k))).toEqual([]);
  });

  it('an old action that does not chain: the app claims, confirms the claim on the ledger head, and dispatches', async () => {
    h = await setup({ bundle: RACE });
    await comment(h, '/uet run uet/bundle.yaml');
    const head = () => h!.fake.state.refs.get(`refs/uet/runs/${h!.runIds()[0]}`);
    const wr = simulateRunner(h.fake.state, 'a', 1, { ok: true, noChain: true }, h.clock.now());
    const before = head();
    h.fake.mark();
    await h.receive('workflow_run', completed(h, wr));
    expect(
      queued(h)
        .map((w) => w.inputs.step_id)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(h.fake.writes().map((r) => r.key)).toEqual([
      'POST /repos/{owner}/{repo}/git/refs', // c's claim
      'POST /repos/{owner}/{repo}/git/commits', // the ledger head moves on: the claim is serialized
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      'POST /repos/{owner}/{repo}/check-runs',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
    expect(h.fake.state.commits.get(head()!)!.parents).toEqual([before]);
    expect(head()).not.toBe(before);
    expect(h.fake.state.commits.get(head()!)!.message).toContain('claims c/1');
  });

  it('an app claim that loses the ledger race stands if the winner recorded it, and is withdrawn if not', async () => {
    h = await setup({ bundle: RACE });
    await comment(h, '/uet run uet/bundle.yaml');
    const s = h.fake.state;
    // a's runner is an old one; while the app confirms its claim of c, b's runner (which chains) records first.
    const wrA = simulateRunner(s, 'a', 1, { ok: true, noChain: true }, h.clock.now());
    const hold = holdFirst(h, (key) => key === 'PATCH /repos/{owner}/{repo}/git/refs/{ref}');
    const first = h.receive('workflow_run', completed(h, wrA));
    await hold.reached;
    const wrB = simulateRunner(s, 'b', 1, { ok: true }, h.clock.now());
    hold.release();
    await first;
    // b's runner saw the app's claim of c (it existed when it read): it recorded c's start and chained one more.
    expect(wrB.chained).toEqual([{ nodeId: 'b2', attempt: 1 }]);
    expect(
      queued(h)
        .map((w) => w.inputs.step_id)
        .sort(),
    ).toEqual(['b2', 'c']);
    expect(s.dispatches.filter((d) => d.inputs.step_id === 'c')).toHaveLength(1);
  });
});
