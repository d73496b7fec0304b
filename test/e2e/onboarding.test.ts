import { describe, expect, it } from 'vitest';
import { ONBOARDING_BRANCH } from '../../src/adapters/github/onboarding-pr.js';
import { issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { installationCreated, installationRepositoriesAdded } from '../app/support/installation-payloads.js';
import { repoExtras } from '../support/github-routes/onboarding-routes.js';
import type { BareRepo } from './support/bare-repo.js';
import { createE2E, type E2E } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';

const world = useE2E();

/**
 * A small Node project as a newcomer's repository: a test, a Makefile target running it, and CI running that. No UET
 * anywhere. (`make test` rather than `npm test`: the simulated runner's npm only installs, since there is no registry.)
 */
const PROJECT: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'widgets', version: '1.0.0', private: true }, null, 2)}\n`,
  Makefile: 'test:\n\tnode test.js\n',
  'index.js': `${'exports.area = (w, h) => w * h;\n'.repeat(20)}`,
  'test.js':
    "const assert = require('node:assert');\nassert.strictEqual(require('./index.js').area(2, 3), 6);\nconsole.log('ok');\n",
  '.github/workflows/ci.yml':
    'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n',
};

/** A commit on `branch` (created from `from` when new) changing `files` (null deletes), as a push would. */
async function push(
  git: BareRepo,
  branch: string,
  files: Record<string, string | null>,
  o: { from?: string; parents?: string[] } = {},
): Promise<string> {
  const old = await git.refSha(`refs/heads/${branch}`);
  const base = o.from ?? old!;
  const tree = (await git.run(['rev-parse', `${base}^{tree}`])).stdout.trim();
  const next = await git.writeTree(
    tree,
    Object.entries(files).map(([path, text]) =>
      text === null ? { path, sha: null } : { path, content: text },
    ),
  );
  const sha = await git.commitTree(next, o.parents ?? [base], `change ${branch}`);
  if (old) expect(await git.swapRef(`refs/heads/${branch}`, sha, old)).toBe(true);
  else expect(await git.createRef(`refs/heads/${branch}`, sha)).toBe(true);
  return sha;
}

const onboardingPrs = (e: E2E) =>
  [...e.sim.state.pulls.values()].filter((p) => p.head.ref === ONBOARDING_BRANCH);
const appWrites = (e: E2E, since: number) =>
  e.sim
    .writes('app', since)
    .filter((w) => !w.key.includes('/access_tokens'))
    .map((w) => `${w.key} ${w.status}`);

describe('scenario 10: installing the app opens one onboarding PR; merging it and creating the workflow makes /uet run work', () => {
  it('install event → one PR, redelivery and another event → still one, then /uet run runs the baseline', async () => {
    const e = world.set(await createE2E());
    const git = e.sim.git;
    // The repository as it is before UET: the project, no UET workflow, no .github/uet.yml.
    await push(git, 'main', { ...PROJECT, '.github/workflows/uet.yml': null });
    repoExtras(e.sim.state).languages = { JavaScript: 820 };

    const install = installationCreated(e.repo);
    await e.sender.send('installation', install, 'install-1');
    await e.settle();
    expect(onboardingPrs(e)).toHaveLength(1);
    const pr = onboardingPrs(e)[0]!;
    expect(pr).toMatchObject({ state: 'open', base: { ref: 'main' }, title: 'Set up UET' });
    const onboarding = `refs/heads/${ONBOARDING_BRANCH}`;
    expect(await git.readFile(onboarding, '.github/uet.yml')).toContain('bundle: .uet/bundle.yaml');
    expect(await git.readFile(onboarding, '.uet/bundle.yaml')).toContain('command: make test');
    expect(await git.readFile(onboarding, '.github/workflows/uet.yml')).toBeUndefined(); // the app may not write it
    expect(pr.body).toContain('- GATE_TEST: `make test`');
    const api = e.sim.requests('app').filter((r) => !r.key.includes('/access_tokens'));
    const writes = api.filter((r) => r.method !== 'GET').map((r) => r.key);
    expect(writes).toEqual([
      'POST /repos/{owner}/{repo}/git/commits', // the trigger claim `onboarding`
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /repos/{owner}/{repo}/git/trees', // the onboarding commit, the branch, the PR
      'POST /repos/{owner}/{repo}/git/commits',
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /repos/{owner}/{repo}/pulls',
    ]);
    expect(api.length).toBeLessThanOrEqual(16);

    // GitHub redelivers the same delivery; later the repository is added again under another delivery.
    const mark = e.sim.log.length;
    await e.sender.send('installation', install, 'install-1');
    await e.sender.send('installation_repositories', installationRepositoriesAdded(e.repo), 'added-1');
    await e.settle();
    expect(onboardingPrs(e)).toHaveLength(1);
    expect(appWrites(e, mark)).toEqual([]);

    // The newcomer creates the workflow from the PR body, and merges the PR.
    const link = /\]\((https:\/\/github\.com\/octo-org\/widgets\/new\/main\?[^)]+)\)/.exec(pr.body)![1]!;
    const block = /^(`{3,})yaml\n([\s\S]*?)\n\1$/m.exec(pr.body)![2]!;
    const workflow = new URL(link).searchParams.get('value') ?? `${block}\n`;
    expect(new URL(link).searchParams.get('filename')).toBe('.github/workflows/uet.yml');
    const withWorkflow = await push(git, 'main', { '.github/workflows/uet.yml': workflow });
    const branchHead = (await git.refSha(onboarding))!;
    await push(
      git,
      'main',
      { '.github/workflows/uet.yml': workflow },
      { from: branchHead, parents: [withWorkflow, branchHead] },
    );
    const merged = (await git.refSha('refs/heads/main'))!;
    // The merge commit's tree is the onboarding branch's plus the workflow.
    expect(await git.readFile(merged, '.github/uet.yml')).toBe(
      await git.readFile(onboarding, '.github/uet.yml'),
    );
    pr.state = 'closed';

    // A pull request on the merged main, and `/uet run` on it: the baseline bundle from .github/uet.yml runs.
    const head = await push(git, 'feature-2', { 'lib.js': 'exports.one = 1;\n' }, { from: merged });
    e.sim.state.pulls.set(8, {
      number: 8,
      state: 'open',
      head: { ref: 'feature-2', repo: e.sim.state.fullName },
      base: { ref: 'main' },
      title: 'A change',
      body: '',
      draft: false,
      labels: [],
    });
    const run = issueCommentCreated(e.repo, { body: '/uet run', issue: 8, pr: true, commentId: 9101, sender: 'wendy' });
    // Written now, after the push: the app runs only a head pushed before the comment (ADR 0017).
    run.comment.created_at = run.comment.updated_at = new Date().toISOString();
    await e.sender.send('issue_comment', run);
    await e.settle();
    const [runId, ...others] = await e.runIds();
    expect(others).toEqual([]);
    const events = await e.events(runId!);
    expect(events[0]).toMatchObject({ type: 'run_created', data: { origin: { sha: head } } });
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect(e.replies(8)).toEqual([]);
  });
});
