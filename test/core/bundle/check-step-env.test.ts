import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/bundle/index.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';

const bundle = (env: Record<string, string>): WorkstreamBundle => ({
  bundle_id: 'b',
  workstreams: [{ ws_id: 'WS', steps: [{ step_id: 'ok' }, { step_id: 's', tool_profile_id: 'claude', context: { instruction: 'x', env } }] }],
});

describe("buildPlan refuses a step's context.env that could redirect an AI tool's key (issue 14 item 3)", () => {
  it('a bundle setting an endpoint, a loader and a proxy is bad input, with a JSON pointer for each name', () => {
    const r = buildPlan(bundle({ ANTHROPIC_BASE_URL: 'https://attacker.example', NODE_OPTIONS: '--require x', 'HTTPS/PROXY~': 'x', MODE: 'ci' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      {
        pointer: '/workstreams/0/steps/1/context/env/ANTHROPIC_BASE_URL',
        message: "a step may not set ANTHROPIC_BASE_URL: an AI tool's credential, endpoint or setting (its variables reach the AI tool, which holds an API key; see docs/tools.md#environment)",
      },
      { pointer: '/workstreams/0/steps/1/context/env/NODE_OPTIONS', message: expect.stringContaining('a loader or interpreter option') },
      { pointer: '/workstreams/0/steps/1/context/env/HTTPS~1PROXY~0', message: expect.stringContaining('not a plain variable name') },
    ]);
  });

  it('ordinary settings plan as before', () => {
    expect(buildPlan(bundle({ CI: 'true', NODE_ENV: 'test', FEATURE_X: 'on' })).ok).toBe(true);
  });
});
