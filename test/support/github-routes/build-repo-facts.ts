import type { RepoFacts } from '../../fixtures/github/webhook-payloads.js';
import type { GitHubState } from './github-state.js';

/** The simulated repository as the webhook payload builders want it. */
export const buildRepoFacts = (s: GitHubState): RepoFacts => ({
  owner: s.owner,
  name: s.name,
  fullName: s.fullName,
  htmlUrl: s.htmlUrl,
  defaultBranch: s.defaultBranch,
  installationId: s.installationId,
});
