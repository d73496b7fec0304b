import type { ApplicationFunction, Context, Probot } from 'probot';
import { createMutex, type Mutex } from '../adapters/create-mutex.js';
import { createSystemClock } from '../adapters/system-clock.js';
import { createUlidSource } from '../adapters/ulid-source.js';
import type { Clock, IdSource } from '../core/ports.js';
import { handleCheckRun } from './handlers/check-run.js';
import { handleInstallation } from './handlers/installation.js';
import { handleIssueComment } from './handlers/issue-comment.js';
import { handleIssuesLabeled } from './handlers/issues-labeled.js';
import { handlePullRequest } from './handlers/pull-request.js';
import { handlePullRequestReview, handlePullRequestReviewComment } from './handlers/pull-request-review.js';
import { handleWorkflowRun } from './handlers/workflow-run.js';
import { checkResultPolicy, type ResultPolicyCheck } from './policy/check-result-policy.js';
import { reconcileInstallations } from './reconcile/reconcile-installations.js';
import { createWakeTimers } from './reconcile/wake-timers.js';
import { createRefusalLimiter } from './intake/refusal-limiter.js';
import { createKnownCheckRuns } from './run/known-check-runs.js';
import { reportFailure } from './report/report-failure.js';
import type { AppServices } from './scope/repo-scope.js';

export interface UetAppOptions {
  /** The app's own id, to recognise its own comments and check runs. */
  readonly appId?: number;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  readonly checkPolicy?: ResultPolicyCheck;
  /** The reconciler's period in ms (it also runs once at start-up); 0 turns it off (tests). */
  readonly reconcileIntervalMs?: number;
  /** In-process timers that advance a run when a retry falls due (a cache: the reconciler is the guarantee). */
  readonly wakeTimers?: boolean;
  /** The app's slug, when known; otherwise read once with GET /app (its @mention starts requests in plain words). */
  readonly appSlug?: string;
}

/**
 * The app's slug, read once per process as the app itself (GET /app, its JWT), unless given. A failed read is tried
 * again at the next use; until then there is no @mention to recognise (the trigger_phrase still works).
 */
function slugOnce(app: Probot, known: string | undefined): () => Promise<string | undefined> {
  let slug: Promise<string | undefined> | undefined = known !== undefined ? Promise.resolve(known) : undefined;
  return () =>
    (slug ??= app
      .auth()
      .then((gh) => gh.request('GET /app'))
      .then((r) => r.data?.slug ?? undefined)
      .catch((error: unknown) => {
        app.log.warn(`uet: could not read the app's slug (GET /app): ${(error as Error).message}`);
        slug = undefined;
        return undefined;
      }));
}

/** The Probot app: registers one handler per webhook and starts the reconciler. */
export function createUetApp(options: UetAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const clock = options.clock ?? createSystemClock();
    const locks = new Map<string, Mutex>();
    const base = {
      ...(options.appId !== undefined ? { appId: options.appId } : {}),
      clock,
      // Per app instance, as a replica's would be: two loaded apps model two replicas (ADR 0010).
      lock: (key: string) => locks.get(key) ?? locks.set(key, createMutex()).get(key)!,
      ids: options.ids ?? createUlidSource(clock),
      checkPolicy: options.checkPolicy ?? checkResultPolicy,
      refusals: createRefusalLimiter(clock),
      appSlug: slugOnce(app, options.appSlug),
      checkRuns: createKnownCheckRuns(clock),
    };
    const services: AppServices =
      options.wakeTimers === false ? base : { ...base, wake: createWakeTimers(clock) };
    const guard =
      <C extends Context>(name: string, handler: (context: C) => Promise<void>) =>
      async (context: C) => {
        try {
          await handler(context);
        } catch (error) {
          await reportFailure(context, name, error);
          throw error;
        }
      };
    app.on('issue_comment.created', guard('issue_comment', handleIssueComment(services, options.appId)));
    app.on('issues.labeled', guard('issues.labeled', handleIssuesLabeled(services)));
    app.on('workflow_run.completed', guard('workflow_run', handleWorkflowRun(services)));
    app.on(
      ['check_run.rerequested', 'check_run.requested_action'],
      guard('check_run', handleCheckRun(services, options.appId)),
    );
    app.on(
      'pull_request_review.submitted',
      guard('pull_request_review', handlePullRequestReview(services)),
    );
    app.on(
      'pull_request_review_comment.created',
      guard('pull_request_review_comment', handlePullRequestReviewComment(services)),
    );
    app.on(
      ['pull_request.closed', 'pull_request.synchronize'],
      guard('pull_request', handlePullRequest(services)),
    );
    app.on(
      ['installation.created', 'installation_repositories.added'],
      guard('installation', handleInstallation(services)),
    );
    const every = options.reconcileIntervalMs ?? 5 * 60_000;
    if (every > 0) {
      const pass = () =>
        void reconcileInstallations(app, services).catch((error: unknown) =>
          app.log.error(`uet: reconciler: ${(error as Error).message}`),
        );
      setTimeout(pass, 1_000).unref();
      setInterval(pass, every).unref();
    }
  };
}
