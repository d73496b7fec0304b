import { afterEach, describe, expect, it } from 'vitest';
import {
  checkRunEvent,
  EXAMPLE_REPO,
  issueCommentCreated,
  issuesLabeled,
  pullRequestEvent,
  rawExamples,
  workflowJobCompleted,
  workflowRunCompleted,
} from '../fixtures/github/webhook-payloads.js';
import { createAppHarness, type AppHarness } from '../app/support/app-harness.js';
import { createWebhookSender } from '../e2e/support/webhook-sender.js';
import { recordConformance } from '../support/conformance/record-conformance.js';
import { validateWebhook } from '../support/conformance/webhook-schema.js';

const repo = EXAMPLE_REPO;
const SHA = 'a'.repeat(40);

/** Every payload builder, over the values its options take in the tests. */
function builtPayloads(): [string, string, unknown][] {
  const out: [string, string, unknown][] = [];
  for (const pr of [true, false])
    for (const sender of ['wendy', 'renovate[bot]'])
      for (const viaAppId of [undefined, 777])
        out.push([
          `issue_comment.created pr=${pr} sender=${sender} via=${viaAppId}`,
          'issue_comment',
          issueCommentCreated(repo, {
            body: '/uet run uet/bundle.yaml',
            issue: 7,
            pr,
            commentId: 11,
            sender,
            ...(viaAppId ? { viaAppId } : {}),
          }),
        ]);
  for (const updatedAt of [undefined, '2026-03-01T10:00:00Z'])
    out.push([
      `issues.labeled updatedAt=${updatedAt}`,
      'issues',
      issuesLabeled(repo, {
        issue: 3,
        label: 'uet',
        body: '```yaml\nx: 1\n```',
        sender: 'wendy',
        ...(updatedAt ? { updatedAt } : {}),
      }),
    ]);
  for (const conclusion of ['success', 'failure', 'cancelled', 'timed_out', 'startup_failure'])
    out.push([
      `workflow_run.completed ${conclusion}`,
      'workflow_run',
      workflowRunCompleted(repo, {
        id: 99,
        runName: 'uet:01JQ0000000000000000000000:gate:code:unit:2',
        conclusion,
      }),
    ]);
  out.push([
    'workflow_run.completed other workflow',
    'workflow_run',
    workflowRunCompleted(repo, {
      id: 98,
      runName: 'CI',
      conclusion: 'success',
      workflow: 'ci.yml',
      htmlUrl: `${repo.htmlUrl}/actions/runs/98`,
    }),
  ]);
  out.push([
    'workflow_job.completed',
    'workflow_job',
    workflowJobCompleted(repo, { name: 'integrate', conclusion: 'success', runId: 99 }),
  ]);
  for (const action of ['rerequested', 'requested_action'] as const)
    out.push([
      `check_run.${action}`,
      'check_run',
      checkRunEvent(repo, action, {
        id: 5,
        externalId: 'uet:01JQ0000000000000000000000',
        sender: 'wendy',
        appId: 777,
        headSha: SHA,
      }),
    ]);
  for (const action of ['closed', 'synchronize'] as const)
    out.push([
      `pull_request.${action}`,
      'pull_request',
      pullRequestEvent(repo, action, { number: 7, headSha: SHA, sender: 'wendy' }),
    ]);
  return out;
}

let h: AppHarness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe('webhook payloads against GitHub’s webhook schemas (@octokit/openapi-webhooks)', () => {
  it('every payload the builders make validates against its event and action', () => {
    const all = builtPayloads();
    const problems = all.flatMap(([label, name, payload]) =>
      validateWebhook(name, payload).map((p) => `${label}: ${p}`),
    );
    recordConformance(
      'webhooks: every payload builder, every variant',
      {
        payloads: all.length,
        payloads_invalid: new Set(problems.map((p) => p.split(':')[0])).size,
      },
      problems,
    );
    expect(problems).toEqual([]);
  });

  it('the checker rejects the examples the issue found broken, so the builders start from valid ones instead', () => {
    const first = (name: string, action: string) =>
      validateWebhook(name, rawExamples(name, action)[0]).join('\n');
    expect(first('issue_comment', 'created')).toMatch(
      /\/comment must have required property 'performed_via_github_app'/,
    );
    expect(first('workflow_run', 'completed')).toMatch(
      /\/workflow_run must have required property 'actor'[\s\S]*triggering_actor/,
    );
    for (const x of rawExamples('check_run', 'rerequested'))
      expect(validateWebhook('check_run', x)).not.toEqual([]);
    for (const x of rawExamples('pull_request', 'synchronize'))
      expect(validateWebhook('pull_request', x)).not.toEqual([]);
    // The old issue_comment builder: an empty diff_url and a partial performed_via_github_app.
    const old = issueCommentCreated(repo, { body: 'x', issue: 7, pr: true, commentId: 1, sender: 'wendy' });
    old.issue.pull_request.diff_url = '';
    old.comment.performed_via_github_app = { id: 777, slug: 'uet-app' };
    const oldProblems = validateWebhook('issue_comment', old).join('\n');
    expect(oldProblems).toMatch(/\/issue\/pull_request\/diff_url must match format "uri"/);
    expect(oldProblems).toMatch(/\/comment\/performed_via_github_app must have required property 'owner'/);
    expect(validateWebhook('issue_comment', { action: 'exploded' })).toEqual([
      expect.stringMatching(/no schema compiled/),
    ]);
  });

  it('the app harness refuses to deliver a payload GitHub could not send, before the app sees it', async () => {
    h = await createAppHarness();
    const bad = issueCommentCreated(repo, {
      body: '/uet run x',
      issue: 7,
      pr: true,
      commentId: 1,
      sender: 'wendy',
    });
    delete bad.comment.user;
    await expect(h.receive('issue_comment', bad)).rejects.toThrow(
      /webhook schema[\s\S]*\/comment must have required property 'user'/,
    );
    expect(h.fake.log).toEqual([]);
  });

  it('the end-to-end webhook sender refuses it too, and records it as a violation of the run', async () => {
    const violations: string[] = [];
    const sender = createWebhookSender('http://127.0.0.1:9/unused', 'secret', violations);
    const bad = workflowRunCompleted(repo, { id: 1, runName: 'uet', conclusion: 'success' });
    delete bad.workflow_run.actor;
    await expect(sender.send('workflow_run', bad)).rejects.toThrow(
      /\/workflow_run must have required property 'actor'/,
    );
    expect(violations).toEqual([expect.stringContaining("must have required property 'actor'")]);
    expect(sender.deliveries).toEqual([]);
  });
});
