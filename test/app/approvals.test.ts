import { afterEach, describe, expect, it } from 'vitest';
import { issueCommentCreated, pullRequestEvent } from '../fixtures/github/webhook-payloads.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup, sticky } from './support/scenario.js';

let h: (AppHarness & { headSha: string }) | undefined;
afterEach(() => done(h));

/** wendy (write) asks; alice (admin) and the octo-org/release team may approve. */
const config = (extra = '') => `require_approval:
  for: [run]
  approvers: [alice, octo-org/release]
${extra}`;

async function planned(min = 1, extra = '') {
  h = await setup({ config: config(`  min: ${min}\n${extra}`) });
  h.fake.state.teamMembers.set('octo-org/release', new Map([['mae', 'active'], ['tess', 'pending']]));
  await comment(h, '/uet run uet/bundle.yaml');
  const [runId] = h.runIds();
  return runId!;
}
const types = (runId: string) => h!.events(runId).map((e) => e.type);
const lastReply = () => replies(h!).at(-1) ?? '';

describe('require_approval: a run waits after planning until approvers approve it', () => {
  it('stops after planning with an "awaiting approval" check on the exact base sha, and dispatches nothing', async () => {
    const runId = await planned();
    expect(types(runId)).toEqual(['run_created', 'approval_required']);
    expect(h!.fake.state.dispatches).toEqual([]);
    const check = h!.fake.state.checkRuns.find((c) => c.name === 'UET run')!;
    expect(check).toMatchObject({ head_sha: h!.headSha, status: 'in_progress', external_id: runId });
    expect(check.output?.title).toMatch(/^Awaiting approval/);
    expect(check.output?.summary).toContain(h!.headSha);
    expect(check.output?.summary).toContain('`@alice`');
    expect(sticky(h!, runId)).toContain('**Awaiting approval** (0 of 1)');
  });

  it('an approver starts it: the steps are dispatched and the run check says who approved', async () => {
    const runId = await planned();
    await comment(h!, '/uet approve', { sender: 'alice' });
    expect(types(runId).slice(0, 4)).toEqual(['run_created', 'approval_required', 'approval_granted', 'run_started']);
    expect(h!.events(runId)[2]).toMatchObject({ data: { by: 'alice', base_sha: h!.headSha } });
    expect(h!.fake.state.dispatches.map((d) => d.inputs.step_id).sort()).toEqual(['c1', 'd1']);
    expect(h!.fake.state.checkRuns.find((c) => c.name === 'UET run')!.output?.summary).toContain('approved by @alice');
    expect(lastReply()).toContain('is approved');
  });

  it('a member of an approver team approves through the team membership endpoint', async () => {
    const runId = await planned();
    h!.fake.mark();
    await comment(h!, '/uet approve', { sender: 'mae' });
    expect(h!.fake.requests().map((r) => r.path)).toContain('/orgs/octo-org/teams/release/memberships/mae');
    expect(h!.events(runId)[2]).toMatchObject({ type: 'approval_granted', data: { by: 'mae', team: 'octo-org/release' } });
  });
});

