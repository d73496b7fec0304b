import { afterEach, describe, expect, it } from 'vitest';
import { createCheckRun } from '../../src/adapters/github/check-runs.js';
import { createClaimedCheckRun } from '../../src/app/run/create-claimed-check-run.js';
import { createKnownCheckRuns } from '../../src/app/run/known-check-runs.js';
import type { AppHarness } from './support/app-harness.js';
import { done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';

let h: (AppHarness & { headSha: string }) | undefined;
afterEach(() => done(h));

describe('check runs', () => {
  it('send annotations 50 per request and at most 3 actions', async () => {
    h = await setup();
    const scope = await scopeFor(h);
    h.fake.mark();
    const annotations = Array.from({ length: 120 }, (_v, i) => ({
      path: `f${i}.ts`,
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure' as const,
      message: 'x',
    }));
    const actions = Array.from({ length: 5 }, (_v, i) => ({
      label: `A${i}`,
      description: 'd',
      identifier: `a${i}`,
    }));
    await createCheckRun(scope.gh, scope.repo, {
      name: 'UET run',
      headSha: h.headSha,
      externalId: 'x',
      status: 'completed',
      conclusion: 'failure',
      title: 't',
      summary: 's',
      annotations,
      actions,
    });
    const sent = h.fake.requests().map((r) => r.body?.output?.annotations?.length ?? 0);
    expect(sent).toEqual([50, 50, 20]);
    expect(h.fake.state.checkRuns[0]!.actions).toHaveLength(3);
    expect(h.fake.state.checkRuns[0]!.output.annotations_count).toBe(120);
  });
});

describe('the check runs an app instance knows on a commit', () => {
  it('one listing answers the lookups of many steps, and a check created since is known', async () => {
    h = await setup();
    const scope = await scopeFor(h);
    const known = createKnownCheckRuns(h.clock);
    const spec = (id: string) => ({ name: `UET step ${id}`, headSha: h!.headSha, externalId: `run:${id}:1`, status: 'completed' as const, conclusion: 'success' as const, title: 't', summary: 's' });
    await createCheckRun(scope.gh, scope.repo, spec('a'));
    h.fake.mark();
    expect(await known.has(scope, h.headSha, 'run:a:1')).toBe(true);
    for (const id of ['b', 'c', 'd']) {
      expect(await known.has(scope, h.headSha, `run:${id}:1`)).toBe(false);
      await createCheckRun(scope.gh, scope.repo, spec(id));
      known.add(scope, h.headSha, `run:${id}:1`);
      expect(await known.has(scope, h.headSha, `run:${id}:1`)).toBe(true);
    }
    const lists = h.fake.requests().filter((r) => r.method === 'GET');
    expect(lists).toHaveLength(1);
  });

  it('a check another replica created after the listing is seen once the listing is older than its time to live', async () => {
    h = await setup();
    const scope = await scopeFor(h);
    const known = createKnownCheckRuns(h.clock, 60_000);
    expect(await known.has(scope, h.headSha, 'run:x:1')).toBe(false);
    // Another replica creates it: this instance did not, and does not know yet.
    await createCheckRun(scope.gh, scope.repo, { name: 'UET step x', headSha: h.headSha, externalId: 'run:x:1', status: 'completed', conclusion: 'success', title: 't', summary: 's' });
    expect(await known.has(scope, h.headSha, 'run:x:1')).toBe(false);
    h.clock.advance(60_000);
    expect(await known.has(scope, h.headSha, 'run:x:1')).toBe(true);
  });

  it('a completion and the reconciler reporting the same attempt at once create one check run; a failed create gives its claim back', async () => {
    h = await setup();
    const scope = await scopeFor(h);
    const known = createKnownCheckRuns(h.clock);
    const withKnown = { ...scope, checkRuns: known };
    const spec = { name: 'UET step a', headSha: h.headSha, externalId: 'run:a:1', status: 'completed' as const, conclusion: 'success' as const, title: 't', summary: 's' };
    h.fake.mark();
    // Both look before either creates (the race the crash scenario hit: 12 check runs for 8 nodes).
    const created = await Promise.all([createClaimedCheckRun(withKnown, spec), createClaimedCheckRun(withKnown, spec), createClaimedCheckRun(withKnown, spec)]);
    expect(created.sort()).toEqual([false, false, true]);
    expect(h.fake.requests().filter((r) => r.method === 'POST')).toHaveLength(1);
    // A create GitHub refuses releases the claim: the next report creates it.
    const broken = { ...withKnown, gh: { request: () => Promise.reject(new Error('GitHub is down')) } as unknown as typeof scope.gh };
    const b = { ...spec, name: 'UET step b', externalId: 'run:b:1' };
    await expect(createClaimedCheckRun(broken, b)).rejects.toThrow('GitHub is down');
    expect(await createClaimedCheckRun(withKnown, b)).toBe(true);
  });

  it('a failed listing is not kept: the next lookup reads again', async () => {
    h = await setup();
    const scope = await scopeFor(h);
    const known = createKnownCheckRuns(h.clock);
    const broken = { ...scope, gh: { request: () => Promise.reject(new Error('GitHub is down')) } as unknown as typeof scope.gh };
    await expect(known.has(broken, h.headSha, 'run:x:1')).rejects.toThrow('GitHub is down');
    h.fake.mark();
    expect(await known.has(scope, h.headSha, 'run:x:1')).toBe(false);
    expect(h.fake.requests().filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  it("the run check's id comes from the same listing (no read of its own); one created since is found by its id; an unknown one is not guessed", async () => {
    h = await setup();
    const scope = await scopeFor(h);
    const known = createKnownCheckRuns(h.clock);
    const run = { name: 'UET run', headSha: h.headSha, externalId: 'run', status: 'in_progress' as const, title: 't', summary: 's' };
    const first = await createCheckRun(scope.gh, scope.repo, run);
    // A second check with the same name and external id (a double from before): the newest is the one updated.
    const newest = await createCheckRun(scope.gh, scope.repo, run);
    h.fake.mark();
    expect(newest).toBeGreaterThan(first);
    expect(await known.has(scope, h.headSha, 'run:a:1')).toBe(false); // a step's lookup lists the commit once
    expect(await known.find(scope, h.headSha, 'UET run', 'run')).toBe(newest);
    // Same external id, another name: not this check.
    expect(await known.find(scope, h.headSha, 'UET step a', 'run')).toBeUndefined();
    const other = await createCheckRun(scope.gh, scope.repo, { ...run, externalId: 'run2' });
    expect(await known.find(scope, h.headSha, 'UET run', 'run2')).toBeUndefined(); // not recorded: the caller reads GitHub
    known.created(scope, h.headSha, 'UET run', 'run2', other);
    expect(await known.find(scope, h.headSha, 'UET run', 'run2')).toBe(other);
    expect(h.fake.requests().filter((r) => r.method === 'GET')).toHaveLength(1);
  });
});
