import { describe, expect, it } from 'vitest';
import { resolveRunId } from '../../src/cli/local/open-run.js';
import { UsageError } from '../../src/core/errors.js';

const RUNS = ['01KAP0AAAAAAAAAAAAAAAAAAAA', '01KAP0BBBBBBBBBBBBBBBBBBBB', '01KAP1CCCCCCCCCCCCCCCCCCCC'];

describe('resolveRunId', () => {
  it('takes a full id, or a prefix of exactly one run in any case', () => {
    expect(resolveRunId(RUNS[1]!, RUNS, '/repo')).toBe(RUNS[1]);
    expect(resolveRunId('01KAP1', RUNS, '/repo')).toBe(RUNS[2]);
    expect(resolveRunId('01kap0b', RUNS, '/repo')).toBe(RUNS[1]);
  });

  it('refuses a prefix of several runs, naming them, and one of none', () => {
    expect(() => resolveRunId('01KAP0', RUNS, '/repo')).toThrow(UsageError);
    expect(() => resolveRunId('01KAP0', RUNS, '/repo')).toThrow(
      `run 01KAP0 is ambiguous in /repo: it starts 2 runs (${RUNS[0]}, ${RUNS[1]}); give more characters`,
    );
    expect(() => resolveRunId('01KAQ', RUNS, '/repo')).toThrow('unknown run 01KAQ in /repo (see `uet runs`)');
    expect(() => resolveRunId('', RUNS, '/repo')).toThrow('unknown run  in /repo');
  });
});
