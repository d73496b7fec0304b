import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { ONBOARDING_BRANCH } from '../../src/adapters/github/onboarding-pr.js';
import { checkBundleText } from '../../src/app/bundle/check-bundle-text.js';
import { validateAppConfig } from '../../src/app/config/validate-app-config.js';
import { ONBOARDING_MARKER } from '../../src/app/onboarding/render-onboarding-body.js';
import { buildCreateFileLink } from '../../src/core/onboarding/build-create-file-link.js';
import { repoExtras } from '../support/github-routes/onboarding-routes.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { installationCreated } from './support/installation-payloads.js';
import {
  addedEvent,
  installEvent,
  onboardingFiles,
  onboardingPrs,
  setupOnboarding,
} from './support/onboarding-repo.js';
import { done, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

/** The text of the body's first fenced yaml block (the workflow). */
const fencedYaml = (body: string) => /^(`{3,})yaml\n([\s\S]*?)\n\1$/m.exec(body)?.[2];

describe('installing the app opens the onboarding PR', () => {
  it('opens one PR from uet/onboarding holding .github/uet.yml, the profile and the phases, never the workflow', async () => {
    h = await setupOnboarding();
    await installEvent(h);
    const prs = onboardingPrs(h.fake.state);
    expect(prs).toHaveLength(1);
    const pr = prs[0]!;
    expect(pr).toMatchObject({ state: 'open', base: { ref: 'main' }, title: 'Set up UET' });
    const files = onboardingFiles(h.fake.state);
    expect([...files.keys()]).toEqual([
      '.github/uet.yml',
      '.uet/PROJECT_PROFILE.yaml',
      '.uet/bundle.yaml',
      '.uet/phases/PH-BASELINE-01.yaml',
      '.uet/phases/PH-CORE-01.yaml',
      '.uet/phases/PH-DOC-01.yaml',
      '.uet/phases/PH-REFACTOR-01.yaml',
      '.uet/phases/PH-TEST-01.yaml',
      '.uet/router_config.json',
    ]);
    // What makes `/uet run` work once merged: a valid configuration naming a bundle that plans.
    const config = validateAppConfig(parse(files.get('.github/uet.yml')!));
    expect(config).toMatchObject({ ok: true, value: { bundle: '.uet/bundle.yaml', workflow: 'uet.yml' } });
    const bundle = checkBundleText('.uet/bundle.yaml', files.get('.uet/bundle.yaml')!);
    expect(bundle.ok).toBe(true);
    // The baseline runs the project's checks: as shell steps or as gates, whichever the baseline phase makes them.
    const checks = bundle.ok
      ? bundle.bundle.workstreams.flatMap((w) => [
          ...w.steps.map((s) => s.context?.command),
          ...(w.test_gates ?? []).map((g) => g.command),
        ])
      : [];
    expect(checks).toEqual(['ruff check .', 'pytest -q']);
    expect(parse(files.get('.uet/PROJECT_PROFILE.yaml')!)).toMatchObject({
      profile_id: 'software-dev-python',
    });
    // The body: the discovery, the profile and why, the workflow and how to create it.
    expect(pr.body.startsWith(ONBOARDING_MARKER)).toBe(true);
    expect(pr.body).toContain('**software-dev-python** (confidence');
    expect(pr.body).toContain('Python is 100.0% of the source code');
    expect(pr.body).toContain("**Languages** (GitHub's breakdown): Python 100.0%");
    expect(pr.body).toContain('- lint: `ruff check .` `.github/workflows/ci.yml:10`');
    expect(pr.body).toContain('- test: `pytest -q` `.github/workflows/ci.yml:11`');
    expect(pr.body).toContain('- `pytest` (test_runner)');
    const workflow = fencedYaml(pr.body)!;
    expect(workflow).toContain('workflow_dispatch:');
    const link = buildCreateFileLink(
      h.fake.state.htmlUrl,
      'main',
      '.github/workflows/uet.yml',
      `${workflow}\n`,
    );
    expect(pr.body).toContain(`(${link.url})`);
    if (link.prefilled) expect(new URL(link.url).searchParams.get('value')).toBe(`${workflow}\n`);
    else expect(pr.body).toContain(`over the about 8 KB GitHub accepts in a URL`);
    expect(pr.body).toContain('computed by UET from file names and sizes only');
  });

  it('costs about 14 requests on a small repository: the tree in one listing and a blob per configuration file', async () => {
    h = await setupOnboarding();
    await installEvent(h);
    const keys = h.fake.requests().map((r) => r.key);
    expect(keys.filter((k) => k.endsWith('/git/trees/{tree_sha}') && k.startsWith('GET'))).toHaveLength(1);
    expect(keys.filter((k) => k.endsWith('/git/blobs/{file_sha}'))).toHaveLength(2); // pyproject.toml, ci.yml
    expect(keys).toHaveLength(14);
    expect(h.fake.writes().map((r) => r.key)).toEqual([
      'POST /repos/{owner}/{repo}/git/commits', // the trigger claim `onboarding`
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /repos/{owner}/{repo}/git/trees', // the onboarding commit
      'POST /repos/{owner}/{repo}/git/commits',
      'POST /repos/{owner}/{repo}/git/refs', // the branch
      'POST /repos/{owner}/{repo}/pulls',
    ]);
    expect(h.fake.state.refs.has('refs/uet/claims/onboarding')).toBe(true);
  });

  it('a redelivery and a later installation_repositories.added leave the one PR as it is, for no write', async () => {
    h = await setupOnboarding();
    await installEvent(h, 'delivery-install');
    h.fake.mark();
    await installEvent(h, 'delivery-install');
    await addedEvent(h, 'delivery-added');
    expect(onboardingPrs(h.fake.state)).toHaveLength(1);
    expect(h.fake.writes()).toEqual([]);
  });

  it('two replicas handling two deliveries at the same moment open one PR (the trigger claim decides)', async () => {
    h = await setupOnboarding();
    const other = await h.replica();
    await Promise.all([
      installEvent(h, 'delivery-1'),
      other(
        'installation_repositories',
        (await import('./support/installation-payloads.js')).installationRepositoriesAdded(repoFacts(h)),
        'delivery-2',
      ),
    ]);
    expect(onboardingPrs(h.fake.state)).toHaveLength(1);
    expect(h.fake.requests().filter((r) => r.key === 'POST /repos/{owner}/{repo}/pulls')).toHaveLength(1);
  });

  it('one delivery handled by two replicas at once (a redelivery racing the original) still opens one PR', async () => {
    h = await setupOnboarding();
    const other = await h.replica();
    const payload = installationCreated(repoFacts(h));
    await Promise.all([
      h.receive('installation', payload, 'delivery-1'),
      other('installation', payload, 'delivery-1'),
    ]);
    expect(onboardingPrs(h.fake.state)).toHaveLength(1);
  });

  it('leaves a repository where UET is set up alone: three reads, no write', async () => {
    h = await setup(); // main holds the UET workflow
    h.fake.mark();
    await installEvent(h);
    expect(onboardingPrs(h.fake.state)).toEqual([]);
    expect(h.fake.requests().map((r) => r.key)).toEqual([
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
    ]);
  });

  it('recognises a UET workflow under another name by the action it uses', async () => {
    h = await setupOnboarding({
      'ci.py': 'print(1)\n',
      '.github/workflows/agents.yml':
        'on: workflow_dispatch\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: uet-dev/uet@v1\n',
    });
    await installEvent(h);
    expect(onboardingPrs(h.fake.state)).toEqual([]);
  });

  it('never reopens a closed onboarding PR, and opens no other one', async () => {
    h = await setupOnboarding();
    await installEvent(h);
    const pr = onboardingPrs(h.fake.state)[0]!;
    pr.state = 'closed';
    h.fake.state.refs.delete(`refs/heads/${ONBOARDING_BRANCH}`); // "Delete branch" after closing
    h.fake.mark();
    await addedEvent(h, 'delivery-readded');
    expect(onboardingPrs(h.fake.state)).toEqual([pr]);
    expect(h.fake.writes()).toEqual([]);
  });

  it('skips an archived repository, a fork and an empty repository', async () => {
    h = await setupOnboarding();
    repoExtras(h.fake.state).archived = true;
    await installEvent(h);
    repoExtras(h.fake.state).archived = false;
    repoExtras(h.fake.state).fork = true;
    await installEvent(h);
    repoExtras(h.fake.state).fork = false;
    h.fake.state.refs.delete('refs/heads/main');
    await installEvent(h);
    expect(onboardingPrs(h.fake.state)).toEqual([]);
    expect(h.fake.writes()).toEqual([]);
  });

  it('onboards the other repositories when one fails, then fails the delivery so that a redelivery retries', async () => {
    h = await setupOnboarding();
    const payload = installationCreated(repoFacts(h), {
      repositories: ['octo-org/gone', 'octo-org/widgets'],
    });
    await expect(h.receive('installation', payload)).rejects.toThrow();
    expect(onboardingPrs(h.fake.state)).toHaveLength(1);
  });

  it('onboards at most 30 repositories per installation event', async () => {
    h = await setupOnboarding();
    const names = Array.from({ length: 35 }, (_, i) => `octo-org/repo-${i}`);
    await expect(
      h.receive('installation', installationCreated(repoFacts(h), { repositories: names })),
    ).rejects.toThrow();
    expect(h.fake.requests().filter((r) => r.key === 'GET /repos/{owner}/{repo}')).toHaveLength(30);
  });
});
