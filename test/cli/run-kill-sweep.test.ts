import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, git } from '../adapters/helpers/temp-repo.js';
import type { StopPoint } from '../support/kill-sweep/git-wrapper.js';
import { describePoint, runKillPoint, type Reference } from '../support/kill-sweep/run-kill-point.js';
import { SWEEP_FILES, SWEEP_STEPS, writeSweepBundle } from '../support/kill-sweep/sweep-bundle.js';
import { repoRoot } from './run-uet.js';

/**
 * The bounded part of the kill sweep (the full one is `npm run sweep:kill`): the real `uet run` is killed with its
 * process group inside real git operations, with git's locks held, and at event boundaries; `uet resume` must then
 * end with the reference tree, every step integrated once, every lock the kill left recorded as recovered, none left,
 * and `git fsck` clean.
 */
const POINTS: StopPoint[] = [
  { kind: 'ref', nth: 1, refs: 'refs/heads/uet/run/' }, // issue 20: the run branch's update-ref, its .lock held
  { kind: 'ref', nth: 2, refs: 'refs/heads/uet/step/' }, // a step's worktree or commit, with its worktree's locks
  { kind: 'event', events: 3 },
  { kind: 'event', events: 20 },
];

describe('kill -9 inside git and between events, then uet resume (real uet, real git)', () => {
  let reference: Reference;
  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
    // The reference result without running UET: the base tree plus the six files the steps write.
    const expected = await createTempRepo({ 'README.md': 'hello\n', ...SWEEP_FILES });
    reference = { tree: await git(expected, 'rev-parse', 'HEAD^{tree}'), steps: SWEEP_STEPS, events: 0, refTransactions: 0 };
  }, 300_000);

  const bundle = writeSweepBundle(2);
  it.each(POINTS.map((p) => [describePoint(p), p] as const))('killed %s, the resume ends with the reference result', async (_, stop) => {
    const r = await runKillPoint(bundle, reference, stop);
    expect(r.problems, `${r.point}: ${r.where}`).toEqual([]);
    if (stop.kind === 'ref') expect(r.recovered.length, r.where).toBeGreaterThan(0);
    if (stop.kind === 'ref' && stop.refs === 'refs/heads/uet/run/') {
      const lock = r.recovered.find((p) => /\/refs\/heads\/uet\/run\/\w+\.lock$/.test(p));
      expect(lock, r.where).toBeDefined();
      expect(r.stderr).toContain(`uet: recovered: stale git lock ${lock} (refs/heads/uet/run/`); // the user is told
    }
  }, 240_000);
});
