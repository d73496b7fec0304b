import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/bundle/index.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { buildPlanReport, checkRunTools, findUnknownTools, namedToolsOfBundle, renderMermaid } from '../../../src/core/run/index.js';
import { bundleOf } from '../../support/engine-harness.js';

function bundle(tool = 'claude'): WorkstreamBundle {
  return bundleOf([{ id: 'a', cost: 0.25 }], {
    test_gates: [{ gate_id: 'unit', type: 'GATE_TEST', command: 'npm test', on_failure: { repair: { tool_profile_id: tool, max_attempts: 2, estimate_cost_usd: 0.5 } } }],
  });
}

const planOf = (b: WorkstreamBundle) => {
  const built = buildPlan(b);
  if (!built.ok) throw new Error(JSON.stringify(built.issues));
  return built.plan;
};

describe('a repair loop in the plan', () => {
  it('is listed with its gate, not as steps of the waves, and its worst-case cost is stated apart', () => {
    const r = buildPlanReport(planOf(bundle()));
    expect(r.steps).toBe(1);
    expect(r.waves.flat()).not.toContain('WS.unit.repair-1');
    expect(r.gate_list[0]!.repair).toEqual({
      tool_id: 'claude',
      max_attempts: 2,
      step_ids: ['WS.unit.repair-1', 'WS.unit.repair-2'],
      instruction: expect.stringContaining('`npm test` exits 0'),
      estimate_cost_usd_each: 0.5,
    });
    expect(r.budget).toMatchObject({ estimated_cost_usd: 0.25, repair_cost_usd_max: 1 });
  });

  it('is drawn in Mermaid as one node beside its gate, with dotted edges there and back', () => {
    const text = renderMermaid(planOf(bundle()));
    expect(text).toContain('n_gate_WS_unit -. fails .-> n_WS_unit_repair_1');
    expect(text).toContain('n_WS_unit_repair_1 -. runs again .-> n_gate_WS_unit');
    expect(text).toContain('n_WS_unit_repair_1[/"repair unit: claude, up to 2x"/]');
    expect(text).not.toContain('repair_2'); // one node for the loop
    // Coloured by its latest round: the second, which failed.
    const states = new Map([['WS.unit.repair-1', 'succeeded' as const], ['WS.unit.repair-2', 'failed' as const]]);
    expect(renderMermaid(planOf(bundle()), states)).toMatch(/class [^\n]*n_WS_unit_repair_1[^\n]* failed/);
  });

  it("names an unknown repair tool at its pointer, and an unavailable one as a step that cannot run", () => {
    expect(findUnknownTools(namedToolsOfBundle(bundle('nope')), undefined, 'built-in')).toEqual([
      { pointer: '/workstreams/0/test_gates/0/on_failure/repair/tool_profile_id', message: expect.stringContaining('the repair of gate unit: unknown tool "nope"') },
    ]);
    const routing = { router_config: { meta_version: 'router_config.v1', defaults: { strategy: 'fixed' as const, tool: 'shell' } }, source: 'built-in', available_tools: ['shell'] };
    const check = checkRunTools(planOf(bundle('codex')), routing as never, { codex: 'not installed' });
    expect(check.steps).toBe(1);
    expect(check.unusable).toEqual([{ step_id: 'WS.unit.repair-1', tool_id: 'codex', reason: expect.stringContaining('codex') }]);
  });
});
