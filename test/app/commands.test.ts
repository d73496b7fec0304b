import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup, sticky } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('/uet commands', () => {
  it('plan: replies with waves, critical path, routing, budget, gates and the DAG, and dispatches nothing', async () => {
    h = await setup();
    await comment(h, '/uet plan uet/bundle.yaml');
    const reply = replies(h).at(-1)!;
    expect(reply).toContain('### UET plan — Demo bundle');
    expect(reply).toContain('dry run: nothing was dispatched');
    expect(reply).toMatch(/Critical path/);
    expect(reply).toContain('#### Routing');
    expect(reply).toContain('`gate:code:unit`');
    expect(reply).toContain('```mermaid\nflowchart TD');
    expect(h.fake.state.dispatches).toEqual([]);
    expect(h.runIds()).toEqual([]);
    expect(h.fake.state.comments.length).toBe(1);
  });

  it('help, and `/uet` alone: the command table', async () => {
    h = await setup();
    await comment(h, '/uet help');
    await comment(h, '/uet');
    expect(replies(h)).toHaveLength(2);
    for (const r of replies(h)) expect(r).toContain('| `/uet plan [<bundle-path>]` |');
  });

  it.each([
    ['/uet deploy', 'unknown command `deploy`'],
    ['/uet run a.yaml b.yaml', 'unexpected argument `b.yaml`'],
    ['/uet run --max-parallel zero', '`--max-parallel` needs a whole number'],
    ['/uet run --force', 'unknown option `--force`'],
    ['/uet run ../../etc/passwd', 'is not a repository path'],
    ['/uet status now', '`/uet status` takes no arguments'],
    ['/uet retry $(whoami)', 'is not a step id'],
    ['/uet retry a b', 'takes at most one step id'],
  ])('%s gets a helpful reply, never silence', async (body, message) => {
    h = await setup();
    await comment(h, body);
    const reply = replies(h).at(-1)!;
    expect(reply).toContain(message);
    expect(reply).toContain('**UET commands**');
    expect(h.fake.state.dispatches).toEqual([]);
  });

  it('status: the latest run of the pull request, or a hint when there is none', async () => {
    h = await setup();
    await comment(h, '/uet status');
    expect(replies(h).at(-1)).toContain('No UET run here yet');
    await comment(h, '/uet run uet/bundle.yaml');
    await comment(h, '/uet status');
    expect(replies(h).at(-1)).toMatch(/### UET run `[0-9A-Z]{26}` — 🔄 running/);
    expect(replies(h).at(-1)).toContain('`d1` — 🔄 running');
  });

  it('cancel: records the cancel, cancels the running workflow runs, and ends the run when they end', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    await comment(h, '/uet cancel', { sender: 'alice' });
    expect(h.events(runId!).map((e) => e.type)).toContain('run_cancel_requested');
    expect(h.fake.state.canceledRuns).toHaveLength(2);
    await h.finish('d1', 1, { ok: false, crash: true, conclusion: 'cancelled' });
    await h.finish('c1', 1, { ok: false, crash: true, conclusion: 'cancelled' });
    const events = h.events(runId!);
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'canceled' } });
    expect(h.fake.state.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
    expect(sticky(h, runId!)).toContain('🚫 canceled');
    expect(h.fake.state.refs.has(`refs/uet/active/pr-7/${runId}`)).toBe(false);
    expect(h.fake.state.dispatches).toHaveLength(2);
    await comment(h, '/uet cancel');
    expect(replies(h).at(-1)).toContain('No active UET run here to cancel.');
  });

  it('retry: a running run is left alone; a finished one runs again as a new run of its recorded bundle', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml --skip-workstream docs');
    const [first] = h.runIds();
    await comment(h, '/uet retry');
    expect(replies(h).at(-1)).toContain('is still running');
    await h.finish('c1', 1, { ok: false, errorClass: 'permanent', message: 'the tool gave up' });
    expect(h.events(first!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
    await comment(h, '/uet retry c1');
    const runs = h.runIds();
    expect(runs).toHaveLength(2);
    const second = runs.find((r) => r !== first)!;
    expect(h.events(second)[0]).toMatchObject({
      type: 'run_created',
      data: { options: { skip_workstreams: ['docs'] } },
    });
    await comment(h, '/uet retry nosuchstep');
    expect(replies(h).at(-1)).toContain('has no step `nosuchstep`');
  });

  it('run on a plain issue points to the label', async () => {
    h = await setup();
    await comment(h, '/uet run', { issue: 12 });
    expect(replies(h, 12).at(-1)).toContain('add the `uet` label');
  });
});
