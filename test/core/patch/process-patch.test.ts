import { describe, expect, it } from 'vitest';
import { createMemoryLedgerStore } from '../../../src/adapters/patch/memory-ledger-store.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import {
  createRunLedger,
  parseGitDiff,
  PATCH_POLICY_DEFAULTS,
  processPatch,
  reconcileCommitted,
  retireChain,
  sanitizeArtifact,
  transitionLedgerEntry,
  type ApplyResult,
  type PatchJob,
} from '../../../src/core/patch/index.js';
import type { EventBody } from '../../../src/core/run/events.js';
import { artifactOf, modifyDiff, newFileDiff, nextPatchId, RUN, symlinkDiff } from './diff-fixtures.js';

const clock = { now: () => Date.parse('2026-01-01T00:00:00Z') };
const ok = (commit = 'c0ffee1234567'): (() => Promise<ApplyResult>) => () => Promise.resolve({ ok: true, commit, how: 'fast-forward' });

function setup() {
  const store = createMemoryLedgerStore();
  const runLedger = createRunLedger(RUN);
  return { store, runLedger, ports: { ledger: store, clock, runLedger } };
}
const job = (diff: string, over: Partial<PatchJob> = {}): PatchJob => {
  const artifact = artifactOf(diff);
  return { artifact, parsed: parseGitDiff(diff), runId: RUN, stepId: 's1', attempt: 1, chainId: `${RUN}/s1`, policy: PATCH_POLICY_DEFAULTS, origin: 'captured', ...over };
};
/** Every event is a valid run_event, once wrapped in an envelope. */
function expectValidEvents(events: readonly EventBody[]) {
  events.forEach((b, i) => {
    const checked = validateDocument('run_event', { event_id: nextPatchId(), run_id: RUN, seq: i + 2, ts: '2026-01-01T00:00:00Z', ...b });
    expect(checked.ok ? [] : checked.issues, b.type).toEqual([]);
  });
}

