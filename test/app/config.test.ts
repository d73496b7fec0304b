import { afterEach, describe, expect, it } from 'vitest';
import { validateAppConfig } from '../../src/app/config/validate-app-config.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup, sticky } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('.github/uet.yml', () => {
  it('is optional: without it the defaults apply', () => {
    expect(validateAppConfig(null)).toEqual({
      ok: true,
      value: expect.objectContaining({
        label: 'uet',
        workflow: 'uet.yml',
        allow_forks: false,
        allowed_bots: [],
        on_failure: 'no_pr',
      }),
    });
  });

  it('is validated by its schema, with every problem located', () => {
    const r = validateAppConfig({
      lable: 'x',
      max_parallel: 0,
      on_failure: 'merge',
      allowed_bots: ['alice'],
      workflow: '../evil.yml',
    });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.issues.map((i) => `${i.pointer} ${i.message}`).join('\n');
    expect(text).toContain('unknown key "lable"');
    expect(text).toContain('/max_parallel must be >= 1');
    expect(text).toContain('/on_failure must be equal to one of the allowed values (no_pr, draft_pr)');
    expect(text).toContain('/allowed_bots/0 must match pattern');
    expect(text).toContain('/workflow must match pattern');
  });

  it('is read from the default branch only, and its errors are posted on the pull request', async () => {
    h = await setup({ config: 'bundle: 12\nmax_parallel: many\n' });
    h.fake.state.commitFiles('feature', { '.github/uet.yml': 'bundle: uet/bundle.yaml\n' });
    await comment(h, '/uet run');
    const reply = replies(h).at(-1)!;
    expect(reply).toContain('its configuration on the default branch is invalid');
    expect(reply).toContain('/bundle: must be string');
    expect(reply).toContain('/max_parallel: must be integer');
    expect(h.runIds()).toEqual([]);
  });

  it('reports YAML syntax errors with their line', async () => {
    h = await setup({ config: 'bundle: [unclosed\n' });
    await comment(h, '/uet run');
    expect(replies(h).at(-1)).toMatch(/invalid YAML at line \d+/);
  });

  it('gives the bundle path, the workflow file, the parallelism cap and the budget cap', async () => {
    h = await setup({
      config: 'bundle: uet/bundle.yaml\nworkflow: uet.yml\nmax_parallel: 1\nbudgets: { max_cost_usd: 2.5 }\n',
    });
    await comment(h, '/uet run');
    const [runId] = h.runIds();
    const created = h.events(runId!)[0] as {
      data: { options: { max_parallel: number }; bundle: { max_cost_usd?: number } };
    };
    expect(created.data.options.max_parallel).toBe(1);
    expect(created.data.bundle.max_cost_usd).toBe(2.5);
    expect(h.fake.state.dispatches).toHaveLength(1);
  });

  it('answers when the UET workflow is missing, with what to do', async () => {
    h = await setup({ workflow: false });
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    expect(h.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
    expect(sticky(h, runId!)).toContain('npx uet bootstrap --write');
    expect(h.fake.state.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    });
  });
});
