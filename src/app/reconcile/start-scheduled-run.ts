import { SCHEDULE_SUBJECT } from '../../adapters/github/ledger-layout.js';
import { requirementsOf } from '../../core/run/index.js';
import { slotKey } from '../../core/schedule/index.js';
import { capBudget, loadBundleAt, lowestParallel } from '../commands/load-bundle-for-run.js';
import type { AppConfig } from '../config/app-config.js';
import type { ScheduleConfig } from '../config/automation-config.js';
import { approvalNeeded } from '../run/approval-needed.js';
import { readBaseHead } from '../run/read-base-head.js';
import { startRun } from '../run/start-run.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { reportScheduleProblem } from './report-schedule-problem.js';

/** Who a scheduled run was asked by: no person (the approval's requester, the origin's actor). */
export const scheduleActor = (id: string) => `schedule:${id}`;

/**
 * Starts the run of a schedule's claimed slot like any other run (ADR 0026): pinned to the head of its base (default:
 * the default branch), the bundle read there, the budget capped by `.github/uet.yml` budgets and the schedule's
 * max_cost_usd, the runner classes and the approval of `.github/uet.yml`, its "UET run" check on that commit and its
 * result PR into the base (the progress comment goes on that PR). A missing base or a bundle that cannot run starts
 * nothing: a failed "UET schedules" check on the commit says why.
 */
export async function startScheduledRun(scope: RepoScope, config: AppConfig, schedule: ScheduleConfig, runId: string, slot: number): Promise<void> {
  const base = schedule.base ?? scope.defaultBranch;
  const ref = `refs/heads/${base}`;
  const sha = await readBaseHead(scope, ref);
  const problemAt = sha ?? (await readBaseHead(scope, `refs/heads/${scope.defaultBranch}`));
  const fail = (problems: string[]) =>
    problemAt === undefined
      ? Promise.resolve(scope.log.error(`uet: ${scope.fullName}: schedule ${schedule.id}: ${problems.join('; ')}`))
      : reportScheduleProblem(scope, problemAt, schedule.id, `Schedule ${schedule.id} started nothing`, problems);
  if (sha === undefined) return fail([`schedule "${schedule.id}": its base branch \`${base}\` does not exist`]);
  const loaded = await loadBundleAt(scope, schedule.bundle, sha);
  if (!loaded.ok) return fail(loaded.problems.map((p) => `schedule "${schedule.id}", bundle ${schedule.bundle} at ${sha.slice(0, 12)}: ${p}`));
  const requires = requirementsOf(schedule.bundle, config.requirements);
  if (requires.length)
    return fail([`schedule "${schedule.id}": .github/uet.yml requires ${requires.join(' and ')} of the pull request ${schedule.bundle} runs on, and a scheduled run has none`]);
  let bundle = capBudget(loaded.bundle, config);
  if (schedule.max_cost_usd !== undefined && !(bundle.max_cost_usd !== undefined && bundle.max_cost_usd <= schedule.max_cost_usd))
    bundle = { ...bundle, max_cost_usd: schedule.max_cost_usd };
  const maxParallel = lowestParallel(config.max_parallel, bundle.max_parallel);
  const actor = scheduleActor(schedule.id);
  const approval = approvalNeeded(config, { kind: 'schedule', requester: actor, baseSha: sha, baseRef: ref });
  const started = await startRun(scope, {
    runId,
    bundle,
    options: { ...(maxParallel !== undefined ? { max_parallel: maxParallel } : {}), bundle_path: schedule.bundle },
    origin: { kind: 'scheduled', actor, repository: scope.fullName, ref, sha, delivery_id: `schedule-${schedule.id}-${slotKey(slot)}` },
    subject: SCHEDULE_SUBJECT,
    config,
    ...(approval ? { approval } : {}),
  });
  if (!started.ok) await fail([`schedule "${schedule.id}": ${started.message}`]);
}