describe('processPatch', () => {
  it('a clean patch: created -> validated (written before apply) -> applied -> committed', async () => {
    const { store, ports, runLedger } = setup();
    const j = job(modifyDiff('src/a.ts', ['a'], ['b']));
    const out = await processPatch(ports, j, { apply: ok() });
    expect(out).toMatchObject({ status: 'committed', commit: 'c0ffee1234567' });
    expect(out.events.map((e) => e.type)).toEqual(['patch_created', 'patch_validated', 'patch_applied', 'patch_committed']);
    expect(store.writes.map((w) => w.state)).toEqual(['validated', 'committed']);
    // Only the committed entry may skip the directory fsync: the validated one must be on disk before the ref moves.
    expect(store.writes.map((w) => w.reconcilable)).toEqual([false, true]);
    const entry = store.entries.get(j.artifact.patch_id)!;
    expect(entry.state_history.map((t) => t.to)).toEqual(['created', 'validated', 'applied', 'committed']);
    expect(entry.hunk_fingerprints).toHaveLength(1);
    expect(validateDocument('patch_ledger_entry', entry).ok).toBe(true);
    expect(validateDocument('patch_artifact', store.artifacts.get(j.artifact.patch_id)).ok).toBe(true);
    expect(runLedger.index.size).toBe(1);
    expectValidEvents(out.events);
  });

  it('a violating patch is quarantined with every reason, kept in quarantine, and never applied', async () => {
    const { store, ports } = setup();
    const diff = modifyDiff('.github/workflows/ci.yml', ['a'], ['b']) + symlinkDiff('pw', '/etc/passwd') + newFileDiff('x.txt', ['1']) + newFileDiff('y.txt', ['2']);
    const out = await processPatch(ports, job(diff, { policy: { ...PATCH_POLICY_DEFAULTS, max_files_changed: 2 } }), { apply: () => Promise.reject(new Error('must not apply')) });
    expect(out.status).toBe('quarantined');
    expect(out.quarantineReason).toBe('policy_violation');
    expect(out.violations.map((v) => [v.rule, v.path])).toEqual([
      ['always_forbidden', '.github/workflows/ci.yml'],
      ['symlink_escape', 'pw'],
      ['max_files_changed', undefined],
    ]);
    const entry = store.entries.get(out.entry.patch_id)!;
    expect(entry.quarantine).toMatchObject({ reason: 'policy_violation', path: `.uet/ledger/quarantine/${entry.patch_id}.diff` });
    expect(store.quarantined.has(entry.patch_id)).toBe(true);
    expect(out.events.at(-1)).toMatchObject({ type: 'patch_quarantined', data: { quarantine_reason: 'policy_violation', paths: ['.github/workflows/ci.yml', 'pw'] } });
    expect(validateDocument('patch_ledger_entry', entry).ok).toBe(true);
    expectValidEvents(out.events);
  });

  it('a forged artifact (../outside, /etc/passwd, a false scope claim) is quarantined as forged', async () => {
    const { store, ports } = setup();
    const diff = '--- a/../outside\n+++ b/../outside\n@@ -1 +1 @@\n-a\n+b\n--- /dev/null\n+++ b//etc/passwd\n@@ -0,0 +1 @@\n+root::0:0::/:/bin/sh\n';
    const received = { patch_id: nextPatchId(), format: 'unified_diff', target_repo: '/repo', base_commit: 'abc1234', origin: { tool_id: 'evil', created_at: '2026-01-01T00:00:00Z' }, scope: { files_touched: ['README.md'], line_insertions: 1, line_deletions: 0, hunks: 1 }, diff_text: diff };
    const { artifact, violations } = sanitizeArtifact(received, nextPatchId(), '2026-01-01T00:00:00Z');
    expect(violations).toEqual([]); // its claims are valid paths: the lie is in the diff
    const out = await processPatch(ports, { ...job(diff), artifact, parsed: parseGitDiff(diff) }, { apply: () => Promise.reject(new Error('must not apply')) });
    expect(out).toMatchObject({ status: 'quarantined', quarantineReason: 'forged' });
    const rules = out.violations.map((v) => `${v.rule}:${v.path ?? ''}`);
    expect(rules).toEqual(expect.arrayContaining(['scope_mismatch:', 'path_escape:../outside', 'path_escape:/etc/passwd']));
    expect(store.quarantined.get(artifact.patch_id)?.artifact.diff_text).toBe(diff);
    expect((out.events.at(-1)!.data as { paths?: string[] }).paths).toEqual([]); // escaping paths never enter the log
    expectValidEvents(out.events);
  });

  it('a forged a/-less diff header is quarantined as forged before anything runs (git apply would write elsewhere)', async () => {
    const { store, ports } = setup();
    const diff = 'diff --git docs/infra/prod.tf docs/infra/prod.tf\nnew file mode 100644\n--- /dev/null\n+++ docs/infra/prod.tf\n@@ -0,0 +1 @@\n+x\n';
    const out = await processPatch(ports, job(diff), {
      written: () => Promise.reject(new Error('must not apply')),
      apply: () => Promise.reject(new Error('must not apply')),
    });
    expect(out).toMatchObject({ status: 'quarantined', quarantineReason: 'forged' });
    expect(out.violations.map((v) => v.rule)).toEqual(['forged_header']);
    expect(out.violations[0]!.message).toMatch(/a\/ and b\/ prefixes/);
    expect(store.quarantined.has(out.entry.patch_id)).toBe(true);
    expectValidEvents(out.events);
  });

  it('an unparsable diff, or a numstat disagreement, is rejected with the explanation', async () => {
    const { ports } = setup();
    const bad = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1 @@\n-a\n';
    const out = await processPatch(ports, job(bad), { apply: ok() });
    expect(out.status).toBe('rejected');
    expect(out.message).toMatch(/malformed hunk/);
    const mismatch = await processPatch(ports, job(modifyDiff('a', ['x'], ['y']), { rejectReason: 'the diff and git diff --numstat disagree' }), { apply: ok() });
    expect(mismatch.entry.state_history.at(-1)!.reason).toMatch(/numstat/);
  });

  it('a failed validation rejects; a failing test command quarantines; a conflict is recorded with its paths', async () => {
    const { ports } = setup();
    const rejected = await processPatch(ports, job(modifyDiff('a', ['x'], ['y'])), { verify: () => Promise.resolve({ rejected: 'validation exited with 3' }), apply: ok() });
    expect(rejected.status).toBe('rejected');
    const policy = { ...PATCH_POLICY_DEFAULTS, tests_required: 'test_command' as const };
    const tests = await processPatch(ports, job(modifyDiff('src/a', ['x'], ['y']), { policy }), { verify: (t) => Promise.resolve(t.needed ? { testCommand: { command: 'npm test', passed: false } } : {}), apply: ok() });
    expect(tests).toMatchObject({ status: 'quarantined', quarantineReason: 'policy_violation' });
    const conflict = await processPatch(ports, job(modifyDiff('a', ['x'], ['y'])), { apply: () => Promise.resolve({ ok: false, conflicts: ['a'], message: 'conflicts in a' }) });
    expect(conflict.status).toBe('conflicted');
    expect(conflict.entry.application_attempts).toEqual([expect.objectContaining({ result: 'conflicted', conflicting_paths: ['a'] })]);
    expectValidEvents([...rejected.events, ...tests.events, ...conflict.events]);
  });

  it('quarantines an oscillating patch: A, revert A, A again', async () => {
    const { ports } = setup();
    const A = modifyDiff('src/x.ts', ['v = 1'], ['v = 2']);
    const R = modifyDiff('src/x.ts', ['v = 2'], ['v = 1']);
    expect((await processPatch(ports, job(A), { apply: ok('aaaaaaa') })).status).toBe('committed');
    expect((await processPatch(ports, job(R, { chainId: `${RUN}/s2`, stepId: 's2' }), { apply: ok('bbbbbbb') })).status).toBe('committed');
    const again = await processPatch(ports, job(A, { chainId: `${RUN}/s3`, stepId: 's3' }), { apply: ok('ccccccc') });
    expect(again).toMatchObject({ status: 'quarantined', quarantineReason: 'oscillation' });
    expect(again.violations[0]!.message).toMatch(/2 flips within the run/);
  });
});

