import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import type { RouterConfig, WorkstreamBundle } from '../../../src/core/contracts/index.js';
import type { ExecutionTask } from '../../../src/core/ports.js';
import {
  createRun,
  driveRun,
  toStepAttempts,
  type RunEvent,
  type RunOptions,
} from '../../../src/core/run/index.js';
import { createHarness, expectValidEvents, runBundle } from '../../support/engine-harness.js';

const docs = (n: number, extra: Partial<WorkstreamBundle['workstreams'][number]> = {}): WorkstreamBundle => ({
  bundle_id: 'routing',
  max_parallel: 2,
  workstreams: [
    {
      ws_id: 'WS',
      kind: 'docs',
      ...extra,
      steps: Array.from({ length: n }, (_, i) => ({
        step_id: `d${i}`,
        name: `Doc ${i}`,
        context: { create_files: [`docs/adr/${i}.md`], instruction: `Write ADR ${i}.` },
      })),
    },
  ],
});

const routing = (
  config: RouterConfig,
  available = ['shell', 'claude', 'codex', 'aider'],
): Partial<RunOptions> => ({
  routing: { router_config: config, source: '.uet/router_config.json', available_tools: available },
});

const rr: RouterConfig = {
  rules: [
    {
      rule_id: 'adr',
      match: { file_patterns: ['docs/adr/**'] },
      strategy: 'round_robin',
      tools: ['claude', 'codex'],
    },
  ],
};
const decisions = (events: RunEvent[]) =>
  events.flatMap((e) => (e.type === 'route_decided' ? [`${e.data.step_id}:${e.data.tool_id}`] : []));

