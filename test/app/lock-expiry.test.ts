import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubLockStore } from '../../src/adapters/github/lock-table-ref.js';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

// The attack "a run that never ends" (ADR 0024): its lock must not be held forever. The reconciler cancels a run
// that held its lock past locks.max_hold_minutes and releases the lock; the run queued behind it then starts.
describe('a run that never ends does not keep its lock', () => {
  it('is canceled past max_hold_minutes, its lock released, and the queued run started by the same pass', async () => {
    h = await setup({ config: 'locks:\n  on_conflict: wait\n  max_hold_minutes: 10\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    await comment(h, '/uet run uet/bundle.yaml');
    const [a, b] = h.runIds();
    const scope = await scopeFor(h);
    const table = async () => (await createGitHubLockStore(scope.gh, scope.repo, 'feature').read()).table.entries.map((e) => `${e.run_id === a ? 'a' : 'b'}:${e.state}`);
    expect(await table()).toEqual(['a:held', 'b:waiting']);
    const dispatchedFor = (id: string) => h!.fake.state.dispatches.filter((d) => d.inputs.run_id === id).length;
    expect(dispatchedFor(a!)).toBeGreaterThan(0);
    expect(dispatchedFor(b!)).toBe(0);

    // Within the limit, nothing is broken: A's steps are still running.
    h.clock.advance(5 * 60_000);
    await reconcileRepo(await scopeFor(h));
    expect(await table()).toEqual(['a:held', 'b:waiting']);
    expect(h.events(a!).some((e) => e.type === 'run_cancel_requested')).toBe(false);

    // Past it: A is canceled with the reason, its lock goes, and B holds and starts in the same pass.
    h.clock.advance(6 * 60_000);
    await reconcileRepo(await scopeFor(h));
    expect(h.events(a!).find((e) => e.type === 'run_cancel_requested')?.data).toMatchObject({ by: 'uet', reason: expect.stringContaining('past locks.max_hold_minutes') });
    expect(await table()).toEqual(['b:held']);
    expect(dispatchedFor(b!)).toBeGreaterThan(0);
  });
});
