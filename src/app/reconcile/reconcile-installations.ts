import type { Probot } from 'probot';
import { repoScope, type AppServices } from '../scope/repo-scope.js';
import { reconcileRepo } from './reconcile-repo.js';

/**
 * The reconciler's pass over everything the app is installed on: every installation, every repository it can see,
 * every active run. It runs at start-up and periodically, so that the app needs no state of its own: a restart
 * rebuilds everything from refs, check runs and workflow runs.
 */
export async function reconcileInstallations(app: Probot, services: AppServices): Promise<void> {
  const appClient = await app.auth();
  const installations = await appClient.paginate('GET /app/installations', { per_page: 100 });
  for (const installation of installations) {
    try {
      const gh = await app.auth(installation.id);
      const repos = await gh.paginate('GET /installation/repositories', { per_page: 100 });
      for (const repo of repos) await reconcileRepo(repoScope(gh, repo, app.log, services));
    } catch (error) {
      app.log.error(`uet: reconciling installation ${installation.id} failed: ${(error as Error).message}`);
    }
  }
}
