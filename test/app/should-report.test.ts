import { describe, expect, it } from 'vitest';
import type { RunEvent, RunState } from '../../src/core/run/index.js';
import { EVERY_STEP_UP_TO, shouldReport, STRETCHES } from '../../src/app/run/should-report.js';
import type { FinishedAttempt } from '../../src/app/run/failed-attempt-events.js';

/** A state of `total` nodes of which the first `done` have succeeded (the rest pending), as fold gives it. */
function state(total: number, done: number, failed: readonly string[] = []): RunState {
  const nodes = new Map(
    Array.from({ length: total }, (_v, i) => {
      const id = `n${i + 1}`;
      return [id, { state: failed.includes(id) ? 'failed' : i < done ? 'succeeded' : 'pending' }];
    }),
  );
  return { nodes } as unknown as RunState;
}
const ended = (...ids: string[]): FinishedAttempt[] => ids.map((nodeId) => ({ nodeId, attempt: 1, conclusion: 'success' }));
const event = (type: string) => ({ type }) as unknown as RunEvent;

describe('shouldReport: when an advance edits the sticky progress comment', () => {
  it('edits once per fifth of a 51-node run: 4 edits over its 50 completions before the end', () => {
    const edits: number[] = [];
    for (let done = 1; done < 51; done++)
      if (shouldReport(state(51, done), [], ended(`n${done}`))) edits.push(done);
    expect(STRETCHES).toBe(5);
    expect(edits).toEqual([11, 21, 31, 41]);
  });

  it('two completions handled in one advance that cross a fifth between them still edit it', () => {
    expect(shouldReport(state(51, 11), [], ended('n10', 'n11'))).toBe(true);
    expect(shouldReport(state(51, 13), [], ended('n12', 'n13'))).toBe(false);
  });

  it('a run of up to ten nodes edits it at every completion; from eleven on, per fifth', () => {
    for (const total of [1, 5, 7, EVERY_STEP_UP_TO])
      for (let done = 1; done <= total; done++)
        expect(shouldReport(state(total, done), [], ended(`n${done}`))).toBe(true);
    const edits = Array.from({ length: 10 }, (_v, i) => i + 1).filter((done) =>
      shouldReport(state(11, done), [], ended(`n${done}`)),
    );
    expect(edits).toEqual([3, 5, 7, 9]);
  });

  it('a step that failed for good and the notable events edit it at once, between two fifths', () => {
    expect(shouldReport(state(51, 12, ['n13']), [], ended('n13'))).toBe(true);
    for (const type of ['run_paused', 'run_resumed', 'run_cancel_requested', 'run_completed', 'breaker_opened', 'budget_exceeded', 'step_blocked'])
      expect(shouldReport(state(51, 12), [event(type)], [])).toBe(true);
    expect(shouldReport(state(51, 12), [event('step_started')], [])).toBe(false);
  });
});
