import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runBootstrap } from '../../src/adapters/bootstrap/run-bootstrap.js';
import { readGitTree } from '../../src/adapters/github/read-git-tree.js';
import { createRequestBudget } from '../../src/adapters/github/request-budget.js';
import { bootstrapFromGitHub } from '../../src/app/onboarding/bootstrap-from-github.js';
import { PYTHON_PROJECT } from './support/onboarding-repo.js';
import { runnerExecutables } from '../../src/core/onboarding/runner-executables.js';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import {
  AMBIGUOUS_REPO,
  ANSIBLE_REPO,
  DETECTABLE_DOCS_REPO,
  DOCS_REPO,
  PYTHON_REPO,
  TERRAFORM_REPO,
} from '../adapters/bootstrap/repos.js';
import { createAppHarness, type AppHarness } from './support/app-harness.js';
import { scopeFor } from './support/scope-for.js';
import { done } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));
afterAll(removeTempDirs);

const FINDINGS = [
  'frameworks',
  'package_managers',
  'tools',
  'ci',
  'inferred_constraints',
  'structure',
] as const;

/** Both bootstraps of one repository: through the simulated GitHub's API, and `uet bootstrap --write` on a git clone of it. */
async function bothWays(files: Record<string, string>) {
  h = await createAppHarness();
  const s = h.fake.state;
  const head = s.commitFiles('main', files, 'the project');
  const scope = await scopeFor(h);
  const listing = await readGitTree(scope.gh, scope.repo, head, createRequestBudget(30));
  const api = await bootstrapFromGitHub(scope, {
    commit: head,
    listing,
    blobBudget: createRequestBudget(60),
    maxBlobs: 60,
    owner: 'uet-dev',
  });
  const dir = await createTempRepo(files);
  // The same executables on both sides (a PATH of empty files named after the runner's), so that what is compared
  // is how each reads the repository, not what this machine has installed.
  const bin = await makeTempDir();
  await mkdir(bin, { recursive: true });
  for (const name of runnerExecutables(api.discovery)) await writeFile(join(bin, name), '');
  const local = await runBootstrap(
    { dir, cwd: '/', write: true, owner: 'uet-dev' },
    { now: () => h!.clock.now(), generator: { name: 'uet', version: '0.0.0' }, path: bin },
  );
  return { api, local: local.report, dir };
}

describe('the bootstrap through the API reads a repository as `uet bootstrap` reads its clone', () => {
  it.each([
    ['Python package', { ...PYTHON_PROJECT, 'README.md': '# widgets\n' }],
    ['Python with tox and uv', PYTHON_REPO],
    ['Terraform', TERRAFORM_REPO],
    ['documentation', DOCS_REPO],
    ['Ansible', ANSIBLE_REPO],
    ['ambiguous (needs a human)', AMBIGUOUS_REPO],
  ])('%s: the same findings, profile, gates, phases and workflow', async (_, files) => {
    const { api, local, dir } = await bothWays(files);
    const d = local.discovery!;
    for (const key of FINDINGS) expect({ [key]: api.discovery[key] }).toEqual({ [key]: d[key] });
    expect(api.discovery.languages_source_only).toEqual(d.languages_source_only);
    expect(api.plan.status).toBe(local.status);
    expect(api.plan.selection.profileId).toBe(local.profile_id);
    expect(api.plan.selection.reasons).toEqual(local.profile_reasons);
    if (local.status === 'needs_human') return; // nothing written locally
    for (const a of api.plan.artifacts.filter((x) => x.kind === 'phase_spec' || x.kind === 'workflow'))
      expect({ path: a.path, text: a.text }).toEqual({
        path: a.path,
        text: await readFile(join(dir, a.path), 'utf8'),
      });
  });

  it('differs where only contents tell, as the PR body says: a .gitattributes override of Linguist', async () => {
    const { api, local } = await bothWays(DETECTABLE_DOCS_REPO);
    expect(local.discovery!.languages_source_only.map((l) => l.language)).toContain('Markdown');
    expect(api.discovery.languages_source_only.map((l) => l.language)).not.toContain('Markdown');
    expect(api.plan.selection.profileId).toBe(local.profile_id); // documentation either way
  });
});
