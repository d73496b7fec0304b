import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installPushRules } from './support/push-rules.js';
import { startSimGitHub, type SimGitHub } from './support/sim-github.js';
import { seedSim } from './support/seed-sim.js';

let sim: SimGitHub | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The simulated GitHub is only as good as its fidelity: these pin the GitHub behaviours the scenarios rely on. */
describe('the simulated GitHub', () => {
  const call = async (method: string, path: string, body?: unknown, token = 'ghs_test') => {
    const res = await fetch(`${sim!.api}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };
  const setup = async () => {
    sim = await startSimGitHub();
    const seeded = await seedSim(sim.state);
    sim.state.tokens.set('ghs_test', 'app');
    return seeded;
  };

  it('refuses what GitHub refuses: a request outside the REST description, a second ref create, a stale update', async () => {
    const { mainSha, headSha } = await setup();
    expect((await call('POST', '/repos/octo-org/widgets/git/refs', { ref: 'refs/heads/x' })).status).toBe(
      400,
    );
    expect(sim!.violations).toEqual([
      expect.stringContaining("POST /repos/{owner}/{repo}/git/refs: body must have required property 'sha'"),
    ]);
    sim!.violations.length = 0;
    expect(
      (await call('POST', '/repos/octo-org/widgets/git/refs', { ref: 'refs/uet/claims/k', sha: mainSha }))
        .status,
    ).toBe(201);
    expect(
      await call('POST', '/repos/octo-org/widgets/git/refs', { ref: 'refs/uet/claims/k', sha: headSha }),
    ).toMatchObject({ status: 422, body: { message: 'Reference already exists' } });
    // feature (headSha) is ahead of main: main -> feature fast-forwards, feature -> main does not unless forced.
    expect(
      (await call('PATCH', '/repos/octo-org/widgets/git/refs/uet/claims/k', { sha: headSha, force: false }))
        .status,
    ).toBe(200);
    expect(
      await call('PATCH', '/repos/octo-org/widgets/git/refs/uet/claims/k', { sha: mainSha, force: false }),
    ).toMatchObject({ status: 422, body: { message: 'Update is not a fast forward' } });
    expect(
      (await call('PATCH', '/repos/octo-org/widgets/git/refs/uet/claims/k', { sha: mainSha, force: true }))
        .status,
    ).toBe(200);
    expect((await call('GET', '/repos/octo-org/widgets/git/ref/uet/claims/k')).body).toMatchObject({
      object: { sha: mainSha },
    });
    expect((await call('GET', '/repos/octo-org/widgets/pulls/7', undefined, 'ghs_unknown')).status).toBe(401);
    expect(sim!.violations).toEqual([]);
  });

  it('serves git data from the real repository: trees on a base, commits, raw contents and compare', async () => {
    const { mainSha } = await setup();
    const base = (await call('GET', `/repos/octo-org/widgets/git/commits/${mainSha}`)).body as {
      tree: { sha: string };
    };
    const tree = await call('POST', '/repos/octo-org/widgets/git/trees', {
      base_tree: base.tree.sha,
      tree: [
        { path: 'a/b.txt', mode: '100644', type: 'blob', content: 'hi\n' },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const commit = await call('POST', '/repos/octo-org/widgets/git/commits', {
      message: 'm',
      tree: tree.body.sha,
      parents: [mainSha],
    });
    expect([tree.status, commit.status], JSON.stringify([tree.body, commit.body, sim!.violations])).toEqual([
      201, 201,
    ]);
    expect(await sim!.git.readFile(String(commit.body.sha), 'a/b.txt')).toBe('hi\n');
    expect(await sim!.git.readFile(String(commit.body.sha), 'README.md')).toBeUndefined();
    const raw = await fetch(
      `${sim!.api}/repos/octo-org/widgets/contents/a/b.txt?ref=${String(commit.body.sha)}`,
      { headers: { authorization: 'token ghs_test', accept: 'application/vnd.github.raw+json' } },
    );
    expect(await raw.text()).toBe('hi\n');
    const cmp = await call('GET', `/repos/octo-org/widgets/compare/${mainSha}...${String(commit.body.sha)}`);
    expect(cmp.body).toMatchObject({
      status: 'ahead',
      ahead_by: 1,
      files: [
        { filename: 'README.md', status: 'removed' },
        { filename: 'a/b.txt', status: 'added', additions: 1 },
      ],
    });
  });

  it('enforces push rules over file://: a read-only job cannot push, nobody pushes .github/workflows/', async () => {
    await setup();
    installPushRules(sim!.git.dir);
    const work = join(mkdtempSync(join(tmpdir(), 'uet-sim-push-')), 'w');
    await sim!.git.run(['clone', '--quiet', sim!.git.url, work], { cwd: '/' });
    const push = (contents: string) =>
      sim!.git.run(['push', '--porcelain', 'origin', 'HEAD:refs/heads/topic'], {
        cwd: work,
        env: { UET_SIM_CONTENTS: contents },
        ok: [0, 1],
      });
    await sim!.git.run(['commit', '--quiet', '--allow-empty', '-m', 'empty'], { cwd: work });
    expect((await push('read')).stderr).toContain('Permission to octo-org/widgets.git denied');
    expect((await push('write')).code).toBe(0);
    await sim!.git.run(['rm', '--quiet', '.github/workflows/uet.yml'], { cwd: work });
    await sim!.git.run(['commit', '--quiet', '-m', 'drop the workflow'], { cwd: work });
    expect((await push('write')).stderr).toContain('without `workflows` permission');
    rmSync(join(work, '..'), { recursive: true, force: true });
  });
});
