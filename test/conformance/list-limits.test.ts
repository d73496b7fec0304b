import { afterEach, describe, expect, it } from 'vitest';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import type { AppHarness } from '../app/support/app-harness.js';
import type { Seeded } from '../app/support/seed-repo.js';
import { comment, done, setup, sticky } from '../app/support/scenario.js';
import { scopeFor } from '../app/support/scope-for.js';
import { PR } from '../app/support/seed-repo.js';
import { simulateRunner } from '../app/support/simulate-runner.js';
import { recordConformance } from '../support/conformance/record-conformance.js';

/**
 * GitHub's list endpoints answer one capped page (REST description: per_page at most 100; compare lists at most
 * 300 files). The simulated GitHub caps its answers the same way; these tests are attacks that put the interesting
 * item past the first page, where code that takes one page for the whole list does not look.
 */
let h: (AppHarness & Seeded) | undefined;
afterEach(() => {
  if (h)
    recordConformance(
      `REST: ${expect.getState().currentTestName ?? 'list limits'}`,
      {
        requests: h.fake.log.length,
        requests_outside_description: h.fake.violations.length,
      },
      h.fake.violations,
    );
  done(h);
  h = undefined;
});

const steps = ['d1', 'c1', 'd2', 'c2', 'd3', 'c3'];
const OTHER_APP = 15368; // GitHub Actions' app id: a workflow's check runs
const STEP_CHECK = 'UET step d1';

describe('the simulated GitHub caps lists as GitHub does', () => {
  it('compare lists at most 300 files and one page of commits; check runs and comments come 100 a page with a next link', async () => {
    h = await setup();
    const s = h.fake.state;
    const files = Object.fromEntries(
      Array.from({ length: 301 }, (_v, i) => [`f/${String(i).padStart(3, '0')}`, 'x']),
    );
    s.refs.set('refs/heads/wide', h.mainSha);
    s.commitFiles('wide', files);
    const gh = (await scopeFor(h)).gh;
    const cmp = await gh.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: s.owner,
      repo: s.name,
      basehead: 'main...wide',
      per_page: 100,
    });
    expect(cmp.data.files).toHaveLength(300);
    expect(cmp.data.files!.at(-1)!.filename).toBe('f/299');
    for (let i = 0; i < 150; i++)
      s.checkRuns.push({
        id: s.id(),
        name: `ci ${i}`,
        head_sha: h.mainSha,
        external_id: '',
        status: 'completed',
        conclusion: 'success',
        output: { annotations_count: 0 },
        actions: [],
        app_id: OTHER_APP,
      });
    const page = await gh.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: s.owner,
      repo: s.name,
      ref: h.mainSha,
      per_page: 100,
    });
    expect(page.data).toMatchObject({ total_count: 150 });
    expect(page.data.check_runs).toHaveLength(100);
    expect(page.headers.link).toMatch(/[?&]page=2>; rel="next"/);
    const all = await gh.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: s.owner,
      repo: s.name,
      ref: h.mainSha,
      per_page: 100,
    });
    expect(all).toHaveLength(150);
    const defaults = await gh.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner: s.owner,
      repo: s.name,
      ref: h.mainSha,
    });
    expect(defaults.data.check_runs).toHaveLength(30);
  });

  it('a request past a documented maximum is outside the description (per_page 101)', async () => {
    h = await setup();
    const s = h.fake.state;
    const gh = (await scopeFor(h)).gh;
    await expect(
      gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: s.owner,
        repo: s.name,
        issue_number: PR,
        per_page: 101,
      }),
    ).rejects.toThrow(/per_page 101 is outside 1\.\.100/);
    expect(h.fake.violations).toEqual([expect.stringContaining('per_page 101')]);
    h.fake.violations.length = 0;
  });
});

describe('attacks past the first page', () => {
  // The result check once used one compare, whose files GitHub caps at 300: a forbidden file sorted after 300
  // others was never seen and the result PR opened. It now reads the whole result from git trees.
  it(
    'a compare with 301 files: a forbidden path past the 300th file still keeps the result PR closed',
    async () => {
      h = await setup({ config: 'policy: { forbidden_paths: ["secrets/**"] }\n' });
      await comment(h, '/uet run uet/bundle.yaml');
      const [runId] = h.runIds();
      const files: Record<string, string> = Object.fromEntries(
        Array.from({ length: 300 }, (_v, i) => [`docs/page-${String(i).padStart(3, '0')}.md`, `page ${i}\n`]),
      );
      files['secrets/key.pem'] = 'not for a PR\n';
      await h.finish('d1', 1, { ok: true, files });
      for (const node of steps.slice(1)) await h.finish(node, 1, { ok: true });
      await h.finish('gate:code:unit', 1, { ok: true });
      const s = h.fake.state;
      expect([...s.pulls.values()].filter((p) => p.head.ref.startsWith('uet/run/'))).toEqual([]);
      expect(sticky(h, runId!)).toMatch(/patch policy|300/);
    },
  );

  it('a commit with 150 check runs: the reconciler finds its own check past the first page and creates none twice', async () => {
    h = await setup();
    const s = h.fake.state;
    // 150 check runs on the pull request's head before the run: 120 of a workflow, 30 of this app's earlier runs.
    for (let i = 0; i < 150; i++)
      s.checkRuns.push({
        id: s.id(),
        name: i < 120 ? `lint ${i}` : STEP_CHECK,
        head_sha: h.headSha,
        external_id: i < 120 ? '' : `01HZZZZZZZZZZZZZZZZZZZZZZZ:d1:${i}`,
        status: 'completed',
        conclusion: 'success',
        output: { annotations_count: 0 },
        actions: [],
        ...(i < 120 ? { app_id: OTHER_APP } : {}),
      });
    await comment(h, '/uet run uet/bundle.yaml');
    simulateRunner(s, 'd1', 1, { ok: true }, h.clock.now()); // its webhook is lost
    await h.restart();
    await reconcileRepo(await scopeFor(h));
    await reconcileRepo(await scopeFor(h));
    const ours = s.checkRuns.filter((c) => c.name === STEP_CHECK && !c.external_id.startsWith('01HZZZ'));
    expect(ours).toHaveLength(1);
  });

  it('a pull request with 120 comments: the progress comment is found on page 2 and edited, never posted twice', async () => {
    h = await setup();
    const s = h.fake.state;
    for (let i = 0; i < 120; i++)
      s.comments.push({
        id: s.id(),
        issue: PR,
        body: `comment ${i}`,
        user: i % 3 ? 'wendy' : 'other-app[bot]',
        edits: 0,
      });
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    for (const node of steps) await h.finish(node, 1, { ok: true });
    const mine = s.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.edits).toBeGreaterThan(0);
  });
});
