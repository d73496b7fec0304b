import { afterEach, describe, expect, it } from 'vitest';
import { checkRunEvent } from '../fixtures/github/webhook-payloads.js';
import { APP_ID, repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup } from './support/scenario.js';

let h: (AppHarness & { headSha: string }) | undefined;
afterEach(() => done(h));

async function failedRun() {
  h = await setup();
  await comment(h, '/uet run uet/bundle.yaml');
  const [runId] = h.runIds();
  await h.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'no' });
  await h.finish('c1', 1, { ok: true });
  return runId!;
}

describe('check run buttons', () => {
  it('gives a failed step a "Retry step" button (at most 3 actions), and retries the run when it is clicked', async () => {
    const runId = await failedRun();
    const step = h!.fake.state.checkRuns.find((c) => c.name === 'UET step d1')!;
    expect(step.actions).toEqual([
      { label: 'Retry step', identifier: 'retry_step', description: 'Run this step again' },
    ]);
    const run = h!.fake.state.checkRuns.find((c) => c.name === 'UET run')!;
    expect(run).toMatchObject({ conclusion: 'failure' });
    expect(run.actions.length).toBeLessThanOrEqual(3);
    await h!.receive(
      'check_run',
      checkRunEvent(repoFacts(h!), 'requested_action', {
        id: step.id,
        externalId: step.external_id,
        sender: 'alice',
        appId: APP_ID,
        identifier: 'retry_step',
        headSha: h!.headSha,
      }),
    );
    const second = h!.runIds().find((r) => r !== runId)!;
    expect(h!.events(second)[0]).toMatchObject({
      data: { origin: { kind: 'check_rerun', actor: 'alice', pr_number: 7 } },
    });
  });

  it('reruns on check_run.rerequested of the run check', async () => {
    await failedRun();
    const run = h!.fake.state.checkRuns.find((c) => c.name === 'UET run')!;
    await h!.receive(
      'check_run',
      checkRunEvent(repoFacts(h!), 'rerequested', {
        id: run.id,
        externalId: run.external_id,
        sender: 'wendy',
        appId: APP_ID,
        headSha: h!.headSha,
      }),
    );
    expect(h!.runIds()).toHaveLength(2);
  });

  it('a click replayed under a new delivery id starts no second run; a click on the check as it was written again does', async () => {
    const runId = await failedRun();
    const step = h!.fake.state.checkRuns.find((c) => c.name === 'UET step d1')!;
    const click = checkRunEvent(repoFacts(h!), 'requested_action', {
      id: step.id,
      externalId: step.external_id,
      sender: 'alice',
      appId: APP_ID,
      identifier: 'retry_step',
      headSha: h!.headSha,
    });
    click.check_run.completed_at = '2026-03-01T10:05:00Z';
    await h!.receive('check_run', click, 'click-1');
    expect(h!.runIds()).toHaveLength(2);
    // The same click, replayed with a fresh X-GitHub-Delivery (a new signature is all it takes).
    await h!.receive('check_run', structuredClone(click), 'click-1-replayed');
    await h!.receive('check_run', structuredClone(click), 'click-1-replayed-again');
    expect(h!.runIds()).toHaveLength(2);
    // The run check, completed again by the app (a new completed_at), is clicked again: that is a new click.
    const again = structuredClone(click);
    again.check_run.completed_at = '2026-03-01T11:00:00Z';
    await h!.receive('check_run', again, 'click-2');
    expect(h!.runIds().filter((r) => r !== runId)).toHaveLength(2);
  });

  it("refuses a reader's click after one request, and ignores other apps' check runs", async () => {
    await failedRun();
    const step = h!.fake.state.checkRuns.find((c) => c.name === 'UET step d1')!;
    h!.fake.mark();
    await h!.receive(
      'check_run',
      checkRunEvent(repoFacts(h!), 'requested_action', {
        id: step.id,
        externalId: step.external_id,
        sender: 'rita',
        appId: APP_ID,
        headSha: h!.headSha,
      }),
    );
    expect(h!.fake.requests().map((r) => r.key)).toEqual([
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
    ]);
    h!.fake.mark();
    await h!.receive(
      'check_run',
      checkRunEvent(repoFacts(h!), 'rerequested', {
        id: 1,
        externalId: step.external_id,
        sender: 'alice',
        appId: 1234,
        headSha: h!.headSha,
      }),
    );
    expect(h!.fake.requests()).toEqual([]);
    expect(h!.runIds()).toHaveLength(1);
    expect(replies(h!)).toEqual([]);
  });

  it('a running run\'s check has a "Cancel run" button: a writer\'s click cancels that run, and the button leaves with the run', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const check = () => h!.fake.state.checkRuns.find((c) => c.name === 'UET run' && c.external_id === runId)!;
    expect(check()).toMatchObject({ status: 'in_progress' });
    expect(check().actions).toEqual([{ label: 'Cancel run', identifier: 'cancel_run', description: 'Cancel this run' }]);
    const click = (sender: string, delivery: string) =>
      h!.receive(
        'check_run',
        checkRunEvent(repoFacts(h!), 'requested_action', {
          id: check().id,
          externalId: check().external_id,
          sender,
          appId: APP_ID,
          identifier: 'cancel_run',
          headSha: h!.headSha,
        }),
        delivery,
      );
    // A reader's click: refused after the permission read, nothing recorded.
    await click('rita', 'cancel-by-rita');
    expect(h.events(runId!).some((e) => e.type === 'run_cancel_requested')).toBe(false);
    await click('alice', 'cancel-by-alice');
    expect(h.events(runId!).filter((e) => e.type === 'run_cancel_requested')).toEqual([
      expect.objectContaining({ data: { by: 'alice', reason: 'the "Cancel run" button' } }),
    ]);
    // No retry, no second run: a cancel starts nothing.
    expect(h.runIds()).toEqual([runId]);
    await h.finish('d1', 1, { ok: true });
    await h.finish('c1', 1, { ok: true });
    expect(h.events(runId!).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'canceled' } });
    expect(check()).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect((check().actions as { identifier: string }[]).map((a) => a.identifier)).toEqual(['retry_run']);
  });

  it('attack on "Cancel run": a reader\'s click costs one request and posts nothing, another app\'s check is ignored, a replayed click records one cancel', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const check = h.fake.state.checkRuns.find((c) => c.name === 'UET run' && c.external_id === runId)!;
    const click = (sender: string, appId: number) =>
      checkRunEvent(repoFacts(h!), 'requested_action', { id: check.id, externalId: runId!, sender, appId, identifier: 'cancel_run', headSha: h!.headSha });
    h.fake.mark();
    await h.receive('check_run', click('rita', APP_ID), 'cancel-reader');
    expect(h.fake.requests().map((r) => r.key)).toEqual(['GET /repos/{owner}/{repo}/collaborators/{username}/permission']);
    h.fake.mark();
    await h.receive('check_run', click('alice', 1234), 'cancel-other-app');
    expect(h.fake.requests()).toEqual([]);
    const writer = click('alice', APP_ID);
    await h.receive('check_run', writer, 'cancel-1');
    await h.receive('check_run', structuredClone(writer), 'cancel-1-replayed');
    expect(h.events(runId!).filter((e) => e.type === 'run_cancel_requested')).toHaveLength(1);
    expect(replies(h)).toEqual([]);
    expect(h.runIds()).toEqual([runId]);
  });
});