describe('attacks on approvals', () => {
  it('a writer who is no approver is refused, and nothing starts', async () => {
    const runId = await planned();
    h!.fake.state.permissions.set('bob', 'write');
    await comment(h!, '/uet approve', { sender: 'bob' });
    expect(lastReply()).toContain('@bob cannot approve');
    expect(types(runId)).toEqual(['run_created', 'approval_required']);
    expect(h!.fake.state.dispatches).toEqual([]);
  });

  it('a pending team invitation is no membership', async () => {
    const runId = await planned();
    h!.fake.state.permissions.set('tess', 'write');
    await comment(h!, '/uet approve', { sender: 'tess' });
    expect(lastReply()).toContain('@tess cannot approve');
    expect(types(runId)).toEqual(['run_created', 'approval_required']);
  });

  it('the requester cannot approve their own run, even when listed (unless allow_self_approval)', async () => {
    h = await setup({ config: 'require_approval:\n  approvers: [wendy, alice]\n' });
    await comment(h, '/uet run uet/bundle.yaml', { sender: 'wendy' });
    const [runId] = h.runIds();
    await comment(h, '/uet approve', { sender: 'wendy' });
    expect(lastReply()).toContain('the requester of a run cannot approve it');
    expect(types(runId!)).toEqual(['run_created', 'approval_required']);
  });

  it('allow_self_approval lets the requester approve', async () => {
    h = await setup({ config: 'require_approval:\n  approvers: [wendy]\n  allow_self_approval: true\n' });
    await comment(h, '/uet run uet/bundle.yaml', { sender: 'wendy' });
    const [runId] = h.runIds();
    await comment(h, '/uet approve', { sender: 'wendy' });
    expect(types(runId!)).toContain('run_started');
  });

  it('min 2 needs two distinct approvers: the same approver twice counts once', async () => {
    const runId = await planned(2);
    await comment(h!, '/uet approve', { sender: 'alice' });
    await comment(h!, '/uet approve', { sender: 'alice' });
    expect(lastReply()).toContain('(1 of 2)');
    expect(types(runId)).not.toContain('run_started');
    expect(h!.fake.state.dispatches).toEqual([]);
    await comment(h!, '/uet approve', { sender: 'mae' });
    expect(types(runId).filter((t) => t === 'approval_granted')).toHaveLength(2);
    expect(types(runId)).toContain('run_started');
  });

  it('a commenter whose display name is an approver\'s login is not that approver (the login decides)', async () => {
    const runId = await planned();
    h!.fake.state.permissions.set('mallory', 'write');
    const payload = issueCommentCreated(repoFacts(h!), { body: '/uet approve', issue: 7, pr: true, commentId: 4711, sender: 'mallory' });
    payload.comment.created_at = payload.comment.updated_at = new Date(h!.clock.now()).toISOString();
    payload.sender.name = 'alice';
    payload.comment.user.name = 'alice';
    await h!.receive('issue_comment', payload);
    expect(lastReply()).toContain('@mallory cannot approve');
    expect(types(runId)).toEqual(['run_created', 'approval_required']);
  });

  it('a comment edited into `/uet approve` after the fact approves nothing', async () => {
    const runId = await planned();
    const payload = issueCommentCreated(repoFacts(h!), { body: '/uet approve', issue: 7, pr: true, commentId: 4712, sender: 'alice' });
    payload.action = 'edited';
    payload.changes = { body: { from: 'looks good' } };
    await h!.receive('issue_comment', payload);
    expect(types(runId)).toEqual(['run_created', 'approval_required']);
    expect(h!.fake.state.dispatches).toEqual([]);
  });

  it('a push to the base since the plan voids the approval: the run is canceled, nothing runs', async () => {
    const runId = await planned();
    const moved = h!.fake.state.commitFiles('feature', { 'src/more.ts': 'x' });
    await h!.receive('pull_request', pullRequestEvent(repoFacts(h!), 'synchronize', { number: 7, headSha: moved, sender: 'wendy' }));
    expect(h!.events(runId).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'canceled', reason: 'approval_voided' } });
    expect(types(runId)).toContain('approval_voided');
    await comment(h!, '/uet approve', { sender: 'alice' });
    expect(lastReply()).toContain('No UET run waits for approval here');
    expect(h!.fake.state.dispatches).toEqual([]);
  });

  it('a push the app never heard of still voids it: the approval compares the base with the planned sha', async () => {
    const runId = await planned();
    h!.fake.state.commitFiles('feature', { 'src/more.ts': 'x' }); // no webhook delivered
    await comment(h!, '/uet approve', { sender: 'alice' });
    expect(lastReply()).toContain('the approval is void and the run is canceled');
    expect(types(runId)).not.toContain('approval_granted');
    expect(h!.events(runId).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'canceled' } });
    expect(h!.fake.state.dispatches).toEqual([]);
  });

  it('`/uet approve <sha>` stays the fork-result approval; `/uet approve <run id>` names a waiting run', async () => {
    const runId = await planned();
    await comment(h!, `/uet approve ${h!.headSha}`, { sender: 'alice' });
    expect(lastReply()).toContain('this pull request has no fork run to approve');
    expect(types(runId)).toEqual(['run_created', 'approval_required']);
    await comment(h!, `/uet approve ${runId.toLowerCase()}`, { sender: 'alice' });
    expect(types(runId)).toContain('approval_granted');
  });
});
