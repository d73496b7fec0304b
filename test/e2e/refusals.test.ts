import { describe, expect, it } from 'vitest';
import { createE2E, type E2E } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';

const world = useE2E();

const nothingStarted = async (e: E2E) => {
  expect(e.sim.state.workflowRuns).toEqual([]);
  expect(await e.sim.git.refs('refs/uet/')).toEqual([]);
  expect(e.sim.state.checkRuns).toEqual([]);
  expect(e.sim.state.reactions).toEqual([]);
};

describe('scenario 3: who may run', () => {
  it('refuses a reader with a reply and dispatches nothing; a bot gets no reply at all', async () => {
    const e = world.set(await createE2E());
    await e.comment('/uet run uet/bundle.yaml', { sender: 'rita' });
    await e.settle();
    expect(e.replies()).toEqual([
      expect.stringContaining('@rita UET runs only for collaborators with write access'),
    ]);
    expect(e.replies()[0]).toContain('you have read access');
    await nothingStarted(e);

    const before = e.sim.log.length;
    await e.comment('/uet run uet/bundle.yaml', { sender: 'renovate[bot]' });
    await e.settle();
    expect(e.replies()).toHaveLength(1);
    await nothingStarted(e);
    // The bot costs at most the configuration read (allowed_bots) and writes nothing.
    expect(e.sim.writes('app', before)).toEqual([]);
  });

  it('refuses a pull request from a fork with a reply and dispatches nothing', async () => {
    const e = world.set(await createE2E({ fork: true }));
    await e.comment('/uet run uet/bundle.yaml', { sender: 'wendy' });
    await e.settle();
    expect(e.replies()).toEqual([
      expect.stringContaining("UET will not run: this pull request's code comes from a fork"),
    ]);
    expect(e.sim.state.workflowRuns).toEqual([]);
    expect(e.sim.state.checkRuns).toEqual([]);
    expect(await e.sim.git.refs('refs/uet/runs/')).toEqual([]);
    expect(await e.sim.git.refs('refs/heads/uet/')).toEqual([]);
  });
});
