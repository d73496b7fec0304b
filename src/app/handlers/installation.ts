import type { Context } from 'probot';
import { onboardRepositories } from '../onboarding/onboard-repositories.js';
import type { AppServices } from '../scope/repo-scope.js';

type InstallationContext = Context<'installation.created'> | Context<'installation_repositories.added'>;

/**
 * `installation.created` and `installation_repositories.added`: onboard each repository the app was given (ADR
 * 0022). A repository without UET gets one onboarding PR; one with UET, or with an onboarding PR in any state, is
 * left alone.
 */
export function handleInstallation(services: AppServices) {
  return async (context: InstallationContext): Promise<void> => {
    const payload = context.payload;
    const listed =
      'repositories_added' in payload ? payload.repositories_added : (payload.repositories ?? []);
    const all =
      !('repositories_added' in payload) &&
      payload.installation.repository_selection === 'all' &&
      payload.repositories === undefined;
    await onboardRepositories(context.octokit, context.log, services, {
      deliveryId: context.id,
      repositories: listed.map((r) => r.full_name),
      listAll: all,
    });
  };
}
