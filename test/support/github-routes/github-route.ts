import type { ListLimits } from '../../app/support/openapi-conformance.js';
import type { Actor, WorkflowRun } from './github-state.js';

/** A request as a route sees it: already matched to its operation and checked against GitHub's REST description. */
export interface GitHubRequest<S> {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are JSON of any shape
  readonly body: any;
  readonly headers: Record<string, string>;
  readonly actor: Actor;
  /** A runner token's job permissions (undefined for the app, which holds its installation's). */
  readonly permissions?: Record<string, string>;
  readonly state: S;
  /** The API's base URL (https://api.github.com, or http://127.0.0.1:<port>). */
  readonly api: string;
  /** Called once a workflow dispatch is recorded (a simulated runner picks it up). */
  readonly dispatched?: (run: WorkflowRun) => void;
  /** The request's path and query, for the `Link` header of a page. */
  readonly url?: string;
  /** A list operation's page size: `per_page` or its documented default, capped at the documented maximum. */
  readonly perPage?: number;
  /** What one answer lists at most, from the operation's description (compare: 300 files, 250 commits). */
  readonly limits?: ListLimits;
}

export interface GitHubResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** One REST operation of the simulated GitHub, keyed by `METHOD /path/{template}`. */
export type GitHubRoute<S> = (req: GitHubRequest<S>) => Promise<GitHubResponse> | GitHubResponse;

export const ok = (body: unknown, status = 200): GitHubResponse => ({ status, body });
export const fail = (status: number, message: string): GitHubResponse => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest' },
});

export const user = (login: string) => ({
  login,
  id: 1,
  type: login.endsWith('[bot]') ? 'Bot' : 'User',
});

/** Serves a request with its operation's route, or 501 for an operation the simulation does not implement. */
export function serveRoute<S>(
  routes: Record<string, GitHubRoute<S>>,
  key: string,
  req: GitHubRequest<S>,
): Promise<GitHubResponse> | GitHubResponse {
  const route = routes[key];
  return route ? route(req) : fail(501, `the simulated GitHub does not implement ${key}`);
}
