import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { checksNamed, resultPr, useE2E } from './support/inspect.js';
import type { Fault, FaultKind } from './support/sim-github.js';

const world = useE2E();

/** A small deterministic PRNG (mulberry32), so that a failing fault sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: FaultKind[] = ['bad_gateway', 'secondary_rate_limit', 'reset'];

describe('scenario 6: GitHub answers 10% of the app’s requests with a fault', () => {
  it('completes the run with no check run, comment or PR created twice', async () => {
    const e = world.set(await createE2E());
    const rnd = random(Number(process.env.UET_E2E_SEED ?? 8));
    const injected: (Fault & { key: string })[] = [];
    e.sim.faults = ({ actor, key }) => {
      if (actor !== 'app' || rnd() >= 0.1) return undefined;
      const kind = KINDS[injected.length % KINDS.length]!;
      // A rate limit refuses the request; a 502 or a reset may come after GitHub did the work.
      const fault: Fault = {
        kind,
        when: kind === 'secondary_rate_limit' || rnd() < 0.5 ? 'before' : 'after',
      };
      injected.push({ ...fault, key });
      return fault;
    };
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId, ...others] = await e.runIds();
    expect(others).toEqual([]);
    const appRequests = e.sim.requests('app').length;
    expect(injected.length, `${injected.length} faults in ${appRequests} requests`).toBeGreaterThanOrEqual(
      Math.floor(appRequests * 0.05),
    );
    expect(new Set(injected.map((f) => f.kind))).toEqual(new Set(KINDS));

    const events = await e.events(runId!);
    expect(events.at(-1), `${JSON.stringify(injected)}\n${e.dump()}`).toMatchObject({
      type: 'run_completed',
      data: { state: 'succeeded' },
    });
    expect(events.map((x) => x.seq)).toEqual(events.map((_x, i) => i + 1));
    expect(events.filter((x) => x.type === 'step_succeeded')).toHaveLength(6);
    // Nothing was created twice: one check per node and for the run, one sticky comment, one result PR, one dispatch per node.
    const names = e.sim.state.checkRuns.map((c) => c.name);
    expect(names).toHaveLength(new Set(names).size);
    expect(names).toHaveLength(8);
    expect(checksNamed(e, 'UET run')).toMatchObject([{ conclusion: 'success' }]);
    expect(e.sim.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`))).toHaveLength(
      1,
    );
    expect(e.replies()).toEqual([]);
    expect([...e.sim.state.pulls.values()].filter((p) => p.head.ref === `uet/run/${runId}`)).toHaveLength(1);
    expect(resultPr(e, runId!)?.labels).toEqual(['uet']);
    const titles = e.sim.state.workflowRuns.map((w) => w.display_title);
    expect(titles).toHaveLength(new Set(titles).size);
    expect(titles).toHaveLength(7);
  });
});
