import type { GitHubClient } from '../../adapters/github/github-client.js';
import { repoScope, type AppLog, type AppServices } from '../scope/repo-scope.js';
import { onboardRepository } from './onboard-repository.js';

/**
 * The most repositories one installation event onboards. Each costs about 20 requests (more for a big tree, at most
 * about 100: ONBOARDING_LIMITS); an installation gets at least 5,000 requests an hour, which the app's runs share.
 * The rest are named in the log; `/uet bootstrap` on any issue of one of them onboards it.
 */
export const MAX_REPOSITORIES_PER_EVENT = 30;

export interface OnboardRepositoriesInput {
  readonly deliveryId: string;
  /** `owner/name` of each repository of the event. */
  readonly repositories: readonly string[];
  /** The event lists none although the installation has every repository: list them. */
  readonly listAll: boolean;
}

/**
 * Onboards the repositories of an installation event, one after the other, each read afresh
 * (`GET /repos/{owner}/{repo}`: the payload has no default branch; archived and disabled ones and forks are
 * skipped). A failure on one does
 * not stop the others; the first is thrown at the end, so that the delivery fails and a redelivery retries (the
 * repositories already onboarded are then left as they are).
 */
export async function onboardRepositories(
  gh: GitHubClient,
  log: AppLog,
  services: AppServices,
  input: OnboardRepositoriesInput,
): Promise<void> {
  let names = [...input.repositories];
  if (input.listAll)
    names = (await gh.paginate('GET /installation/repositories', { per_page: 100 })).map((r) => r.full_name);
  if (names.length > MAX_REPOSITORIES_PER_EVENT) {
    log.warn(
      `uet: onboarding ${MAX_REPOSITORIES_PER_EVENT} of ${names.length} repositories (the cap per installation event); not onboarded: ${names.slice(MAX_REPOSITORIES_PER_EVENT).join(', ')} (comment /uet bootstrap on an issue of one to onboard it)`,
    );
    names = names.slice(0, MAX_REPOSITORIES_PER_EVENT);
  }
  let failure: unknown;
  for (const fullName of names) {
    const [owner = '', repo = ''] = fullName.split('/');
    try {
      const { data } = await gh.request('GET /repos/{owner}/{repo}', { owner, repo });
      // As Renovate does by default: an archived repository cannot take a PR, a fork follows its upstream.
      const skip = data.archived ? 'archived' : data.disabled ? 'disabled' : data.fork ? 'a fork' : undefined;
      if (skip) {
        log.info(
          `uet: onboarding ${fullName}: ${skip}, skipped (comment /uet bootstrap on an issue to onboard it anyway)`,
        );
        continue;
      }
      const scope = repoScope(gh, data, log, services);
      const outcome = await onboardRepository(scope, { trigger: 'install', deliveryId: input.deliveryId });
      log.info(
        `uet: onboarding ${fullName}: ${outcome.status}${'reason' in outcome ? ` (${outcome.reason})` : ''}${'number' in outcome && outcome.number !== undefined ? ` #${outcome.number}` : ''}`,
      );
    } catch (error) {
      log.error(`uet: onboarding ${fullName} failed: ${(error as Error).message}`);
      failure ??= error;
    }
  }
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error('onboarding failed', { cause: failure });
}
