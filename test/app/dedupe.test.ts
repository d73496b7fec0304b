import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('deduplication by delivery and by trigger key, on GitHub', () => {
  it('gives one run for the same delivery sent twice', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 71, delivery: 'd-1' });
    h.fake.mark();
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 71, delivery: 'd-1' });
    expect(h.runIds()).toHaveLength(1);
    expect(h.fake.state.dispatches).toHaveLength(2);
    // The redelivery is recognised as our own earlier claim, and finds the run already started.
    expect(h.fake.writes().filter((r) => r.key.includes('dispatches'))).toEqual([]);
  });

  it('gives one run for the same comment delivered twice with different delivery ids, silently', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 72, delivery: 'd-1' });
    const replies = h.fake.state.comments.length;
    h.fake.mark();
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 72, delivery: 'd-2' });
    expect(h.runIds()).toHaveLength(1);
    expect(h.fake.state.comments).toHaveLength(replies);
    expect(h.fake.requests().map((r) => `${r.status} ${r.key}`)).toEqual([
      '200 GET /repos/{owner}/{repo}/collaborators/{username}/permission',
      '201 POST /repos/{owner}/{repo}/git/commits',
      '422 POST /repos/{owner}/{repo}/git/refs',
      '200 GET /repos/{owner}/{repo}/git/ref/{ref}',
      '200 GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
    ]);
  });

  it('holds across an app restart: a new process sees the claim on GitHub', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 73, delivery: 'd-1' });
    await h.restart();
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 73, delivery: 'd-9' });
    expect(h.runIds()).toHaveLength(1);
  });

  it('tells a create whose answer was lost (a 502 after the claim was made) from a duplicate', async () => {
    h = await setup();
    h.fake.faults.push({ key: 'POST /repos/{owner}/{repo}/git/refs', status: 502, when: 'after', times: 1 });
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 74, delivery: 'd-1' });
    expect(h.runIds()).toHaveLength(1);
    expect(h.fake.state.dispatches.length).toBeGreaterThan(0);
  });
});