describe('processPatch: the committed entry staged while the run branch moves (a fast-forward announced in advance)', () => {
  const FF = { commit: 'c0ffee1234567', how: 'fast-forward' };
  const expected = () => FF;

  it('put in place when apply reports the announced fast-forward: same entry and events as the ordinary path', async () => {
    const staged = setup();
    const j = job(modifyDiff('src/a.ts', ['a'], ['b']));
    const out = await processPatch(staged.ports, j, { apply: ok(), expected });
    const plain = setup();
    const ref = await processPatch(plain.ports, { ...j, artifact: { ...j.artifact } }, { apply: ok() });
    expect(out).toMatchObject({ status: 'committed', commit: FF.commit });
    expect(staged.store.writes.map((w) => [w.state, w.reconcilable, w.prepared ?? false])).toEqual([
      ['validated', false, false],
      ['committed', true, true],
    ]);
    expect(staged.store.prepared.discarded).toBe(0);
    expect(out.events.map((e) => e.type)).toEqual(ref.events.map((e) => e.type));
    expect(out.events).toEqual(ref.events);
    expect(staged.store.entries.get(j.artifact.patch_id)).toEqual(out.entry);
    expect(out.entry).toEqual(ref.entry);
    expect(validateDocument('patch_ledger_entry', out.entry).ok).toBe(true);
    expect(staged.runLedger.index.size).toBe(1);
    expectValidEvents(out.events);
  });

  it('discarded when apply reports anything else: a 3-way commit, a conflict, a throw, or a validated write that failed', async () => {
    const merged = setup();
    const three = await processPatch(merged.ports, job(modifyDiff('a', ['x'], ['y'])), { apply: () => Promise.resolve({ ok: true, commit: 'fee1dead00000', how: '3-way' }), expected });
    expect(three).toMatchObject({ status: 'committed', commit: 'fee1dead00000' });
    expect(three.entry.commit).toBe('fee1dead00000'); // never the announced commit
    expect(merged.store.writes.map((w) => [w.state, w.prepared ?? false])).toEqual([['validated', false], ['committed', false]]);
    expect(merged.store.prepared.discarded).toBe(1);

    const conflicted = setup();
    const conflict = await processPatch(conflicted.ports, job(modifyDiff('a', ['x'], ['y'])), { apply: () => Promise.resolve({ ok: false, conflicts: ['a'], message: 'conflicts in a' }), expected });
    expect(conflict.status).toBe('conflicted');
    expect(conflicted.store.writes.map((w) => w.state)).toEqual(['validated', 'conflicted']);
    expect(conflicted.store.prepared.discarded).toBe(1);

    const thrown = setup();
    await expect(processPatch(thrown.ports, job(modifyDiff('a', ['x'], ['y'])), { apply: () => Promise.reject(new Error('update-ref died')), expected })).rejects.toThrow('update-ref died');
    expect(thrown.store.writes.map((w) => w.state)).toEqual(['validated']);
    expect(thrown.store.prepared.discarded).toBe(1);

    // The validated entry must be durable before the run branch moves: if its write fails, nothing is applied.
    const failing = setup();
    const store = { ...failing.store, write: () => Promise.reject(new Error('disk full')) };
    let applied = false;
    await expect(processPatch({ ...failing.ports, ledger: store }, job(modifyDiff('a', ['x'], ['y'])), { apply: () => ((applied = true), ok()()), expected })).rejects.toThrow('disk full');
    expect(applied).toBe(false);
    expect(failing.store.prepared.discarded).toBe(1);
  });
});

