import { afterEach, describe, expect, it } from 'vitest';
import { repoExtras } from '../support/github-routes/onboarding-routes.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup, sticky } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const steps = ['d1', 'c1', 'd2', 'c2', 'd3', 'c3'];
/** 300 allowed files, then one forbidden: the compare API lists 300 files, so it never shows the last one. */
const pages = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`docs/page-${String(i).padStart(3, '0')}.md`, `page ${i}\n`]));

async function runWith(files: Record<string, string>, config = 'policy: { forbidden_paths: ["secrets/**"] }\n') {
  h = await setup({ config });
  await comment(h, '/uet run uet/bundle.yaml');
  const [runId] = h.runIds();
  await h.finish('d1', 1, { ok: true, files });
  for (const node of steps.slice(1)) await h.finish(node, 1, { ok: true });
  await h.finish('gate:code:unit', 1, { ok: true });
  return runId!;
}

describe('the final check reads the whole result from git trees, not the compare API', () => {
  it('records the repository owner\'s policy in run_created', async () => {
    const runId = await runWith({ 'docs/a.md': 'a\n' }, 'policy: { forbidden_paths: ["secrets/**"], max_files_changed: 40 }\n');
    expect(h!.events(runId)[0]!.data).toMatchObject({ options: { repo_policy: { source: '.github/uet.yml on main', forbidden_paths: ['secrets/**'], max_files_changed: 40 } } });
  });

  it('catches a forbidden path that is the 301st file of the result: no PR, the finding on the run check', async () => {
    const runId = await runWith({ ...pages, 'secrets/key.pem': 'x\n' });
    const s = h!.fake.state;
    // The compare API lists the first 300 files of the comparison: the forbidden one comes after them.
    const compared = (await s.git.compare(s.defaultBranch, `uet/run/${runId}`)).files.map((f) => f.filename);
    expect(compared.indexOf('secrets/key.pem')).toBeGreaterThanOrEqual(300);
    expect([...s.pulls.values()].filter((p) => p.head.ref.startsWith('uet/run/'))).toEqual([]);
    expect(s.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({ conclusion: 'failure', output: { annotations_count: 1 } });
    expect(sticky(h!, runId)).toContain('breaks the patch policy');
  });

  it('walks the trees when GitHub truncates a listing, and still finds it', async () => {
    h = await setup({ config: 'policy: { forbidden_paths: ["secrets/**"] }\n' });
    repoExtras(h.fake.state).treeEntryLimit = 50; // GitHub's 100,000 entries, scaled down
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    await h.finish('d1', 1, { ok: true, files: { ...pages, 'secrets/deep/key.pem': 'x\n' } });
    for (const node of steps.slice(1)) await h.finish(node, 1, { ok: true });
    await h.finish('gate:code:unit', 1, { ok: true });
    expect([...h.fake.state.pulls.values()].filter((p) => p.head.ref.startsWith('uet/run/'))).toEqual([]);
    expect(sticky(h, runId!)).toContain('breaks the patch policy');
  });

  it('a clean result of 301 files is proposed', async () => {
    await runWith({ ...pages, 'docs/last.md': 'x\n' });
    expect([...h!.fake.state.pulls.values()].filter((p) => p.head.ref.startsWith('uet/run/'))).toHaveLength(1);
  });
});
