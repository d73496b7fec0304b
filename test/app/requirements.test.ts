import { afterEach, describe, expect, it } from 'vitest';
import { requirementsOf, unmetRequirements } from '../../src/core/run/index.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const REQUIRE = 'requirements:\n  - { bundle: "uet/*.yaml", requires: [approved, mergeable] }\n';
const pull = () => h!.fake.state.pulls.get(7)!;
const lastReply = () => replies(h!).at(-1) ?? '';

describe('per-bundle requirements on the pull request (ADR 0026, Atlantis apply requirements)', () => {
  it('an unreviewed pull request is refused; approved and mergeable, the run starts', async () => {
    h = await setup({ config: REQUIRE });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(lastReply()).toContain('requirements are not met');
    expect(lastReply()).toContain('approved: no review approves the pull request');
    expect(h.runIds()).toEqual([]);
    pull().reviews = [{ user: 'alice', state: 'APPROVED' }];
    await comment(h, '/uet run uet/bundle.yaml');
    expect(h.runIds()).toHaveLength(1);
  });

  it("a reviewer's latest review requesting changes, or a conflict with the base, refuses it", async () => {
    h = await setup({ config: REQUIRE });
    pull().reviews = [{ user: 'alice', state: 'APPROVED' }, { user: 'mae', state: 'APPROVED' }, { user: 'mae', state: 'CHANGES_REQUESTED' }];
    await comment(h, '/uet run uet/bundle.yaml');
    expect(lastReply()).toContain('approved: a reviewer requests changes');
    pull().reviews = [{ user: 'alice', state: 'APPROVED' }];
    pull().mergeable = false;
    await comment(h, '/uet run uet/bundle.yaml');
    expect(lastReply()).toContain('mergeable: the pull request conflicts with its base');
    expect(h.runIds()).toEqual([]);
  });

  it('a retry of a finished run is held to the requirements of the bundle path the run recorded', async () => {
    h = await setup({ config: REQUIRE });
    pull().reviews = [{ user: 'alice', state: 'APPROVED' }];
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    expect(h.events(runId!)[0]).toMatchObject({ data: { options: { bundle_path: 'uet/bundle.yaml' } } });
    await h.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'no' });
    await h.finish('c1', 1, { ok: true });
    expect(h.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
    // The approval is gone (a reviewer now requests changes): the retry is refused as a new /uet run would be.
    pull().reviews!.push({ user: 'alice', state: 'CHANGES_REQUESTED' });
    await comment(h, '/uet retry');
    expect(lastReply()).toContain('requirements are not met');
    expect(lastReply()).toContain('approved: a reviewer requests changes');
    expect(h.runIds()).toEqual([runId]);
    pull().reviews!.push({ user: 'alice', state: 'APPROVED' });
    await comment(h, '/uet retry');
    expect(h.runIds()).toHaveLength(2);
  });

  it('a retry of a pull request run that recorded no bundle path (one started before paths were recorded) cannot escape the requirements', async () => {
    h = await setup({ config: REQUIRE });
    pull().reviews = [{ user: 'alice', state: 'APPROVED' }];
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    await h.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'no' });
    await h.finish('c1', 1, { ok: true });
    // The ledger as a run of the previous release wrote it: run_created without options.bundle_path.
    const s = h.fake.state;
    const tree = s.trees.get(s.commits.get(s.refs.get(`refs/uet/runs/${runId}`)!)!.tree)!;
    const [file, text] = [...tree].find(([, t]) => t.includes('"bundle_path"'))!;
    tree.set(file, text.replace(/,?"bundle_path":"uet\/bundle\.yaml"/, ''));
    expect(h.events(runId!)[0]!.data).not.toHaveProperty('options.bundle_path');
    pull().reviews!.push({ user: 'alice', state: 'CHANGES_REQUESTED' });
    await comment(h, '/uet retry');
    expect(lastReply()).toContain('requirements are not met');
    expect(h.runIds()).toEqual([runId]);
  });

  it('a bundle the globs do not match has no requirement', async () => {
    h = await setup({ config: 'requirements:\n  - { bundle: "deploy/**", requires: [approved] }\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(h.runIds()).toHaveLength(1);
  });

  it('with require_approval, the requirements are checked when the run is approved', async () => {
    h = await setup({ config: `${REQUIRE}require_approval:\n  approvers: [alice]\n` });
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    expect(h.events(runId!)[1]).toMatchObject({ type: 'approval_required', data: { requirements: ['approved', 'mergeable'] } });
    await comment(h, '/uet approve', { sender: 'alice' });
    expect(lastReply()).toContain('cannot be approved yet');
    expect(h.events(runId!).map((e) => e.type)).not.toContain('approval_granted');
    pull().reviews = [{ user: 'mae', state: 'APPROVED' }];
    await comment(h, '/uet approve', { sender: 'alice' });
    expect(h.events(runId!).map((e) => e.type)).toContain('run_started');
  });
});

describe('requirementsOf and unmetRequirements (pure)', () => {
  it('collects the requirements of every matching glob; a dismissed approval no longer counts', () => {
    const entries = [
      { bundle: 'uet/**', requires: ['mergeable' as const] },
      { bundle: '**', requires: ['approved' as const] },
    ];
    expect(requirementsOf('uet/a/b.yaml', entries)).toEqual(['approved', 'mergeable']);
    expect(requirementsOf('<inline>', entries)).toEqual(['approved']);
    expect(unmetRequirements(['approved'], { mergeable: true, reviews: [{ user: 'a', state: 'APPROVED' }, { user: 'a', state: 'DISMISSED' }] })).toEqual(['approved: no review approves the pull request']);
    expect(unmetRequirements(['approved'], { mergeable: true, reviews: [{ user: 'a', state: 'APPROVED' }, { user: 'a', state: 'COMMENTED' }] })).toEqual([]);
    expect(unmetRequirements(['mergeable'], { mergeable: null, reviews: [] })[0]).toContain('still computing');
  });

  it('a path spelled with dot or empty segments (`/uet run ./deploy/x.yaml`) is held to the globs of the file it names', () => {
    const entries = [{ bundle: 'deploy/**', requires: ['approved' as const] }];
    for (const spelled of ['deploy/x.yaml', './deploy/x.yaml', 'deploy/./x.yaml', 'deploy//x.yaml', './/deploy/x.yaml'])
      expect(requirementsOf(spelled, entries), spelled).toEqual(['approved']);
    expect(requirementsOf('./other/x.yaml', entries)).toEqual([]);
  });
});
