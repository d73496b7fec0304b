import { afterEach, describe, expect, it } from 'vitest';
import { ONBOARDING_LIMITS } from '../../src/app/onboarding/onboard-repository.js';
import { repoExtras } from '../support/github-routes/onboarding-routes.js';
import type { AppHarness } from './support/app-harness.js';
import { installEvent, onboardingPrs, PYTHON_PROJECT, setupOnboarding } from './support/onboarding-repo.js';
import { comment, done, replies } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

/** The body without its code spans and fenced blocks: what GitHub renders as markdown and HTML. */
function rendered(body: string): string {
  let out = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
  for (let i = 0; i < out.length;) {
    const run = /`+/.exec(out.slice(i));
    if (!run) break;
    const start = i + run.index;
    const close = out.indexOf(run[0], start + run[0].length);
    // A span closes at a run of the same length only (a longer or shorter run does not count).
    let end = close;
    while (end >= 0 && (out[end + run[0].length] === '`' || out[end - 1] === '`'))
      end = out.indexOf(run[0], end + run[0].length + 1);
    if (end < 0) break;
    out = out.slice(0, start) + out.slice(end + run[0].length);
    i = start;
  }
  return out;
}

const EVIL = 'http://evil.example';

describe('attacks on the onboarding PR', () => {
  it("a reader's `/uet bootstrap` is refused before anything of the repository is read, and opens nothing", async () => {
    h = await setupOnboarding();
    await comment(h, '/uet bootstrap', { issue: 3, sender: 'rita' });
    expect(h.fake.requests().map((r) => r.key)).toEqual([
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(replies(h, 3)[0]).toContain('UET runs only for collaborators with write access');
    expect(onboardingPrs(h.fake.state)).toEqual([]);
  });

  it('file names, tool names and CI commands that carry links, images, HTML and mentions are shown as code in the PR body', async () => {
    const ci = PYTHON_PROJECT['.github/workflows/ci.yml']!.replace(
      '      - run: pytest -q\n',
      `      - run: pytest -q "<img src=x onerror=alert(1)>" "[click me](${EVIL})" @admin ${EVIL}/x #1\n      - name: "<b>lint</b> [docs](${EVIL})"\n        run: ruff check "\`\`\`</details><script>alert(1)</script>"\n`,
    );
    h = await setupOnboarding({
      ...PYTHON_PROJECT,
      '.github/workflows/ci.yml': ci,
      [`[x](${EVIL})/package.json`]: JSON.stringify({
        name: 'x',
        scripts: { test: `jest <img src=y> [z](${EVIL})` },
        devDependencies: { jest: '1' },
      }),
      // Over 1 MiB: not read, and its path comes back in a warning (prose, not a code span).
      [`docs/[big](${EVIL})/package.json`]: `{"name":"big","description":"${'x'.repeat(1024 * 1024)}"}`,
      'src/widgets/@admin <img src=z>.py': 'x = 1\n',
    });
    await installEvent(h);
    const body = onboardingPrs(h.fake.state)[0]!.body;
    expect(body).toContain(
      '`pytest -q "<img src=x onerror=alert(1)>" "[click me](http://evil.example)" @admin http://evil.example/x`',
    );
    expect(body).toContain('````ruff check "```</details><script>alert(1)</script>"````');
    expect(body).toContain('larger than 1 MiB, not read');
    const markdown = rendered(body);
    expect(markdown).not.toMatch(/<img|<script|<b>|<\/details><script/i);
    expect(markdown).not.toContain(EVIL); // autolinks broken (a zero-width space after the scheme)
    expect(markdown).not.toMatch(/@admin/);
    // Links (an unescaped `](`) go to GitHub's own pages only; an escaped `\[big\](…)` is text.
    expect([...markdown.matchAll(/(?<!\\)\]\(/g)].length).toBeGreaterThan(0);
    for (const [, url] of markdown.matchAll(/(?<!\\)\]\(([^)]*)\)/g))
      expect(url).toMatch(/^https:\/\/github\.com\/(octo-org\/widgets|uet-dev\/uet)\//);
  });

  it(`a huge repository costs at most the request budget (${ONBOARDING_LIMITS.treeRequests} tree listings, ${ONBOARDING_LIMITS.blobs} blobs) and the PR says what was left out`, async () => {
    const files: Record<string, string> = { ...PYTHON_PROJECT };
    // 100 services of 9 files each: more directories than the tree budget lists once GitHub truncates.
    for (let d = 0; d < 100; d++) {
      files[`services/s${d}/package.json`] = JSON.stringify({
        name: `s${d}`,
        scripts: { test: 'node --test' },
      });
      for (let f = 0; f < 8; f++) files[`services/s${d}/src/m${f}.js`] = 'module.exports = 1;\n';
    }
    // 120 manifests the detectors want to read (Kubernetes YAML), more than the blob budget.
    for (let k = 0; k < 120; k++)
      files[`k8s/app-${k}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${k}\n`;
    h = await setupOnboarding(files);
    repoExtras(h.fake.state).treeEntryLimit = 200; // GitHub's 100,000 entries, scaled down
    await installEvent(h);
    const keys = h.fake.requests().map((r) => r.key);
    const trees = keys.filter((k) => k === 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}').length;
    const blobs = keys.filter((k) => k === 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}').length;
    expect(trees).toBe(ONBOARDING_LIMITS.treeRequests);
    expect(blobs).toBe(ONBOARDING_LIMITS.blobs);
    expect(keys.length).toBeLessThanOrEqual(ONBOARDING_LIMITS.treeRequests + ONBOARDING_LIMITS.blobs + 12);
    const pr = onboardingPrs(h.fake.state);
    expect(pr).toHaveLength(1);
    expect(pr[0]!.body).toMatch(
      /walked directory by directory because GitHub truncated its recursive listing \(30 requests\); \d+ directories were left unlisted/,
    );
    expect(pr[0]!.body).toMatch(/the text of 60 of the \d+ configuration files/);
    expect(pr[0]!.body).toContain('configuration files were not read (request budget)');
  });

  it('a truncated tree is walked: files deep in it are found as in one listing', async () => {
    h = await setupOnboarding({
      ...PYTHON_PROJECT,
      'deploy/charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    });
    repoExtras(h.fake.state).treeEntryLimit = 5;
    await installEvent(h);
    const body = onboardingPrs(h.fake.state)[0]!.body;
    expect(body).toContain('walked directory by directory');
    expect(body).not.toContain('left unlisted');
    expect(body).toMatch(/\*\*Frameworks\*\*: .*`helm`/);
    expect(body).toContain('- test: `pytest -q` `.github/workflows/ci.yml:11`');
  });
});
