import { describe, expect, it } from 'vitest';
import type { RouterConfig } from '../../../src/core/contracts/index.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import {
  BUILT_IN_ROUTER_CONFIG,
  buildRuleOrder,
  NO_TOOL,
  routeStep,
  type BreakerView,
  type RouteEnv,
  type RouteRequest,
} from '../../../src/core/router/index.js';

const request = (extra: Partial<RouteRequest> = {}): RouteRequest => ({
  stepId: 's1',
  taskKind: 'docs',
  riskTier: 'low',
  complexity: 'low',
  paths: ['docs/adr/0001.md'],
  hasCommand: false,
  hasInstruction: true,
  ...extra,
});

function env(
  o: {
    open?: string[];
    halfOpen?: string[];
    missing?: string[];
    rr?: Record<string, number>;
    budget?: number;
  } = {},
): RouteEnv {
  return {
    breaker: (t): BreakerView =>
      o.open?.includes(t) ? 'open' : o.halfOpen?.includes(t) ? 'half_open' : 'closed',
    isAvailable: (t) => !o.missing?.includes(t),
    roundRobinCount: (k) => o.rr?.[k] ?? 0,
    ...(o.budget !== undefined ? { budgetRemainingUsd: o.budget } : {}),
  };
}

const config: RouterConfig = {
  tools: {
    cheap: { kind: 'tool', adapter: 'codex', cost_tier: 'low', capabilities: ['docs'] },
    off: { kind: 'tool', enabled: false },
  },
  rules: [
    {
      rule_id: 'adr',
      priority: 300,
      match: { task_kind: 'docs', file_patterns: ['docs/adr/**'] },
      strategy: 'round_robin',
      tools: ['claude', 'codex', 'aider'],
    },
    { rule_id: 'risky', priority: 200, match: { risk_tier: ['high', 'critical'] }, tools: ['claude'] },
    {
      rule_id: 'md',
      priority: 100,
      match: { file_patterns: ['*.md'] },
      strategy: 'auto',
      tools: ['claude', 'aider', 'cheap'],
    },
    { rule_id: 'disabled-only', priority: 400, match: { domain: 'x' }, tools: ['off'] },
  ],
  defaults: { tool_id: 'aider', fallbacks: ['claude'] },
};

