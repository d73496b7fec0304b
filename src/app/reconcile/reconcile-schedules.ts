import { claimTrigger } from '../../adapters/github/claim-trigger.js';
import { ledgerRef, triggerClaimRef } from '../../adapters/github/ledger-layout.js';
import { claimedSlots, decideScheduleSlot, parseCron, scheduleClaimKey, staleSlots } from '../../core/schedule/index.js';
import type { AppConfig } from '../config/app-config.js';
import type { ScheduleConfig } from '../config/automation-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { startScheduledRun } from './start-scheduled-run.js';

const CLAIMS = 'uet/claims/schedule-';
/** How long after its slot a claim whose run never got a ledger (a replica died in between) is still started. */
export const RECOVER_WITHIN_MS = 60 * 60_000;

const field = (text: string, name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(text)?.[1]?.trim();

/**
 * The schedules of `.github/uet.yml` (ADR 0026), on each reconciler pass: for each schedule, the latest slot due
 * (decideScheduleSlot: never more than the last missed one, a first sight is a baseline that runs nothing) is
 * claimed atomically (`refs/uet/claims/schedule-<id>-<slot>`, a create GitHub refuses when it exists, naming the
 * run id), so that of any number of replicas and restarts exactly one starts it. A claim whose run has no ledger
 * yet (the claimer died before creating it) is started by the next pass, with the claimed run id, within an hour
 * of its slot (startRun is safe to repeat for one run id). Old claims are deleted (the two newest stay).
 * One read (the claims) when nothing is due.
 */
export async function reconcileSchedules(scope: RepoScope, config: AppConfig): Promise<void> {
  if (!config.schedules.length) return;
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { ...scope.repo, ref: CLAIMS });
  const claims = new Map(data.map((r) => [r.ref.slice('refs/uet/claims/'.length), r.object.sha]));
  const now = scope.clock.now();
  for (const schedule of config.schedules) {
    try {
      await reconcileSchedule(scope, config, schedule, claims, now);
    } catch (error) {
      scope.log.error(`uet: ${scope.fullName}: schedule ${schedule.id} failed: ${(error as Error).message}`);
    }
  }
}

async function reconcileSchedule(
  scope: RepoScope,
  config: AppConfig,
  schedule: ScheduleConfig,
  claims: ReadonlyMap<string, string>,
  now: number,
): Promise<void> {
  const cron = parseCron(schedule.cron);
  if (!cron.ok) return; // validateAppConfig refused it already: the configuration is reported as a whole
  const claimed = claimedSlots(schedule.id, [...claims.keys()]);
  const decision = decideScheduleSlot({ cron: cron.cron, now, claimed });
  if (decision.kind === 'none') {
    await recoverNewest(scope, config, schedule, claims, claimed, now);
    await dropStale(scope, schedule.id, claimed);
    return;
  }
  const key = scheduleClaimKey(schedule.id, decision.slot);
  const runId = decision.kind === 'start' ? scope.ids.newId() : 'none';
  // The delivery id names this replica's attempt: another replica's claim of the same slot is a duplicate.
  const claim = await claimTrigger(scope.gh, scope.repo, key, `${key}/${scope.ids.newId()}`, runId);
  if (claim.status === 'duplicate' || decision.kind === 'baseline') return;
  await startScheduledRun(scope, config, schedule, claim.runId, decision.slot);
}

/** Starts the newest claimed slot's run if its claimer died before creating it (no ledger), within the hour. */
async function recoverNewest(
  scope: RepoScope,
  config: AppConfig,
  schedule: ScheduleConfig,
  claims: ReadonlyMap<string, string>,
  claimed: readonly number[],
  now: number,
): Promise<void> {
  if (!claimed.length) return;
  const slot = Math.max(...claimed);
  if (now - slot > RECOVER_WITHIN_MS) return;
  const sha = claims.get(scheduleClaimKey(schedule.id, slot))!;
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...scope.repo, commit_sha: sha });
  const runId = field(data.message, 'UET-Run');
  if (runId === undefined || runId === 'none') return;
  const { data: refs } = await scope.gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { ...scope.repo, ref: ledgerRef(runId) });
  if (refs.some((r) => r.ref === `refs/${ledgerRef(runId)}`)) return;
  await startScheduledRun(scope, config, schedule, runId, slot);
}

/** Deletes claims older than the two newest of a schedule: they can never be due again. Best effort. */
async function dropStale(scope: RepoScope, id: string, claimed: readonly number[]): Promise<void> {
  for (const slot of staleSlots(claimed)) {
    try {
      await scope.gh.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...scope.repo, ref: triggerClaimRef(scheduleClaimKey(id, slot)) });
    } catch (error) {
      scope.log.warn(`uet: ${scope.fullName}: could not delete the claim of ${id} at ${new Date(slot).toISOString()}: ${(error as Error).message}`);
    }
  }
}

