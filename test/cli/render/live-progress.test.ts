import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/cli/render/live-progress.js';
import type { RunEvent } from '../../../src/core/run/index.js';

describe('describeEvent', () => {
  it('puts the retry time of a failed attempt on its first line, not after the output tail', () => {
    const event: RunEvent = {
      event_id: '01J00000000000000000000001',
      run_id: '01J00000000000000000000000',
      seq: 5,
      ts: '2026-01-01T00:00:00.000Z',
      type: 'step_failed',
      data: {
        step_id: 'fetch',
        attempt: 1,
        attempt_id: '01J00000000000000000000002',
        error_class: 'transient_error',
        message: 'step fetch: the command exited with 75\n--- output (last lines) ---\nnetwork hiccup',
        retryable: true,
        retry_at: '2026-01-01T00:00:01.000Z',
      },
    };
    expect(describeEvent(event, 'UTC')).toBe(
      'step fetch failed (attempt 1, transient_error; retrying at 00:00:01): step fetch: the command exited with 75\n--- output (last lines) ---\nnetwork hiccup',
    );
  });

  it('shows times in local time, and says which zone once, when the run starts', () => {
    const started: RunEvent = { event_id: '01J00000000000000000000003', run_id: '01J00000000000000000000000', seq: 2, ts: '2026-07-01T10:00:00.000Z', type: 'run_started', data: {} };
    expect(describeEvent(started, 'Europe/Paris')).toBe('run 01J00000000000000000000000 started (times are local, GMT+2)');
    expect(describeEvent(started, 'America/New_York')).toBe('run 01J00000000000000000000000 started (times are local, EDT)');
    expect(describeEvent(started, 'UTC')).toBe('run 01J00000000000000000000000 started (times are local, UTC)');
  });
});
