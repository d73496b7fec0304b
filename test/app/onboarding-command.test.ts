import { afterEach, describe, expect, it } from 'vitest';
import { ONBOARDING_BRANCH } from '../../src/adapters/github/onboarding-pr.js';
import { parseCommand } from '../../src/app/commands/parse-command.js';
import type { AppHarness } from './support/app-harness.js';
import {
  installEvent,
  onboardingFiles,
  onboardingPrs,
  PYTHON_PROJECT,
  setupOnboarding,
} from './support/onboarding-repo.js';
import { comment, done, replies, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const ISSUE = 3;
const branchHead = (h: AppHarness) => h.fake.state.refs.get(`refs/heads/${ONBOARDING_BRANCH}`);

describe('/uet bootstrap', () => {
  it('parses `/uet bootstrap [--profile <id>]` and refuses anything else', () => {
    expect(parseCommand('/uet bootstrap')).toEqual({ kind: 'command', command: { name: 'bootstrap' } });
    expect(parseCommand('/uet bootstrap --profile documentation')).toEqual({
      kind: 'command',
      command: { name: 'bootstrap', profile: 'documentation' },
    });
    expect(parseCommand('/uet bootstrap --profile=generic')).toEqual({
      kind: 'command',
      command: { name: 'bootstrap', profile: 'generic' },
    });
    for (const bad of [
      '/uet bootstrap now',
      '/uet bootstrap --profile',
      '/uet bootstrap --profile a b',
      '/uet bootstrap --profile ../x',
    ])
      expect(parseCommand(bad).kind).toBe('invalid');
  });

  it('on an issue, by a writer, opens the onboarding PR and says so', async () => {
    h = await setupOnboarding();
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    const prs = onboardingPrs(h.fake.state);
    expect(prs).toHaveLength(1);
    expect(replies(h, ISSUE)).toEqual([
      `Opened the onboarding pull request #${prs[0]!.number}: it sets UET up. Create the workflow as it says, then merge it.`,
    ]);
    // A person's command is not the installation's once-per-repository claim: that one stays free.
    expect(h.fake.state.refs.has('refs/uet/claims/onboarding')).toBe(false);
  });

  it('regenerates the open PR: unchanged while main does not move, rebased on main when it does', async () => {
    h = await setupOnboarding();
    await installEvent(h);
    const number = onboardingPrs(h.fake.state)[0]!.number;
    const first = branchHead(h);
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    expect(branchHead(h)).toBe(first);
    expect(replies(h, ISSUE).at(-1)).toBe(
      `The onboarding pull request #${number} is up to date with \`main\`.`,
    );
    // A new CI command lands on main: the PR is regenerated on the new head, with the new gate.
    const ci = PYTHON_PROJECT['.github/workflows/ci.yml']!.replace(
      '      - run: pytest -q\n',
      '      - run: pytest -q\n      - run: mypy src\n',
    );
    h.fake.state.commitFiles('main', {
      '.github/workflows/ci.yml': ci,
      'mypy.ini': '[mypy]\nstrict = True\n',
    });
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    expect(branchHead(h)).not.toBe(first);
    expect(h.fake.state.commits.get(branchHead(h)!)!.parents).toEqual([
      h.fake.state.refs.get('refs/heads/main'),
    ]);
    expect(replies(h, ISSUE).at(-1)).toBe(
      `Regenerated the onboarding pull request #${number} from the current \`main\`.`,
    );
    expect(onboardingPrs(h.fake.state)).toHaveLength(1);
    expect(onboardingPrs(h.fake.state)[0]!.body).toContain('- typecheck: `mypy src`');
  });

  it('--profile regenerates the PR with the profile a person chose, and an unknown profile is named', async () => {
    h = await setupOnboarding();
    await comment(h, '/uet bootstrap --profile nosuch', { issue: ISSUE });
    expect(replies(h, ISSUE)[0]).toMatch(
      /^Unknown profile `nosuch`; the profiles are `data-pipeline`, `documentation`, `generic`/,
    );
    expect(onboardingPrs(h.fake.state)).toEqual([]);
    await comment(h, '/uet bootstrap --profile generic', { issue: ISSUE });
    const files = onboardingFiles(h.fake.state);
    expect(files.get('.uet/PROJECT_PROFILE.yaml')).toContain('profile_id: generic');
    expect(onboardingPrs(h.fake.state)[0]!.body).toContain('**generic** (confidence 1)');
  });

  it('leaves the onboarding branch alone once a person pushed to it', async () => {
    h = await setupOnboarding();
    await installEvent(h);
    h.fake.state.commitFiles(ONBOARDING_BRANCH, { '.github/uet.yml': 'bundle: mine.yaml\n' }, 'my edit');
    const edited = branchHead(h);
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    expect(branchHead(h)).toBe(edited);
    expect(replies(h, ISSUE).at(-1)).toMatch(
      /^The branch `uet\/onboarding` has commits UET did not make, so UET leaves it \(and pull request #\d+\) as it is\.$/,
    );
  });

  it('after the PR was merged without the workflow, answers with the link that creates it', async () => {
    h = await setupOnboarding();
    h.fake.state.commitFiles('main', { '.github/uet.yml': 'bundle: .uet/bundle.yaml\n' });
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    expect(replies(h, ISSUE)[0]).toMatch(/^`\.github\/uet\.yml` is on `main`, but the UET workflow is not: /);
    expect(replies(h, ISSUE)[0]).toContain(
      'https://github.com/octo-org/widgets/new/main?filename=.github/workflows/uet.yml',
    );
    expect(onboardingPrs(h.fake.state)).toEqual([]);
  });

  it('says so where UET is set up, and after the onboarding PR was closed', async () => {
    h = await setup();
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    expect(replies(h, ISSUE)[0]).toMatch(
      /^UET is already set up here: `\.github\/workflows\/uet\.yml` is on `main`\./,
    );
    h.close();
    h = await setupOnboarding();
    await installEvent(h);
    onboardingPrs(h.fake.state)[0]!.state = 'closed';
    await comment(h, '/uet bootstrap', { issue: ISSUE });
    expect(replies(h, ISSUE)[0]).toMatch(
      /^The onboarding pull request #\d+ was closed, so UET does not open another\./,
    );
    expect(onboardingPrs(h.fake.state)).toHaveLength(1);
  });
});