describe('routing in a run', () => {
  it('records route_decided and prompt_rendered before each start, and the start uses them', async () => {
    const tasks: ExecutionTask[] = [];
    const bundle = docs(2);
    bundle.workstreams[0]!.steps.push({ step_id: 'sh', context: { command: 'true' } });
    const { events, state } = await runBundle(
      bundle,
      createScriptedExecutor({ step: (t) => (tasks.push(t), { ok: true }) }),
      routing(rr),
    );
    expect(state.status).toBe('succeeded');
    for (const t of ['d0', 'd1']) {
      const at = (type: string) =>
        events.findIndex((e) => e.type === type && 'step_id' in e.data && e.data.step_id === t);
      expect(at('route_decided')).toBeGreaterThan(0);
      expect(at('prompt_rendered')).toBeGreaterThan(at('route_decided'));
      expect(at('step_started')).toBeGreaterThan(at('prompt_rendered'));
    }
    expect(decisions(events).sort()).toEqual(['d0:claude', 'd1:codex', 'sh:shell']);
    expect(events.some((e) => e.type === 'prompt_rendered' && e.data.step_id === 'sh')).toBe(false);
    const d0 = tasks.find((t) => t.node.id === 'd0')!;
    expect(d0.toolId).toBe('claude');
    expect(d0.prompt?.instance).toMatchObject({
      step_id: 'd0',
      attempt: 1,
      tool_id: 'claude',
      rendering: 'claude',
    });
    const rendered = events.find((e) => e.type === 'prompt_rendered' && e.data.step_id === 'd0');
    expect(rendered?.type === 'prompt_rendered' && rendered.data).toMatchObject({
      prompt_id: d0.prompt!.instance.prompt_id,
      prompt_hash: d0.prompt!.instance.prompt_hash,
    });
    const attempt = toStepAttempts(state).find((a) => a.step_id === 'd0')!;
    expect(attempt.route).toMatchObject({ strategy: 'round_robin', rule_id: 'adr' });
    expect(attempt.prompt?.prompt_hash).toBe(d0.prompt!.instance.prompt_hash);
    expectValidEvents(events);
  });

  it('round-robin positions come from the log, so a run killed at any event resumes with the same decisions', async () => {
    const bundle = docs(5);
    const clean = await runBundle(bundle, createScriptedExecutor(), routing(rr));
    const reference = decisions(clean.events);
    expect(reference).toEqual(['d0:claude', 'd1:codex', 'd2:claude', 'd3:codex', 'd4:claude']);
    for (let k = 2; k < clean.events.length; k++) {
      const h = createHarness();
      const runId = await createRun({ bundle, options: routing(rr), origin: { kind: 'cli' } }, h);
      h.store.failAfter = k;
      await driveRun(runId, { ...h, executor: createScriptedExecutor() }).catch(() => undefined);
      delete h.store.failAfter;
      await driveRun(runId, { ...h, executor: createScriptedExecutor() });
      const log = h.store.logs.get(runId)!;
      const last = new Map(
        log.flatMap((e) => (e.type === 'route_decided' ? [[e.data.step_id, e.data.tool_id] as const] : [])),
      );
      expect([...last].map(([s, t]) => `${s}:${t}`).sort(), `crash after ${k}`).toEqual(reference);
    }
  });

  it('falls back to the next candidate when the chosen tool breaker is open', async () => {
    const fixed: RouterConfig = { defaults: { tool_id: 'claude', fallbacks: ['codex'] } };
    const bundle = docs(3, {
      circuit_breaker: { failure_threshold: 1, half_open_after: 3600 },
      on_error: 'continue',
    });
    bundle.max_parallel = 1;
    const exec = createScriptedExecutor({
      step: (t) =>
        t.toolId === 'claude' ? { ok: false, errorClass: 'rate_limit', message: '429' } : { ok: true },
    });
    for (const s of bundle.workstreams[0]!.steps) s.resilience = { max_retries: 0 };
    const { events } = await runBundle(bundle, exec, routing(fixed));
    expect(events.some((e) => e.type === 'breaker_opened' && e.data.tool_id === 'claude')).toBe(true);
    const later = events.filter((e) => e.type === 'route_decided' && e.data.tool_id === 'codex');
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(later[0]!.type === 'route_decided' && later[0]!.data.reason).toContain(
      "claude's circuit breaker is open; fell back to codex",
    );
    expectValidEvents(events);
  });

  it('retries a routed attempt whose tool is unavailable on the next candidate; an explicit one is not retried', async () => {
    const fixed: RouterConfig = { defaults: { tool_id: 'claude', fallbacks: ['codex'] } };
    const missing = createScriptedExecutor({
      step: (t) =>
        t.toolId === 'claude'
          ? { ok: false, errorClass: 'tool_unavailable', message: 'claude: not found' }
          : { ok: true },
    });
    const { state, events } = await runBundle(docs(1), missing, routing(fixed));
    expect(state.status).toBe('succeeded');
    expect(missing.calls).toEqual(['d0#1', 'd0#2']);
    expect(decisions(events)).toEqual(['d0:claude', 'd0:codex']);
    expect(state.routing?.unavailable.has('claude')).toBe(true);

    const explicit = docs(1);
    explicit.workstreams[0]!.steps[0]!.tool_profile_id = 'claude';
    const again = await runBundle(
      explicit,
      createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'tool_unavailable', message: 'x' }) }),
      routing(fixed),
    );
    expect(again.state.status).toBe('failed');
    expect(decisions(again.events)).toEqual(['d0:claude']);
  });

  it('never flips between unusable tools: with none available the step starts once and fails tool_unavailable', async () => {
    const exec = createScriptedExecutor({
      step: () => ({ ok: false, errorClass: 'tool_unavailable', message: 'not installed' }),
    });
    const { state, events } = await runBundle(
      docs(2, { on_error: 'continue' }),
      exec,
      routing(rr, ['shell']),
    );
    expect(state.status).toBe('failed');
    expect(decisions(events)).toEqual(['d0:claude', 'd1:codex']);
    expect(exec.calls.sort()).toEqual(['d0#1', 'd1#1']);
  });

  it('skips tools that were not found when the run was created', async () => {
    const { events } = await runBundle(docs(2), createScriptedExecutor(), routing(rr, ['shell', 'codex']));
    expect(decisions(events)).toEqual(['d0:codex', 'd1:codex']);
  });
});
