import { describe, expect, it } from 'vitest';
import { forkRunRef, recordedRunBranch, runRef, stepRef } from '../../../src/core/run/index.js';

const RUN = '01KANZHJJ08AV9KT9MF4BWS95T';

describe('runRef', () => {
  it('a run of the repository own code uses the branch uet/run/<run_id>', () => {
    expect(runRef(RUN, { run_branch: recordedRunBranch(RUN, false) })).toBe(`refs/heads/uet/run/${RUN}`);
    expect(runRef(RUN, {})).toBe(`refs/heads/uet/run/${RUN}`);
    expect(stepRef(RUN, 's1', {})).toBe(`refs/heads/uet/step/${RUN}/s1`);
  });

  it('a fork run never names a branch: its run and step refs are outside refs/heads and refs/tags', () => {
    for (const options of [{ run_branch: recordedRunBranch(RUN, true), fork: true }, { fork: true }]) {
      expect(runRef(RUN, options)).toBe(forkRunRef(RUN));
      expect(runRef(RUN, options)).not.toMatch(/^refs\/(heads|tags)\//);
      expect(stepRef(RUN, 's1', options)).toBe(`refs/uet/fork-runs/${RUN}-step/s1`);
    }
    // A fork run whose options claim a branch name still stays off refs/heads.
    expect(runRef(RUN, { run_branch: `uet/run/${RUN}`, fork: true })).toBe(forkRunRef(RUN));
  });
});
