import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/bundle/index.js';
import { buildRunStatus, fold, type RunEvent } from '../../src/core/run/index.js';
import { buildRunCheck } from '../../src/app/run/build-run-check.js';
import { renderProgress } from '../../src/app/render/render-progress.js';
import { renderPlan } from '../../src/app/render/render-plan.js';
import { BODY_LIMIT, cell, fitBody } from '../../src/app/render/markdown.js';

function bigRun(steps: number) {
  const bundle = {
    bundle_id: 'big',
    workstreams: [
      {
        ws_id: 'w',
        steps: Array.from({ length: steps }, (_v, i) => ({
          step_id: `step-with-a-long-name-${i}`,
          name: `A step whose name is long enough to matter ${i}`,
        })),
      },
    ],
  };
  const created = {
    event_id: '01J0000000000000000000000A',
    run_id: '01J0000000000000000000000B',
    seq: 1,
    ts: '2026-01-01T00:00:00.000Z',
    type: 'run_created',
    data: {
      bundle_id: 'big',
      bundle_hash: 'sha256:0',
      bundle,
      options: { max_parallel: 4, skip_workstreams: [] },
      origin: { kind: 'github_comment', sha: 'a'.repeat(40), pr_number: 1 },
    },
  } as unknown as RunEvent;
  return { state: fold([created]), events: [created], bundle };
}

describe('GitHub size limits', () => {
  it('keeps the sticky comment, the run check summary and the plan reply within 65,535 characters', () => {
    const { state, events, bundle } = bigRun(2000);
    const view = buildRunStatus(state, Date.parse('2026-01-01T00:01:00Z'));
    expect(renderProgress(state, view).length).toBeLessThanOrEqual(BODY_LIMIT - 100);
    const check = buildRunCheck(
      state,
      events,
      view,
      Array.from({ length: 120 }, (_v, i) => ({ path: `f${i}`, message: 'forbidden' })),
    );
    expect(check.summary.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(check.annotations).toHaveLength(120); // sent 50 per request by createCheckRun/updateCheckRun
    const built = buildPlan(bundle);
    expect(
      built.ok && renderPlan(built.plan, { path: 'b.yaml', sha: 'a'.repeat(40) }).length,
    ).toBeLessThanOrEqual(BODY_LIMIT);
  });

  it('cuts late sections first and says so', () => {
    const out = fitBody(['head', 'x'.repeat(40_000), 'y'.repeat(40_000)]);
    expect(out.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(out.startsWith('head')).toBe(true);
    expect(out).toContain('cut to fit');
  });

  it('defuses user text in table cells', () => {
    expect(cell('a|b\n@alice fixes #12 <script>')).toBe('a\\|b @\u200balice fixes #\u200b12 &lt;script&gt;');
  });
});
