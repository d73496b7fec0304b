import { fail, type GitHubResponse } from '../../support/github-routes/index.js';

// GITHUB_TOKEN scopes by REST route, from GitHub's "Permissions required for GitHub Apps" (a job token is an
// installation token limited to the job's `permissions:`): the first matching path segment names the scope.
const SCOPES: readonly [RegExp, string][] = [
  [/^\/repos\/[^/]+\/[^/]+\/(git|contents|commits|compare|branches)\b/, 'contents'],
  [/^\/repos\/[^/]+\/[^/]+\/actions\b/, 'actions'],
  [/^\/repos\/[^/]+\/[^/]+\/(check-runs|check-suites)\b/, 'checks'],
  [/^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+\/check-runs\b/, 'checks'],
  [/^\/repos\/[^/]+\/[^/]+\/issues\b/, 'issues'],
  [/^\/repos\/[^/]+\/[^/]+\/pulls\b/, 'pull-requests'],
  [/^\/repos\/[^/]+\/[^/]+\/statuses\b/, 'statuses'],
];

/**
 * What GitHub answers a job token's request its `permissions:` do not grant: 403 "Resource not accessible by
 * integration" for a write without `write` on the route's scope, or a read without `read` or `write`. Undefined
 * when the grant covers it. A route of no listed scope is refused to a job token altogether.
 */
export function refuseUngranted(method: string, path: string, permissions: Record<string, string>): GitHubResponse | undefined {
  const scope = [...SCOPES].reverse().find(([re]) => re.test(path))?.[1];
  const have = scope !== undefined ? permissions[scope] : undefined;
  const ok = method === 'GET' ? have === 'read' || have === 'write' : have === 'write';
  return ok ? undefined : fail(403, 'Resource not accessible by integration');
}
