import { afterEach, describe, expect, it } from 'vitest';
import { createCheckRun } from '../../src/adapters/github/check-runs.js';
import type { AppHarness } from './support/app-harness.js';
import { done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';

let h: (AppHarness & { headSha: string }) | undefined;
afterEach(() => done(h));

describe('check runs', () => {
  it('send annotations 50 per request and at most 3 actions', async () => {
    h = await setup();
    const scope = await scopeFor(h);
    h.fake.mark();
    const annotations = Array.from({ length: 120 }, (_v, i) => ({
      path: `f${i}.ts`,
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure' as const,
      message: 'x',
    }));
    const actions = Array.from({ length: 5 }, (_v, i) => ({
      label: `A${i}`,
      description: 'd',
      identifier: `a${i}`,
    }));
    await createCheckRun(scope.gh, scope.repo, {
      name: 'UET run',
      headSha: h.headSha,
      externalId: 'x',
      status: 'completed',
      conclusion: 'failure',
      title: 't',
      summary: 's',
      annotations,
      actions,
    });
    const sent = h.fake.requests().map((r) => r.body?.output?.annotations?.length ?? 0);
    expect(sent).toEqual([50, 50, 20]);
    expect(h.fake.state.checkRuns[0]!.actions).toHaveLength(3);
    expect(h.fake.state.checkRuns[0]!.output.annotations_count).toBe(120);
  });
});
