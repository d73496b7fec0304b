import type { Context } from 'probot';
import type { Mutex } from '../../adapters/create-mutex.js';
import type { GitHubClient, RepoRef } from '../../adapters/github/github-client.js';
import type { Clock, IdSource } from '../../core/ports.js';
import type { RefusalLimiter } from '../intake/refusal-limiter.js';
import type { ResultPolicyCheck } from '../policy/check-result-policy.js';
import type { KnownCheckRuns } from '../run/known-check-runs.js';

export type AppLog = Pick<Context['log'], 'info' | 'warn' | 'error' | 'debug'>;

/** What the app is given once, at load: time, ids, the policy re-check and the in-process wake-up cache. */
export interface AppServices {
  /** The app's own id: its comments carry it (`performed_via_github_app`), and so do its check runs. */
  readonly appId?: number;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly checkPolicy: ResultPolicyCheck;
  /** Schedules an early re-advance of a run at a due time (a cache; the reconciler is the guarantee). */
  readonly wake?: (scope: RepoScope, runId: string, at: number) => void;
  /** Senders refused recently, not answered nor looked up again for a while (in memory, per process). */
  readonly refusals?: RefusalLimiter;
  /** This app instance's per-key mutexes (one run's advances take turns); process-wide ones when absent. */
  readonly lock?: (key: string) => Mutex;
  /** The app's slug (its @mention starts a request in plain words): GET /app once per process. */
  readonly appSlug?: () => Promise<string | undefined>;
  /** The check runs this instance knows on each commit (one listing per commit), for the lookup before a create. */
  readonly checkRuns?: KnownCheckRuns;
}

/** One repository of one installation, for the length of one webhook (or one reconciler pass). */
export interface RepoScope extends AppServices {
  readonly gh: GitHubClient;
  readonly repo: RepoRef;
  readonly fullName: string;
  readonly defaultBranch: string;
  readonly htmlUrl: string;
  readonly log: AppLog;
}

interface RepositoryPayload {
  name: string;
  full_name: string;
  default_branch?: string;
  html_url: string;
  owner: { login: string } | null;
}

/** The scope of a webhook's repository. */
export function repoScope(
  gh: GitHubClient,
  repository: RepositoryPayload,
  log: AppLog,
  services: AppServices,
): RepoScope {
  return {
    ...services,
    gh,
    repo: { owner: repository.owner?.login ?? repository.full_name.split('/')[0]!, repo: repository.name },
    fullName: repository.full_name,
    defaultBranch: repository.default_branch ?? 'main',
    htmlUrl: repository.html_url,
    log,
  };
}
