import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rawExamples } from '../fixtures/github/webhook-payloads.js';
import { createAppHarness, type AppHarness } from '../app/support/app-harness.js';
import { seedRepo } from '../app/support/seed-repo.js';
import { recordConformance } from '../support/conformance/record-conformance.js';
import { validateWebhook } from '../support/conformance/webhook-schema.js';

/**
 * The events the app receives: those app.yml subscribes to, and the installation events every GitHub App gets.
 * Each of their examples in @octokit/webhooks-examples is delivered to the app as it is, unmodified (the harness's
 * schema check is bypassed: some of GitHub's own examples break its own schema, and the app must survive them too).
 */
const subscribed = (
  parse(readFileSync(join(import.meta.dirname, '../../app.yml'), 'utf8')) as { default_events: string[] }
).default_events;
const EVENTS = [...subscribed, 'installation', 'installation_repositories'];

/** Whether an error is GitHub's answer (an HTTP status from Octokit), alone or among a handler's errors. */
function answeredByGitHub(error: unknown): boolean {
  const all = error instanceof AggregateError ? error.errors : [error];
  return all.every((e) => typeof (e as { status?: unknown } | null)?.status === 'number');
}

let h: AppHarness | undefined;
afterAll(() => h?.close());

describe('the app on every raw example of the events it receives (@octokit/webhooks-examples, unmodified)', () => {
  it.each(EVENTS)('%s: no crash, and no request outside GitHub’s REST description', async (name) => {
    h ??= await createAppHarness();
    seedRepo(h.fake.state);
    const examples = rawExamples(name);
    // The examples come from other installations: GitHub would hand this app tokens for them.
    for (const x of examples) {
      const id = (x as { installation?: { id?: number } }).installation?.id;
      if (id !== undefined) h.fake.state.otherInstallations.add(id);
    }
    expect(examples.length).toBeGreaterThan(0);
    const crashes: string[] = [];
    const refused: string[] = [];
    const before = h.fake.violations.length;
    const requests = h.fake.log.length;
    for (const [i, payload] of examples.entries()) {
      try {
        await h.probot.receive({ id: `raw-${name}-${i}`, name, payload } as Parameters<
          AppHarness['probot']['receive']
        >[0]);
      } catch (error) {
        const line = `${name}.${(payload as { action?: string }).action ?? ''}[${i}]: ${(error as Error).message}`;
        // The examples name repositories (Codertocat/Hello-World…) this one-repository simulation does not hold:
        // GitHub's answer to a request about them is a 404, and a handler may report its delivery failed on it.
        // Anything else (a TypeError on the payload's shape…) is a crash.
        (answeredByGitHub(error) ? refused : crashes).push(line);
      }
    }
    const violations = h.fake.violations.slice(before);
    const verdicts = examples
      .map((x) => validateWebhook(name, x))
      .filter((p) => !/no schema compiled/.test(p[0] ?? ''));
    const invalid = verdicts.filter((p) => p.length > 0).length;
    recordConformance(
      `webhooks: ${examples.length} raw ${name} examples to the app (of the ${verdicts.length} with a compiled schema, ${invalid} break it; ${refused.length} deliveries failed on GitHub's 404 for a repository the simulation does not hold)`,
      {
        requests: h.fake.log.length - requests,
        requests_outside_description: violations.length,
      },
      [...crashes, ...violations],
    );
    expect(crashes).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('a control: an error that is not GitHub’s answer counts as a crash', async () => {
    h ??= await createAppHarness();
    const broken = { ...rawExamples('issue_comment', 'created')[3], comment: null };
    const error = await h.probot.receive({ id: 'raw-broken', name: 'issue_comment', payload: broken }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(answeredByGitHub(error)).toBe(false);
  });
});
