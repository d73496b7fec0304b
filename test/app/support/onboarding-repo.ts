import { ONBOARDING_BRANCH } from '../../../src/adapters/github/onboarding-pr.js';
import { repoExtras } from '../../support/github-routes/onboarding-routes.js';
import { repoFacts, type AppHarness } from './app-harness.js';
import type { FakeState } from './fake-github/fake-state.js';
import { installationCreated, installationRepositoriesAdded } from './installation-payloads.js';
import { setup } from './scenario.js';
import type { Seeded } from './seed-repo.js';

/** A small Python package as a newcomer's repository looks: pyproject with pytest and ruff, CI running both. */
export const PYTHON_PROJECT: Record<string, string> = {
  'pyproject.toml': [
    '[project]',
    'name = "widgets"',
    'version = "0.1.0"',
    'dependencies = ["requests"]',
    '',
    '[tool.pytest.ini_options]',
    'testpaths = ["tests"]',
    '',
    '[tool.ruff]',
    'line-length = 100',
    '',
  ].join('\n'),
  'src/widgets/__init__.py': '"""Widgets."""\n',
  'src/widgets/core.py': `${'def area(w, h):\n    return w * h\n\n'.repeat(40)}`,
  'src/widgets/cli.py': `${'import sys\n\ndef main():\n    print(sys.argv)\n\n'.repeat(20)}`,
  'tests/test_core.py': 'from widgets.core import area\n\ndef test_area():\n    assert area(2, 3) == 6\n',
  '.github/workflows/ci.yml': [
    'name: CI',
    'on: [push, pull_request]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-python@v5',
    '      - run: pip install -e . pytest ruff',
    '      - run: ruff check .',
    '      - run: pytest -q',
    '',
  ].join('\n'),
};

/** GitHub's own breakdown of PYTHON_PROJECT (what `GET /repos/{owner}/{repo}/languages` would say). */
export const PYTHON_LANGUAGES = { Python: 2480 };

/** A fresh app on a repository without UET: `main` holds `files` (and the seed's README), no workflow, no configuration. */
export async function setupOnboarding(
  files: Record<string, string> = PYTHON_PROJECT,
  languages: Record<string, number> = PYTHON_LANGUAGES,
): Promise<AppHarness & Seeded> {
  const h = await setup({ workflow: false });
  h.fake.state.commitFiles('main', files, 'the project');
  repoExtras(h.fake.state).languages = languages;
  h.fake.mark();
  return h;
}

export const installEvent = (h: AppHarness, id?: string) =>
  h.receive('installation', installationCreated(repoFacts(h)), id);
export const addedEvent = (h: AppHarness, id?: string) =>
  h.receive('installation_repositories', installationRepositoriesAdded(repoFacts(h)), id);

/** The pull requests from the onboarding branch, in every state. */
export const onboardingPrs = (s: FakeState) =>
  [...s.pulls.values()].filter((p) => p.head.ref === ONBOARDING_BRANCH);

/** The files of the onboarding branch's head that differ from main's (path → text). */
export function onboardingFiles(s: FakeState): Map<string, string> {
  const head = s.treeOf(`refs/heads/${ONBOARDING_BRANCH}`) ?? new Map<string, string>();
  const main = s.treeOf('main') ?? new Map<string, string>();
  return new Map([...head].filter(([path, text]) => main.get(path) !== text));
}
