import { afterEach, describe, expect, it } from 'vitest';
import { issuesLabeled } from '../fixtures/github/webhook-payloads.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup, sticky } from './support/scenario.js';
import { DEMO_BUNDLE } from './support/seed-repo.js';

let h: (AppHarness & { mainSha: string }) | undefined;
afterEach(() => done(h));

const label = (body: string, o: { label?: string; sender?: string; issue?: number; author?: string } = {}) =>
  h!.receive(
    'issues',
    issuesLabeled(repoFacts(h!), {
      issue: o.issue ?? 12,
      label: o.label ?? 'uet',
      body,
      sender: o.sender ?? 'wendy',
      ...(o.author !== undefined ? { author: o.author } : {}),
    }),
  );

describe('a labelled issue becomes a run from the default branch', () => {
  it('runs the fenced yaml block of the issue body, and its result PR closes the issue', async () => {
    h = await setup();
    await label(`Please do this.\n\n\`\`\`yaml\n${DEMO_BUNDLE}\`\`\`\n`);
    const [runId] = h.runIds();
    const created = h.events(runId!)[0]!;
    expect(created).toMatchObject({
      data: { origin: { kind: 'github_label', ref: 'refs/heads/main', sha: h.mainSha, issue_number: 12 } },
    });
    expect(h.fake.state.issueReactions).toContainEqual({ issue: 12, content: 'eyes' });
    expect(sticky(h, runId!)).toContain('Demo bundle');
    for (const node of ['d1', 'c1', 'd2', 'c2', 'd3', 'c3'])
      await h.finish(node, 1, { ok: true, files: { [`out/${node}.txt`]: node } });
    await h.finish('gate:code:unit', 1, { ok: true });
    const pr = [...h.fake.state.pulls.values()].find((p) => p.head.ref === `uet/run/${runId}`)!;
    expect(pr.base.ref).toBe('main');
    expect(pr.body).toContain('Closes #12');
    expect(pr.labels).toEqual(['uet']);
  });

  it('runs the file of a `bundle: <path>` line, read from the default branch', async () => {
    h = await setup();
    h.fake.state.commitFiles('main', { 'plans/b.yaml': DEMO_BUNDLE });
    await label('bundle: plans/b.yaml\n');
    expect(h.runIds()).toHaveLength(1);
  });

  it('answers an issue without a bundle', async () => {
    h = await setup();
    await label('Just words.');
    expect(replies(h, 12).at(-1)).toContain('the issue has no bundle');
  });

  it('answers an inline bundle that breaks its contract', async () => {
    h = await setup();
    await label('```json\n{"bundle_id": "x", "workstreams": []}\n```');
    expect(replies(h, 12).at(-1)).toMatch(/\/workstreams: must NOT have fewer than 1 items/);
  });

  it('ignores other labels after the permission check, and uses the configured label', async () => {
    h = await setup({ config: 'label: automate\n' });
    await label('```yaml\n' + DEMO_BUNDLE + '```', { label: 'bug' });
    expect(h.runIds()).toEqual([]);
    expect(h.fake.writes()).toEqual([]);
    await label('```yaml\n' + DEMO_BUNDLE + '```', { label: 'automate' });
    expect(h.runIds()).toHaveLength(1);
  });

  it("an outsider's issue labelled by a maintainer does not run the outsider's bundle", async () => {
    h = await setup();
    // The outsider writes a bundle into an issue and waits for a maintainer to triage it with the label.
    await label('```yaml\n' + DEMO_BUNDLE + '```', { author: 'stranger', sender: 'wendy' });
    expect(h.runIds()).toEqual([]);
    expect(h.fake.state.dispatches).toEqual([]);
    expect(replies(h, 12).at(-1)).toContain('it was written by @stranger, who does not have write access');
    // Nor with a `bundle:` line choosing a file of the default branch, nor when the author has read access only.
    h.fake.state.commitFiles('main', { 'plans/b.yaml': DEMO_BUNDLE });
    await label('bundle: plans/b.yaml\n', { author: 'rita', sender: 'alice', issue: 13 });
    expect(h.runIds()).toEqual([]);
    expect(replies(h, 13).at(-1)).toContain('written by @rita');
    // A bot author only when allowed.
    await label('```yaml\n' + DEMO_BUNDLE + '```', { author: 'renovate[bot]', sender: 'wendy', issue: 14 });
    expect(h.runIds()).toEqual([]);
  });

  it("a maintainer's issue labelled by another maintainer runs", async () => {
    h = await setup();
    await label('```yaml\n' + DEMO_BUNDLE + '```', { author: 'alice', sender: 'wendy' });
    expect(h.runIds()).toHaveLength(1);
  });

  it('refuses a labeller without write access', async () => {
    h = await setup();
    await label('```yaml\n' + DEMO_BUNDLE + '```', { sender: 'tess' });
    expect(replies(h, 12).at(-1)).toContain('@tess UET runs only for collaborators with write access');
    expect(h.runIds()).toEqual([]);
  });
});

describe('attack: a retry of a labelled issue\'s run from before bundle paths were recorded', () => {
  it('is refused once .github/uet.yml has requirements: its path is unknown, so it is held to all of them', async () => {
    h = await setup();
    h.fake.state.commitFiles('main', { 'plans/b.yaml': DEMO_BUNDLE });
    await label('bundle: plans/b.yaml\n');
    const [runId] = h.runIds();
    await h.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'no' });
    await h.finish('c1', 1, { ok: true });
    expect(h.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
    // The ledger as a run of the previous release wrote it: run_created without options.bundle_path.
    const s = h.fake.state;
    const tree = s.trees.get(s.commits.get(s.refs.get(`refs/uet/runs/${runId}`)!)!.tree)!;
    const [file, text] = [...tree].find(([, t]) => t.includes('"bundle_path"'))!;
    tree.set(file, text.replace(/,?"bundle_path":"plans\/b\.yaml"/, ''));
    expect(h.events(runId!)[0]!.data).not.toHaveProperty('options.bundle_path');
    h.fake.state.commitFiles('main', { '.github/uet.yml': 'requirements:\n  - { bundle: "plans/**", requires: [approved] }\n' });
    await comment(h, '/uet retry', { issue: 12, pr: false });
    expect(h.runIds()).toEqual([runId]);
    expect(replies(h, 12).at(-1)).toContain('requires approved');
  });
});
