import type { AppConfigResult } from '../config/validate-app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { readBaseHead } from '../run/read-base-head.js';
import { reconcileSchedules } from './reconcile-schedules.js';
import { reportScheduleProblem } from './report-schedule-problem.js';

/**
 * The schedules of the default branch's `.github/uet.yml`. A configuration that does not validate starts no
 * schedule; when its problems concern schedules (a bad cron, a duplicate id), a failed "UET schedules" check on the
 * default branch's head names each with its JSON pointer (once per commit), and the log says so too.
 */
export async function reconcileConfigSchedules(scope: RepoScope, config: AppConfigResult): Promise<void> {
  if (config.ok) {
    await reconcileSchedules(scope, config.value);
    return;
  }
  const issues = config.issues.filter((i) => i.pointer.startsWith('/schedules'));
  if (!issues.length) return;
  const head = await readBaseHead(scope, `refs/heads/${scope.defaultBranch}`);
  const problems = config.issues.map((i) => `.github/uet.yml ${i.pointer || '/'}: ${i.message}`);
  if (head === undefined) scope.log.error(`uet: ${scope.fullName}: schedules not started: ${problems.join('; ')}`);
  else await reportScheduleProblem(scope, head, 'config', 'No schedule starts: .github/uet.yml is invalid', problems);
}
