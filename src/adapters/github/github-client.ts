import type { ProbotOctokit } from 'probot';

/** The octokit the adapters call: an installation client from Probot (REST routes typed by @octokit/types). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** A repository, as the REST routes name it. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** The HTTP status of an octokit RequestError, if the error is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Whether a failed request may have reached GitHub and been carried out (a 5xx or a lost connection). */
export function isAmbiguousFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/**
 * Options for a non-idempotent POST: octokit's retry plugin must not repeat it (a retried create can duplicate a
 * comment, a check run or a dispatch). The caller looks the result up by its idempotency key instead.
 */
export const NO_RETRY = { request: { retries: 0 } } as const;
