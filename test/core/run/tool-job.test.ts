import { describe, expect, it } from 'vitest';
import { applyEvent, buildRunCreated, fold, materializeStart, toolJobOf, toolJobOfTool } from '../../../src/core/run/index.js';

const RUN = '01JQ8A00000000000000000000';
const created = buildRunCreated(
  RUN,
  {
    bundle: {
      bundle_id: 'b',
      workstreams: [
        {
          ws_id: 'w',
          steps: [
            { step_id: 'sh', tool_profile_id: 'shell', context: { command: 'true' } },
            { step_id: 'ai', context: { instruction: 'Write the notes' } },
            { step_id: 'fast', tool_profile_id: 'quick', context: { instruction: 'Fix it' } },
          ],
          test_gates: [{ gate_id: 'unit', type: 'GATE_TEST', command: 'true' }],
        },
      ],
    },
    options: {
      max_parallel: 3,
      routing: {
        source: '.uet/router_config.json',
        available_tools: ['shell', 'codex', 'quick'],
        router_config: { version: '1.0.0', tools: { quick: { kind: 'tool', adapter: 'aider' } }, defaults: { strategy: 'fixed', tool_id: 'codex' } },
      },
    },
    origin: { kind: 'cli' },
  },
  '2026-01-01T00:00:00.000Z',
  '01JEV00000000000000000000A',
);

describe('toolJobOf: the tool job a dispatch names', () => {
  it('maps each tool to the job of the adapter that drives it: AI tools to their own job, everything else to none', () => {
    const config = { tools: { quick: { kind: 'tool' as const, adapter: 'aider' } } };
    expect(['claude', 'codex', 'aider', 'quick', 'shell', 'my-adapter'].map((t) => toolJobOfTool(config, t))).toEqual(['claude', 'codex', 'aider', 'aider', 'none', 'none']);
  });

  it('reads the route the log records for a step (route_decided), and gives gates none', () => {
    const state = fold([created]);
    let seq = state.seq;
    for (const id of ['sh', 'ai', 'fast'])
      for (const body of materializeStart(state, { nodeId: id, attempt: 1 }, Date.parse('2026-01-01T00:00:01Z')))
        applyEvent(state, { event_id: `01JEV0000000000000000000${String(++seq).padStart(2, '0')}`, run_id: RUN, seq, ts: '2026-01-01T00:00:01.000Z', ...body });
    expect(toolJobOf(state, 'sh')).toBe('none');
    expect(toolJobOf(state, 'ai')).toBe('codex'); // routed by the run's router_config defaults
    expect(toolJobOf(state, 'fast')).toBe('aider'); // an alias of aider
    expect(toolJobOf(state, 'gate:w:unit')).toBe('none');
    expect(toolJobOf(state, 'nope')).toBe('none');
  });
});
