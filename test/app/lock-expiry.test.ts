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
    // Queued, and visible on the pull request: B's progress comment says behind whom and on which paths.
    const stickyOf = (id: string) => h!.fake.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${id}`)).at(-1)?.body ?? '';
    expect(stickyOf(b!)).toContain(`**Queued for the lock of \`feature\`:** behind run \`${a}\` (running; may write \`**\`). It starts when that run ends`);
    expect(stickyOf(a!)).not.toContain('Queued for the lock');

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

describe('a /uet retry with steps carried over', () => {
  it('still asks for the lock before its first dispatch: carried-over steps are recorded as started, but are not starts', async () => {
    h = await setup({ config: 'locks:\n  on_conflict: wait\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    const [first] = h.runIds();
    await h.finish('c1', 1, { ok: true, files: { 'src/c1.ts': 'c1' } });
    await h.finish('c2', 1, { ok: true, files: { 'src/c2.ts': 'c2' } });
    await h.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'the tool gave up' });
    await h.finish('c3', 1, { ok: true, files: { 'src/c3.ts': 'c3' } });
    expect(h.events(first!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
    // Another run holds the lock of feature meanwhile (it could be a run of another pull request of the same branch).
    const scope = await scopeFor(h);
    const store = createGitHubLockStore(scope.gh, scope.repo, 'feature');
    const { table, version } = await store.read();
    expect(table.entries).toEqual([]); // the failed run released its lock
    const other = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    expect(await store.write({ base: 'feature', entries: [{ run_id: other, scope: ['**'], state: 'held', since: new Date(h.clock.now()).toISOString(), owner: { kind: 'github' } }] }, version)).toBe(true);
    const before = h.fake.state.dispatches.length;
    await comment(h, '/uet retry');
    const retry = h.runIds().find((r) => r !== first)!;
    expect(h.events(retry).filter((e) => e.type === 'step_succeeded').map((e) => (e.data as { step_id: string }).step_id)).toEqual(['c1', 'c2', 'c3']);
    expect(h.fake.state.dispatches.length).toBe(before); // d1 waits for the lock
    expect((await store.read()).table.entries.map((e) => `${e.run_id === other ? 'other' : 'retry'}:${e.state}`)).toEqual(['other:held', 'retry:waiting']);
  });
});
