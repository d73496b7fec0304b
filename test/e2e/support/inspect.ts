import { afterEach, beforeAll, expect, vi } from 'vitest';
import type { E2E } from './e2e-harness.js';
import { ensureDist } from './ensure-dist.js';
import type { CheckRun, PullRequest } from '../../support/github-routes/index.js';

export interface RunCommit {
  readonly sha: string;
  readonly message: string;
  readonly files: string[];
}

/** The commits on `uet/run/<run_id>` since `base`, oldest first, with their messages and changed files. */
export async function runBranchCommits(e: E2E, runId: string, base: string): Promise<RunCommit[]> {
  const shas = (await e.sim.git.run(['rev-list', '--reverse', `${base}..refs/heads/uet/run/${runId}`])).stdout
    .split('\n')
    .filter(Boolean);
  return Promise.all(
    shas.map(async (sha) => ({
      sha,
      message: (await e.sim.git.run(['log', '-1', '--format=%B', sha])).stdout,
      files: (await e.sim.git.run(['diff-tree', '--no-commit-id', '--name-only', '-r', sha])).stdout
        .split('\n')
        .filter(Boolean),
    })),
  );
}

export const checksNamed = (e: E2E, name: string): CheckRun[] =>
  e.sim.state.checkRuns.filter((c) => c.name === name);

export const resultPr = (e: E2E, runId: string): PullRequest | undefined =>
  [...e.sim.state.pulls.values()].find((p) => p.head.ref === `uet/run/${runId}`);

/** The app's dispatches (workflow runs it started) and the runner's, by node id. */
export const dispatchedNodes = (e: E2E) => e.sim.state.workflowRuns.map((w) => w.inputs.step_id!).sort();

/**
 * The lifecycle of an e2e test file: the action bundle is built if its sources changed (the runners run dist/), and each test's
 * world is closed after it, asserting that GitHub's REST description was never broken by the app or a runner.
 * Tests get 3 minutes.
 */
export function useE2E(): { get: () => E2E; set: (e: E2E) => E2E } {
  let current: E2E | undefined;
  // Real processes on 2 shared cores: a run takes 5–30 s, more while other suites run.
  vi.setConfig({ testTimeout: 180_000 });
  beforeAll(ensureDist, 60_000);
  afterEach(async () => {
    const e = current;
    current = undefined;
    if (!e) return;
    await e.close();
    expect(e.sim.violations).toEqual([]);
  });
  return {
    get: () => current!,
    set: (e) => (current = e),
  };
}
