import { afterEach, describe, expect, it } from 'vitest';
import { claimTrigger } from '../../src/adapters/github/claim-trigger.js';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import { createUlidSource } from '../../src/adapters/ulid-source.js';
import { checkRunEvent } from '../fixtures/github/webhook-payloads.js';
import { APP_ID, repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';

let h: (AppHarness & { mainSha: string }) | undefined;
afterEach(() => done(h));

const NIGHTLY = `bundle_id: nightly
bundle_name: Nightly sweep
workstreams:
  - ws_id: sweep
    steps:
      - { step_id: s1, tool_profile_id: shell, context: { command: make sweep } }
`;
const CONFIG = `schedules:
  - { id: nightly, cron: '0 3 * * *', bundle: uet/nightly.yaml, max_cost_usd: 2 }
`;
const at = (iso: string) => Date.parse(iso);

async function scheduled(config = CONFIG, bundle: string | undefined = NIGHTLY) {
  h = await setup({ config });
  if (bundle !== undefined) h.mainSha = h.fake.state.commitFiles('main', { 'uet/nightly.yaml': bundle });
  return h;
}
/** One reconciler pass of a replica: its own scope (its own ids), on the shared simulated GitHub. */
const pass = async () => reconcileRepo(await scopeFor(h!));
const claims = () => [...h!.fake.state.refs.keys()].filter((r) => r.startsWith('refs/uet/claims/schedule-')).sort();
const setClock = (iso: string) => h!.clock.advance(at(iso) - h!.clock.now());

describe('schedules (ADR 0026): each due slot starts exactly once', () => {
  it('across two replicas racing for one slot and a restart, and never catches up more than the last missed slot', async () => {
    await scheduled();
    await pass(); // 2026-03-01 10:00: the first sight is a baseline, it runs nothing
    expect(claims()).toEqual(['refs/uet/claims/schedule-nightly-20260301T0300Z']);
    expect(h!.runIds()).toEqual([]);

    setClock('2026-03-02T03:02:00Z');
    // Both replicas decide to start the slot; the first claim waits until the second replica's arrives too.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let creates = 0;
    h!.fake.holdRequest = (key, method) => {
      if (method !== 'POST' || key !== 'POST /repos/{owner}/{repo}/git/refs') return undefined;
      if (++creates === 2) release();
      return creates === 1 ? gate : undefined;
    };
    await Promise.all([pass(), pass()]);
    delete h!.fake.holdRequest;
    expect(creates).toBeGreaterThanOrEqual(2);
    expect(h!.runIds()).toHaveLength(1);
    const [runId] = h!.runIds();
    expect(h!.events(runId!)[0]).toMatchObject({
      type: 'run_created',
      data: { origin: { kind: 'scheduled', actor: 'schedule:nightly', ref: 'refs/heads/main', sha: h!.mainSha, delivery_id: 'schedule-nightly-20260302T0300Z' } },
    });
    expect(h!.events(runId!)[0]!.data).toMatchObject({ bundle: { max_cost_usd: 2 } });
    expect(h!.fake.state.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({ head_sha: h!.mainSha, external_id: runId });
    expect(h!.fake.state.dispatches.map((d) => d.inputs.step_id)).toEqual(['s1']);

    await h!.restart();
    await pass();
    h!.clock.advance(5 * 60_000);
    await pass();
    expect(h!.runIds()).toHaveLength(1);

    setClock('2026-03-09T12:00:00Z'); // a week down: one run, for the slot of 03-09 only
    await pass();
    await pass();
    expect(h!.runIds()).toHaveLength(2);
    const newest = h!.runIds().find((id) => id !== runId)!;
    expect(h!.events(newest)[0]).toMatchObject({ data: { origin: { delivery_id: 'schedule-nightly-20260309T0300Z' } } });
    // The claims older than the two newest are gone.
    expect(claims()).toEqual(['refs/uet/claims/schedule-nightly-20260302T0300Z', 'refs/uet/claims/schedule-nightly-20260309T0300Z']);
  });

  it('the run shows like any other: its result PR into the base, the progress comment on that PR', async () => {
    await scheduled();
    await pass();
    setClock('2026-03-02T03:00:30Z');
    await pass();
    const [runId] = h!.runIds();
    await h!.finish('s1', 1, { ok: true, files: { 'swept.txt': 'swept\n' } });
    expect(h!.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    const pr = [...h!.fake.state.pulls.values()].find((p) => p.head.ref === `uet/run/${runId}`)!;
    expect(pr).toMatchObject({ base: { ref: 'main' } });
    const sticky = h!.fake.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`));
    expect(sticky.map((c) => c.issue)).toEqual([pr.number]);
    expect(h!.fake.state.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({ status: 'completed', conclusion: 'success', head_sha: h!.mainSha });
    expect([...h!.fake.state.refs.keys()].filter((r) => r.startsWith('refs/uet/active/'))).toEqual([]);
  });

  it('a scheduled run is canceled from its check\'s "Cancel run" button (it has no pull request or issue for /uet cancel)', async () => {
    await scheduled();
    await pass();
    setClock('2026-03-02T03:00:30Z');
    await pass();
    const [runId] = h!.runIds();
    const check = () => h!.fake.state.checkRuns.find((c) => c.name === 'UET run')!;
    expect((check().actions as { identifier: string }[]).map((a) => a.identifier)).toEqual(['cancel_run']);
    await h!.receive(
      'check_run',
      checkRunEvent(repoFacts(h!), 'requested_action', {
        id: check().id,
        externalId: runId!,
        sender: 'alice',
        appId: APP_ID,
        identifier: 'cancel_run',
        headSha: h!.mainSha,
      }),
    );
    expect(h!.events(runId!).map((e) => e.type)).toContain('run_cancel_requested');
    await h!.finish('s1', 1, { ok: true, files: { 'swept.txt': 'swept\n' } });
    expect(h!.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'canceled' } });
    expect(check()).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect([...h!.fake.state.pulls.values()].filter((p) => p.head.ref === `uet/run/${runId}`)).toEqual([]);
  });

  it('a replica that died between its claim and the run is made good by the next pass, with the claimed run id', async () => {
    await scheduled();
    await pass();
    setClock('2026-03-02T03:01:00Z');
    const scope = await scopeFor(h!);
    const runId = createUlidSource(h!.clock).newId();
    await claimTrigger(scope.gh, scope.repo, 'schedule-nightly-20260302T0300Z', 'dead-replica', runId);
    await pass();
    expect(h!.runIds()).toEqual([runId]);
    await pass();
    expect(h!.runIds()).toEqual([runId]);
  });

  it('require_approval for schedules: the run waits, approved by its id from any issue', async () => {
    await scheduled(`${CONFIG}require_approval:\n  for: [schedule]\n  approvers: [alice]\n`);
    await pass();
    setClock('2026-03-02T03:00:30Z');
    await pass();
    const [runId] = h!.runIds();
    expect(h!.events(runId!).map((e) => e.type)).toEqual(['run_created', 'approval_required']);
    expect(h!.fake.state.checkRuns.find((c) => c.name === 'UET run')!.output?.summary).toContain(`/uet approve ${runId}`);
    expect(h!.fake.state.dispatches).toEqual([]);
    await comment(h!, `/uet approve ${runId}`, { sender: 'alice' });
    expect(h!.events(runId!).map((e) => e.type)).toContain('run_started');
    expect(h!.fake.state.dispatches.map((d) => d.inputs.step_id)).toEqual(['s1']);
  });
});

describe('schedules that cannot start say so, and start nothing', () => {
  it('a bad cron: a failed "UET schedules" check on the default branch head names the schedule and the pointer', async () => {
    await scheduled(`schedules:\n  - { id: nightly, cron: '61 3 * * *', bundle: uet/nightly.yaml }\n`);
    await pass();
    await pass();
    const checks = h!.fake.state.checkRuns.filter((c) => c.name === 'UET schedules');
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ head_sha: h!.mainSha, status: 'completed', conclusion: 'failure' });
    expect(checks[0]!.output?.summary).toContain('/schedules/0/cron: schedule "nightly": cron');
    expect(claims()).toEqual([]);
    expect(h!.runIds()).toEqual([]);
  });

  it('an unknown bundle: the slot is claimed (it fires once), the check says which schedule and file, no run', async () => {
    await scheduled(CONFIG.replace('uet/nightly.yaml', 'uet/missing.yaml'));
    await pass();
    setClock('2026-03-02T03:00:30Z');
    await pass();
    await pass();
    const checks = h!.fake.state.checkRuns.filter((c) => c.name === 'UET schedules');
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ head_sha: h!.mainSha, conclusion: 'failure' });
    expect(checks[0]!.output?.summary).toContain('schedule "nightly", bundle uet/missing.yaml');
    expect(h!.runIds()).toEqual([]);
    expect(h!.fake.state.dispatches).toEqual([]);
  });

  it('a bundle naming a runner class .github/uet.yml does not map starts nothing', async () => {
    await scheduled(CONFIG, NIGHTLY.replace('tool_profile_id: shell,', 'tool_profile_id: shell, runs_on: gpu,'));
    await pass();
    setClock('2026-03-02T03:00:30Z');
    await pass();
    expect(h!.fake.state.checkRuns.find((c) => c.name === 'UET schedules')!.output?.summary).toContain('runner class "gpu" is not in .github/uet.yml runners');
    expect(h!.runIds()).toEqual([]);
  });
});
