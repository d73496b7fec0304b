import type { GitHubClient, RepoRef } from './github-client.js';

/**
 * Ruleset rules that mean a branch takes changes only through review or checks: a direct push by UET would go
 * around them (or be refused). Rules about names, history shape or deletion do not.
 */
const GUARDING_RULES = new Set([
  'update',
  'pull_request',
  'required_status_checks',
  'required_signatures',
  'required_deployments',
  'merge_queue',
  'code_scanning',
  'workflows',
]);

/**
 * Whether a branch is protected: classic branch protection (`protected` of GET …/branches/{branch}) or an active
 * ruleset rule that guards its updates (GET …/rules/branches/{branch}, every level: repository and organization).
 * Two reads. Names the reason, for the refusal.
 */
export async function readBranchGuard(
  gh: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<string | undefined> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...repo, branch });
  if (data.protected) return 'it is a protected branch';
  const { data: rules } = await gh.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', {
    ...repo,
    branch,
    per_page: 100,
  });
  const guard = rules.find((r) => GUARDING_RULES.has(r.type));
  return guard ? `a ruleset guards it (rule \`${guard.type}\`)` : undefined;
}
