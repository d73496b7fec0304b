import { actionsRoutes } from './actions-routes.js';
import { checkRunRoutes } from './check-run-routes.js';
import { compareRoutes } from './compare-routes.js';
import type { GitHubRoute } from './github-route.js';
import type { GitHubState } from './github-state.js';
import { issueRoutes } from './issue-routes.js';
import { reviewRoutes } from './review-routes.js';

/**
 * Every route but git's writes and contents: the same for each harness, whatever git storage (read through
 * `state.git`) and transport it brings.
 */
export const githubRoutes: Record<string, GitHubRoute<GitHubState>> = {
  ...issueRoutes,
  ...checkRunRoutes,
  ...actionsRoutes,
  ...compareRoutes,
  ...reviewRoutes,
};