describe('chains across attempts and crash reconciliation', () => {
  it('a retry supersedes the unfinished patch of the failed attempt and replaces it', async () => {
    const { store, ports, runLedger } = setup();
    const first = await processPatch(ports, job(modifyDiff('a', ['x'], ['y'])), { apply: () => Promise.resolve({ ok: false, conflicts: ['a'], message: 'conflict' }) });
    const second = nextPatchId();
    const retired = await retireChain(ports, runLedger.chain(`${RUN}/s1`), second, 2);
    expect(retired.replaces).toBe(first.entry.patch_id);
    expect(retired.events).toEqual([{ type: 'patch_superseded', data: expect.objectContaining({ patch_id: first.entry.patch_id, related_patch_id: second }) }]);
    expect(store.entries.get(first.entry.patch_id)).toMatchObject({ state: 'superseded', relationships: { superseded_by: second } });
    expectValidEvents(retired.events);
  });

  it('an entry written as validated whose commit reached the run branch is reconciled to committed, once', async () => {
    const { store, ports, runLedger } = setup();
    const j = job(modifyDiff('a', ['x'], ['y']));
    await expect(processPatch(ports, j, { apply: () => Promise.reject(new Error('crash after the ledger write')) })).rejects.toThrow('crash');
    const stale = store.entries.get(j.artifact.patch_id)!;
    expect(stale.state).toBe('validated');
    const events = await reconcileCommitted(ports, stale, 'd00d1234567', runLedger.chain(`${RUN}/s1`));
    expect(events.map((e) => e.type)).toEqual(['patch_applied', 'patch_committed']);
    const entry = store.entries.get(j.artifact.patch_id)!;
    expect(entry).toMatchObject({ state: 'committed', commit: 'd00d1234567' });
    expect(entry.state_history.at(-1)!.reason).toMatch(/reconciled on resume/);
    expect(await reconcileCommitted(ports, entry, 'd00d1234567', [])).toEqual([]); // idempotent
    expect(() => transitionLedgerEntry(entry, 'applied', { at: 'x', reason: 'y' })).toThrow(/illegal/);
  });
});
