import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';

const world = useE2E();

describe('scenario 9: /uet plan', () => {
  it('posts the plan of the bundle at the PR head and dispatches nothing', async () => {
    const e = world.set(await createE2E());
    await e.comment('/uet plan uet/bundle.yaml');
    await e.settle();
    const [reply, ...more] = e.replies();
    expect(more).toEqual([]);
    expect(reply).toContain('### UET plan — E2E bundle');
    expect(reply).toContain(`\`uet/bundle.yaml\` at \`${e.headSha.slice(0, 7)}\``);
    expect(reply).toContain('dry run: nothing was dispatched');
    expect(reply).toContain('```mermaid');
    for (const node of ['d1', 'd2', 'd3', 'c1', 'c2', 'c3', 'gate:code:unit'])
      expect(reply).toContain(`\`${node}\``);
    expect(e.sim.state.workflowRuns).toEqual([]);
    expect(e.sim.state.checkRuns).toEqual([]);
    expect(await e.sim.git.refs('refs/uet/runs/')).toEqual([]);
    expect(await e.sim.git.refs('refs/heads/uet/')).toEqual([]);
    expect(e.sim.requests('runner')).toEqual([]);
  });
});
