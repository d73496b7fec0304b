import { createCheckRun, findCheckRun } from '../../adapters/github/check-runs.js';
import { code, fitBody, prose } from '../render/markdown.js';
import type { RepoScope } from '../scope/repo-scope.js';

/** The check run where the schedules of `.github/uet.yml` report what keeps them from starting (ADR 0026). */
export const SCHEDULES_CHECK_NAME = 'UET schedules';

/**
 * Reports why schedules start nothing: a failed "UET schedules" check run on the commit the configuration or the
 * bundle was read at (the head of the default branch, or of the schedule's base), once per commit and problem, and
 * the app's log. `key` tells problems apart (the check's external id): `config`, or `<schedule id>`.
 */
export async function reportScheduleProblem(
  scope: RepoScope,
  sha: string,
  key: string,
  title: string,
  problems: readonly string[],
): Promise<void> {
  scope.log.error(`uet: ${scope.fullName}: ${title}: ${problems.join('; ')}`);
  const externalId = `schedules:${key}`;
  if ((await findCheckRun(scope.gh, scope.repo, sha, SCHEDULES_CHECK_NAME, externalId)) !== undefined) return;
  await createCheckRun(scope.gh, scope.repo, {
    name: SCHEDULES_CHECK_NAME,
    headSha: sha,
    externalId,
    status: 'completed',
    conclusion: 'failure',
    completedAt: new Date(scope.clock.now()).toISOString(),
    title: title.slice(0, 200),
    summary: fitBody([
      `${problems.map((p) => `- ${prose(p, 600)}`).join('\n')}\n\nNothing was started. Fix ${code('.github/uet.yml', 40)} (or the bundle) on the default branch: the next slot then runs.`,
    ]),
  });
}
