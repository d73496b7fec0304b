import type { RepoScope } from '../scope/repo-scope.js';

/**
 * The approver teams (`org/team-slug`) `login` is an active member of, through GitHub's team membership endpoint
 * (`GET /orgs/{org}/teams/{team_slug}/memberships/{username}`: 404 is no member, a pending invitation is not a
 * membership), and the lookups that failed (the app needs the organization's Members: read permission). One read
 * per team approver.
 */
export async function readApproverTeams(
  scope: RepoScope,
  approvers: readonly string[],
  login: string,
): Promise<{ teams: string[]; problems: string[] }> {
  const teams: string[] = [];
  const problems: string[] = [];
  for (const approver of approvers) {
    const [org, slug] = approver.split('/');
    if (org === undefined || slug === undefined) continue;
    try {
      const { data } = await scope.gh.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
        org,
        team_slug: slug,
        username: login,
      });
      if (data.state === 'active') teams.push(approver);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 404) problems.push(`team ${approver} could not be checked: GitHub answered ${status ?? 'nothing'}`);
    }
  }
  return { teams, problems };
}
