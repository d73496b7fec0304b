import { describe, expect, it } from 'vitest';
import { createE2E, type E2E } from './support/e2e-harness.js';
import { checksNamed, resultPr, runBranchCommits, useE2E } from './support/inspect.js';
import type { SimHookRequest } from './support/sim-github.js';

const world = useE2E();
const STEPS = ['c1', 'c2', 'c3', 'd1', 'd2', 'd3'];

/**
 * kill -9 of the app at three moments chosen by the requests it makes, each followed by a restart on the same
 * inbox directory: (1) once its trigger claim is made, before it hears the answer; (2) once every start it claimed
 * is dispatched, at its next request (the sticky comment, a check run); (3) at the ledger append of a workflow_run
 * webhook, which never happens. (A kill between a start's claim and its dispatch is recovered by the
 * reconciler only after its 10-minute grace time: test/app/reconciler.test.ts covers that with a test clock.)
 */
function crashAt(e: E2E, kills: string[]) {
  let restarting: Promise<void> = Promise.resolve();
  const crash = async (why: string) => {
    kills.push(why);
    await e.app!.close();
    restarting = e.restartApp();
  };
  const isLedgerAppend = (r: SimHookRequest) =>
    r.key === 'PATCH /repos/{owner}/{repo}/git/refs/{ref}' &&
    /^uet\/runs\/[0-9A-Z]{26}$/.test(r.params.ref ?? '');
  const workflowRuns = () => e.sender.deliveries.filter((d) => d.name === 'workflow_run').length;
  // The starts the app claimed and those it dispatched (claim refs are `…-start/<node>/<attempt>`, `:` written `=`).
  const claimed = new Set<string>();
  const dispatched = new Set<string>();
  let runsAtSecondKill = 0;
  e.sim.afterRequest = async (r) => {
    if (r.actor !== 'app' || r.status >= 300) return;
    if (
      kills.length === 0 &&
      r.key === 'POST /repos/{owner}/{repo}/git/refs' &&
      String(r.body.ref).startsWith('refs/uet/claims/')
    )
      await crash('after the trigger claim');
    const start = /-start\/(.+)\/\d+$/.exec(String(r.body?.ref ?? ''));
    if (r.key === 'POST /repos/{owner}/{repo}/git/refs' && start) claimed.add(start[1]!.replace(/=/g, ':'));
    if (r.key === 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches')
      dispatched.add(String(r.body.inputs.step_id));
  };
  e.sim.onRequest = async (r) => {
    if (r.actor !== 'app') return undefined;
    // Once every start the app claimed is dispatched, its next request does not happen.
    if (kills.length === 1 && dispatched.size > 0 && [...claimed].every((n) => dispatched.has(n))) {
      await crash('after a dispatch');
      runsAtSecondKill = workflowRuns();
      return 'drop';
    }
    if (kills.length === 2 && isLedgerAppend(r) && workflowRuns() > runsAtSecondKill) {
      await crash('between a workflow_run webhook and the ledger append');
      return 'drop';
    }
    return undefined;
  };
  return { restarted: () => restarting };
}

describe('scenario 5: the app crashes (kill -9) and restarts', () => {
  // Four workflow runs in a row (c1, c2, c3, the gate), each a sandbox and an integrate job of real processes, and
  // three restarts: a few minutes at a load of 15-20 on two cores. waitFor still fails on a stall (no progress).
  it('completes the run through the inbox and the reconciler, with no lost or duplicate step or patch', async () => {
    const e = world.set(await createE2E({ child: { reconcileIntervalMs: 1500, inbox: true } }));
    const kills: string[] = [];
    const crashes = crashAt(e, kills);
    await e.comment('/uet run uet/bundle.yaml');
    await e.waitFor(
      'the run to finish',
      async () => {
        const [runId] = await e.runIds();
        return (
          runId !== undefined &&
          resultPr(e, runId) !== undefined &&
          checksNamed(e, 'UET run')[0]?.status === 'completed' &&
          (await e.sim.git.refs('refs/uet/active/')).length === 0
        );
      },
      150_000,
    );
    await crashes.restarted();
    await e.settle();
    expect(kills).toEqual([
      'after the trigger claim',
      'after a dispatch',
      'between a workflow_run webhook and the ledger append',
    ]);

    const [runId, ...others] = await e.runIds();
    expect(others).toEqual([]);
    const events = await e.events(runId!);
    expect(events.map((x) => x.seq)).toEqual(events.map((_x, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    // Every step ran exactly once (attempt 1), and every patch was committed once.
    for (const type of ['step_started', 'step_succeeded'])
      expect(
        events
          .filter((x) => x.type === type)
          .map((x) => {
            const d = x.data as { step_id: string; attempt: number };
            return `${d.step_id}/${d.attempt}`;
          })
          .sort(),
        type,
      ).toEqual(STEPS.map((s) => `${s}/1`));
    const patches = events
      .filter((x) => x.type === 'patch_committed')
      .map((x) => (x.data as { patch_id: string }).patch_id);
    expect(new Set(patches).size).toBe(6);
    const commits = await runBranchCommits(e, runId!, e.headSha);
    expect(commits.map((c) => /UET-Step: (\S+)/.exec(c.message)?.[1]).sort()).toEqual(STEPS);
    // No duplicate dispatch, check run, comment or PR.
    const titles = e.sim.state.workflowRuns.map((w) => w.display_title);
    expect(titles.sort(), e.dump()).toEqual(
      [...STEPS, 'gate:code:unit'].map((n) => `uet:${runId}:${n}:1`).sort(),
    );
    const names = e.sim.state.checkRuns.map((c) => c.name);
    expect(names, e.dump()).toHaveLength(new Set(names).size);
    expect(names, `${JSON.stringify(names)}\n${e.dump()}`).toHaveLength(8);
    expect(
      e.sim.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`)),
      e.dump(),
    ).toHaveLength(1);
    expect([...e.sim.state.pulls.values()].filter((p) => p.head.ref === `uet/run/${runId}`)).toHaveLength(1);
    expect(checksNamed(e, 'UET run')).toMatchObject([{ conclusion: 'success' }]);
  }, 420_000);
});