describe('routeStep', () => {
  it('lets an explicit tool_profile_id win, without routing', () => {
    expect(routeStep(config, request({ explicitTool: 'shell' }), env({ open: ['shell'] }))).toEqual({
      toolId: 'shell',
      strategy: 'explicit',
      reason: 'the step names its tool (tool_profile_id shell)',
      candidates: ['shell'],
    });
  });

  it('sends a step with a command and no instruction to shell', () => {
    expect(routeStep(config, request({ hasCommand: true, hasInstruction: false }), env()).toolId).toBe(
      'shell',
    );
  });

  it('round_robin rotates by the position folded from the run, skipping an open breaker', () => {
    const picks = [0, 1, 2, 3].map((n) => routeStep(config, request(), env({ rr: { adr: n } })).toolId);
    expect(picks).toEqual(['claude', 'codex', 'aider', 'claude']);
    const d = routeStep(config, request(), env({ rr: { adr: 1 }, open: ['codex'] }));
    expect(d).toMatchObject({
      toolId: 'aider',
      strategy: 'round_robin',
      ruleId: 'adr',
      candidates: ['claude', 'codex', 'aider'],
    });
    expect(d.reason).toContain("codex's circuit breaker is open; fell back to aider");
  });

  it('matches by priority, risk tier and file patterns (basename globs match anywhere)', () => {
    expect(routeStep(config, request({ riskTier: 'high', paths: ['src/auth/x.py'] }), env())).toMatchObject({
      toolId: 'claude',
      ruleId: 'risky',
    });
    expect(routeStep(config, request({ paths: ['guide/intro.md'] }), env())).toMatchObject({
      ruleId: 'md',
      strategy: 'auto',
    });
  });

  it('auto prefers capability, then the cheapest cost tier, among tools that fit the remaining budget', () => {
    const d = routeStep(config, request({ paths: ['a.md'] }), env());
    expect(d.toolId).toBe('cheap');
    expect(d.reason).toContain('capable of docs, cost tier low');
    expect(routeStep(config, request({ paths: ['a.md'] }), env({ missing: ['cheap'] })).toolId).toBe('aider');
    // Only free tools fit a budget of 0.05; none of these does, so the cheapest usable one is taken and said so.
    expect(routeStep(config, request({ paths: ['a.md'] }), env({ budget: 0.05 })).reason).toContain(
      'no candidate fits the remaining budget',
    );
    expect(
      routeStep(config, request({ paths: ['a.md'] }), env({ budget: 0.6, missing: ['cheap'] })).toolId,
    ).toBe('aider');
  });

  it('fixed falls back in order on an unavailable tool or an open breaker, then to a half-open trial', () => {
    const fixed: RouterConfig = { defaults: { tool_id: 'claude', fallbacks: ['codex', 'aider'] } };
    const r = request({ taskKind: 'code_edit', paths: ['src/a.ts'] });
    expect(routeStep(fixed, r, env({ missing: ['claude'] })).toolId).toBe('codex');
    expect(routeStep(fixed, r, env({ missing: ['claude'], open: ['codex'] })).toolId).toBe('aider');
    expect(routeStep(fixed, r, env({ open: ['claude', 'codex', 'aider'], halfOpen: [] })).toolId).toBe(
      'claude',
    );
    expect(routeStep(fixed, r, env({ open: ['claude', 'aider'], halfOpen: ['codex'] })).reason).toContain(
      'codex gets the half-open trial',
    );
  });

  it('passes over rules whose tools are all disabled, then uses the defaults', () => {
    const d = routeStep(config, request({ domain: 'x', taskKind: 'code_edit', paths: ['src/a.ts'] }), env());
    expect(d).toMatchObject({ toolId: 'aider', strategy: 'fixed', candidates: ['aider', 'claude'] });
    expect(d.reason).toMatch(/^no rule matched; defaults/);
  });

  it('without a match or defaults, a command step goes to shell and any other step to no tool', () => {
    const bare: RouterConfig = {
      rules: [{ rule_id: 'x', match: { task_kind: 'testing' }, tools: ['codex'] }],
    };
    expect(routeStep(bare, request({ hasCommand: true }), env()).toolId).toBe('shell');
    const none = routeStep(bare, request(), env());
    expect(none.toolId).toBe(NO_TOOL);
    expect(none.reason).toContain('router_config has no usable defaults');
  });

  it('the built-in config takes the first available of claude, codex and aider', () => {
    expect(routeStep(BUILT_IN_ROUTER_CONFIG, request(), env()).toolId).toBe('claude');
    expect(routeStep(BUILT_IN_ROUTER_CONFIG, request(), env({ missing: ['claude', 'codex'] })).toolId).toBe(
      'aider',
    );
    expect(validateDocument('router_config', BUILT_IN_ROUTER_CONFIG).ok).toBe(true);
  });

  it("converts seed 2's legacy routes: route-<i>, priority by name, after rules of equal priority", () => {
    const legacy: RouterConfig = {
      rules: [{ rule_id: 'mine', priority: 200, tools: ['claude'] }],
      routes: [
        { task_kind: 'docs', file_patterns: ['*.md', 'docs/**'], tools: ['aider'], priority: 'high' },
        { task_kind: 'testing', tools: ['pytest'], priority: 'critical' },
        { task_kind: 'code_edit', tools: ['aider', 'cursor'] },
      ],
    };
    expect(validateDocument('router_config', legacy).ok).toBe(true);
    expect(buildRuleOrder(legacy).map((r) => [r.rule_id, r.priority])).toEqual([
      ['route-2', 300],
      ['mine', 200],
      ['route-1', 200],
      ['route-3', 100],
    ]);
    expect(buildRuleOrder(legacy)[2]).toEqual({
      rule_id: 'route-1',
      priority: 200,
      match: { task_kind: 'docs', file_patterns: ['*.md', 'docs/**'] },
      strategy: 'fixed',
      tools: ['aider'],
    });
  });
});
