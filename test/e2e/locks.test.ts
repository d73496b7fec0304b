import { describe, expect, it } from 'vitest';
import { parseLockTable, renderLockTable, scopesOverlap, type LockTable } from '../../src/core/lock/index.js';
import type { RunEvent } from '../../src/core/run/index.js';
import { createE2E, type E2E } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';

const world = useE2E();

// Locks on GitHub (issue 17 item 4, ADR 0024): runs of one base branch whose write scopes overlap never run at once.
// The pull request's head branch (feature) is where their results go: the lock table is refs/uet/locks/feature.

const BUNDLE = `bundle_id: locked
workstreams:
  - ws_id: code
    steps:
      - { step_id: s1, tool_profile_id: shell, context: { files: [src/a.txt], command: "mkdir -p src && echo one > src/a.txt" } }
      - { step_id: s2, depends_on: [s1], tool_profile_id: shell, context: { files: [src/a.txt], command: "echo two >> src/a.txt" } }
`;
const REF = 'refs/uet/locks/feature';
const HEADER = 'uet: lock table\n\n';

/** Every version of the lock table the ref has held, oldest first. */
async function tableHistory(e: E2E): Promise<LockTable[]> {
  const r = await e.sim.git.run(['log', '--reverse', '--format=%H', REF]);
  const shas = r.stdout.split('\n').filter(Boolean);
  const out: LockTable[] = [];
  for (const sha of shas) {
    const msg = (await e.sim.git.run(['log', '-1', '--format=%B', sha])).stdout;
    const parsed = parseLockTable(msg.slice(HEADER.length), 'feature');
    if (parsed.ok) out.push(parsed.table);
  }
  return out;
}

const span = (events: RunEvent[]) => {
  const starts = events.filter((x) => x.type === 'step_started').map((x) => Date.parse(x.ts));
  const ends = events.filter((x) => x.type === 'step_succeeded' || x.type === 'step_failed' || x.type === 'patch_committed').map((x) => Date.parse(x.ts));
  return { first: Math.min(...starts), last: Math.max(...ends) };
};

/** Writes a lock table onto the ref, as someone with push access would (or an old app that died). */
async function pushTable(e: E2E, text: string): Promise<void> {
  const tree = (await e.sim.git.run(['mktree'], { input: '' })).stdout.trim();
  const commit = (await e.sim.git.run(['commit-tree', tree, '-m', text])).stdout.trim();
  await e.sim.git.run(['update-ref', REF, commit]);
}

describe('locks on GitHub', () => {
  it('two overlapping runs on one branch: the second waits (queued in the table) and starts when the first ends; never both hold', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE, config: 'locks:\n  on_conflict: wait\n', concurrency: 4 }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const ids = await e.runIds();
    expect(ids).toHaveLength(2);
    const logs = await Promise.all(ids.map((id) => e.events(id)));
    for (const l of logs) expect(l.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    for (const l of logs) expect(l[0]).toMatchObject({ data: { options: { lock: { base: 'feature', scope: ['src/a.txt'], on_conflict: 'wait' } } } });
    // Their steps never overlapped in time: one run's last integration before the other's first start.
    const [a, b] = logs.map(span).sort((x, y) => x.first - y.first);
    expect(a!.last).toBeLessThanOrEqual(b!.first);
    const history = await tableHistory(e);
    // The second asked while the first held, and waited.
    expect(history.some((t) => t.entries.map((x) => x.state).join() === 'held,waiting')).toBe(true);
    for (const t of history) {
      const held = t.entries.filter((x) => x.state === 'held');
      for (const x of held) for (const y of held) if (x !== y) expect(scopesOverlap(x.scope, y.scope)).toBe(false);
    }
    expect(history.at(-1)!.entries).toEqual([]); // released at the end
  });

  it('on_conflict: refuse cancels the second run with the reason and dispatches nothing for it', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE, config: 'locks:\n  on_conflict: refuse\n' }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const ids = await e.runIds();
    const logs = await Promise.all(ids.map((id) => e.events(id)));
    const states = logs.map((l) => (l.at(-1)!.type === 'run_completed' ? (l.at(-1)!.data as { state: string }).state : 'open')).sort();
    expect(states).toEqual(['canceled', 'succeeded']);
    const refused = logs.find((l) => (l.at(-1)!.data as { state?: string }).state === 'canceled')!;
    expect(refused.find((x) => x.type === 'run_cancel_requested')?.data).toMatchObject({ by: 'uet', reason: expect.stringMatching(/^locks\.on_conflict: refuse: run \w+ \(running\) may write src\/a\.txt on feature$/) });
    expect(refused.some((x) => x.type === 'step_started')).toBe(false);
    expect(e.sim.state.workflowRuns.filter((w) => w.inputs.run_id === refused[0]!.run_id)).toEqual([]);
  });

  it('a lock left by a run that is gone is released by the reconciler; a forged table holds nothing, a non-writer cannot reset it, a writer can', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE, config: 'locks:\n  on_conflict: wait\n', child: { reconcileIntervalMs: 1500, inbox: false } }));
    // A run that died holding the lock: its entry stays, its ledger is gone.
    const gone = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    await pushTable(e, HEADER + renderLockTable({ base: 'feature', entries: [{ run_id: gone, scope: ['**'], state: 'held', since: new Date().toISOString(), owner: { kind: 'github' } }] }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.waitFor('the run to succeed once the reconciler released the dead lock', async () => {
      const [id] = await e.runIds();
      return id !== undefined && (await e.events(id)).at(-1)?.type === 'run_completed';
    }, 120_000);
    const [id] = await e.runIds();
    expect((await e.events(id!)).at(-1)).toMatchObject({ data: { state: 'succeeded' } });
    await e.waitFor('its lock to be released', async () => (await tableHistory(e)).at(-1)?.entries.length === 0);
    const history = await tableHistory(e);
    expect(history.map((t) => t.entries.map((x) => `${x.run_id === gone ? 'gone' : 'run'}:${x.state}`).join())).toEqual(['gone:held', 'gone:held,run:waiting', 'run:waiting', 'run:held', '']);

    // Someone pushes something else on the ref: nothing may hold, the new run waits and starts nothing.
    await pushTable(e, 'not a table');
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const waiting = (await e.runIds()).find((r) => r !== id)!;
    expect((await e.events(waiting)).some((x) => x.type === 'step_started')).toBe(false);
    await e.comment('/uet unlock --reset feature', { sender: 'rita' }); // read access only
    await e.settle();
    expect((await e.sim.git.run(['log', '-1', '--format=%B', REF])).stdout.trim()).toBe('not a table');
    await e.comment('/uet unlock --reset feature');
    await e.waitFor('the queued run to succeed after the reset', async () => (await e.events(waiting)).at(-1)?.type === 'run_completed', 120_000);
    expect((await e.events(waiting)).at(-1)).toMatchObject({ data: { state: 'succeeded' } });
  });
});
