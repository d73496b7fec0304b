import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, type AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup } from './support/scenario.js';

let h: (AppHarness & { headSha: string }) | undefined;
afterEach(() => done(h));

const PERMISSION = 'GET /repos/{owner}/{repo}/collaborators/{username}/permission';

describe('who may run UET', () => {
  it.each([
    ['alice', 'admin'],
    ['wendy', 'write'],
    ['mae', 'maintain (reported as write)'],
  ])('%s (%s) may run: the permission check is the first request', async (login) => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml', { sender: login });
    expect(h.fake.requests()[0]!.key).toBe(PERMISSION);
    expect(h.runIds()).toHaveLength(1);
    expect(h.fake.state.dispatches.length).toBeGreaterThan(0);
  });

  it.each([
    ['rita', 'read', 'read'],
    ['tess', 'triage (reported as read)', 'read'],
    ['stranger', 'none (not a collaborator)', 'no'],
  ])(
    '%s (%s) is refused with a short reply, for one request and nothing read',
    async (login, _role, shown) => {
      h = await setup();
      await comment(h, '/uet run', { sender: login });
      expect(h.fake.requests().map((r) => r.key)).toEqual([
        PERMISSION,
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      ]);
      expect(replies(h)[0]).toContain(`@${login} UET runs only for collaborators with write access`);
      expect(replies(h)[0]).toContain(`(you have ${shown} access)`);
      expect(h.runIds()).toEqual([]);
      expect(h.fake.state.dispatches).toEqual([]);
    },
  );

  it('twenty /uet comments from an outsider cost one permission read and one reply, not twenty of each', async () => {
    h = await setup();
    h.fake.mark();
    for (let i = 0; i < 20; i++) await comment(h, i % 2 ? '/uet run' : '/uet help', { sender: 'stranger' });
    expect(h.fake.requests().map((r) => r.key)).toEqual([
      PERMISSION,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(replies(h)).toHaveLength(1);
    expect(replies(h)[0]).toContain('will not answer your commands in this repository again for 10 minutes');
    // A collaborator is not muted by an outsider's refusals.
    await comment(h, '/uet help', { sender: 'wendy' });
    expect(replies(h)).toHaveLength(2);
    // After the window the outsider is looked up again (they may have been given access meanwhile).
    h.clock.advance(10 * 60_000 + 1);
    h.fake.mark();
    await comment(h, '/uet run', { sender: 'stranger' });
    expect(h.fake.requests()[0]!.key).toBe(PERMISSION);
    expect(replies(h)).toHaveLength(3);
  });

  it('ignores a bot silently: no permission check, no reply', async () => {
    h = await setup();
    await comment(h, '/uet run', { sender: 'renovate[bot]' });
    expect(h.fake.requests().map((r) => r.key)).toEqual(['GET /repos/{owner}/{repo}/contents/{path}']);
    expect(h.fake.state.comments).toEqual([]);
  });

  it('obeys a bot listed in allowed_bots', async () => {
    h = await setup({ config: 'bundle: uet/bundle.yaml\nallowed_bots: ["renovate[bot]"]\n' });
    await comment(h, '/uet run', { sender: 'renovate[bot]' });
    expect(h.fake.requests().some((r) => r.key === PERMISSION)).toBe(false);
    expect(h.runIds()).toHaveLength(1);
  });

  it('never reacts to its own comments, for no request at all', async () => {
    h = await setup();
    await comment(h, '/uet run', { sender: 'uet-app[bot]', viaAppId: APP_ID });
    expect(h.fake.requests()).toEqual([]);
  });

  it('costs nothing for a comment that is not a command', async () => {
    h = await setup();
    await comment(h, 'LGTM, thanks!\n/uet run on the second line does not count');
    expect(h.fake.requests()).toEqual([]);
  });

  it('refuses a fork pull request unless allow_forks', async () => {
    h = await setup({ fork: true });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toMatch(/comes from a fork.*allow_forks: true/);
    expect(h.fake.state.dispatches).toEqual([]);
  });

  it('runs a fork pull request with allow_forks only on the commit the comment names, with the default branch bundle', async () => {
    h = await setup({ fork: true, config: 'allow_forks: true\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    // A fork's pushes are not in this repository's activity: the head at the comment's time cannot be told.
    expect(replies(h).at(-1)).toContain(`comment \`/uet run --head <sha>\``);
    expect(h.runIds()).toEqual([]);
    h.fake.state.commitFiles('main', { 'uet/bundle.yaml': h.fake.state.treeOf(h.headSha)!.get('uet/bundle.yaml')! });
    await comment(h, `/uet run uet/bundle.yaml --head ${h.headSha}`);
    const [runId] = h.runIds();
    expect(h.events(runId!)[0]).toMatchObject({
      data: { origin: { ref: 'refs/pull/7/head', sha: h.headSha } },
    });
    expect(h.fake.state.dispatches.length).toBeGreaterThan(0);
  });

  it('refuses a pull request that changes .github/workflows', async () => {
    h = await setup({ prFiles: ['uet/bundle.yaml', '.github/workflows/ci.yml'] });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toMatch(
      /changes GitHub workflows \(`\.github\/workflows\/ci\.yml`\).*`workflows` permission/,
    );
    expect(h.runIds()).toEqual([]);
  });
});
